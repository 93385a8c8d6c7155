package io.creatorgov.incentive.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a programme's traffic boost applies to an enrolled creator, and what to announce when that
 * changes. A boost applies while the creator is ENROLLED in an ACTIVE programme with a
 * TRAFFIC_BOOST rule and the programme's window has started and not ended. The recommendation
 * system is told once when it starts applying (GRANTED) and once when it stops (REVOKED): the
 * decision compares what was last announced with whether it applies after the change.
 */
public final class TrafficBoosts {
  private TrafficBoosts() {}

  /** What to announce after a change. */
  public enum Announcement {
    /** The boost starts applying: TRAFFIC_BOOST_GRANTED. */
    GRANT,
    /** The boost stops applying: TRAFFIC_BOOST_REVOKED. */
    REVOKE,
    /** Nothing changes for the recommendation system. */
    NONE
  }

  /** The programme's traffic-boost rule, if it has one. */
  public static Optional<RewardRule.TrafficBoost> rule(List<RewardRule> rewards) {
    return rewards.stream()
        .filter(RewardRule.TrafficBoost.class::isInstance)
        .map(RewardRule.TrafficBoost.class::cast)
        .findFirst();
  }

  /**
   * Whether the boost of a programme with a TRAFFIC_BOOST rule applies to an enrolment at {@code
   * now}.
   */
  public static boolean applies(
      ProgramState program, ProgramWindow window, EnrollmentState enrollment, Instant now) {
    return program == ProgramState.ACTIVE
        && enrollment == EnrollmentState.ENROLLED
        && window.start() != null
        && !now.isBefore(window.start())
        && !window.endedAt(now);
  }

  /**
   * The announcement a change calls for: {@code granted} is whether the last announcement for the
   * enrolment was a grant (false before any), {@code appliesAfter} whether the boost applies after
   * the change.
   */
  public static Announcement decide(boolean granted, boolean appliesAfter) {
    if (appliesAfter == granted) {
      return Announcement.NONE;
    }
    return appliesAfter ? Announcement.GRANT : Announcement.REVOKE;
  }
}
