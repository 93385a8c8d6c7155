package io.creatorgov.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.incentive.domain.TrafficBoosts.Announcement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficBoostsTest {
  private static final Instant START = Instant.parse("2027-03-01T00:00:00Z");
  private static final Instant END = Instant.parse("2027-03-31T00:00:00Z");
  private static final ProgramWindow WINDOW = new ProgramWindow(START, END);
  private static final Instant DURING = START.plusSeconds(3600);

  @Test
  void aBoostAppliesOnlyToAnEnrolledCreatorOfAnActiveProgrammeInsideItsWindow() {
    assertThat(TrafficBoosts.applies(ProgramState.ACTIVE, WINDOW, EnrollmentState.ENROLLED, DURING))
        .isTrue();
    assertThat(TrafficBoosts.applies(ProgramState.ACTIVE, WINDOW, EnrollmentState.ENROLLED, START))
        .as("from the window's first instant")
        .isTrue();
    assertThat(
            TrafficBoosts.applies(
                ProgramState.ACTIVE, WINDOW, EnrollmentState.ENROLLED, START.minusMillis(1)))
        .as("not before the window")
        .isFalse();
    assertThat(TrafficBoosts.applies(ProgramState.ACTIVE, WINDOW, EnrollmentState.ENROLLED, END))
        .as("not from the window's end")
        .isFalse();
    for (ProgramState state :
        List.of(
            ProgramState.DRAFT, ProgramState.PAUSED, ProgramState.ENDED, ProgramState.SETTLED)) {
      assertThat(TrafficBoosts.applies(state, WINDOW, EnrollmentState.ENROLLED, DURING))
          .as(state.name())
          .isFalse();
    }
    for (EnrollmentState state :
        List.of(
            EnrollmentState.WITHDRAWN,
            EnrollmentState.PAUSED,
            EnrollmentState.DISQUALIFIED,
            EnrollmentState.COMPLETED)) {
      assertThat(TrafficBoosts.applies(ProgramState.ACTIVE, WINDOW, state, DURING))
          .as(state.name())
          .isFalse();
    }
  }

  @Test
  void aBoostIsAnnouncedOnlyWhenWhetherItAppliesChanges() {
    assertThat(TrafficBoosts.decide(false, true)).isEqualTo(Announcement.GRANT);
    assertThat(TrafficBoosts.decide(true, false)).isEqualTo(Announcement.REVOKE);
    assertThat(TrafficBoosts.decide(true, true)).as("granted already").isEqualTo(Announcement.NONE);
    assertThat(TrafficBoosts.decide(false, false))
        .as("never granted: nothing to revoke")
        .isEqualTo(Announcement.NONE);
  }

  @Test
  void theBoostRuleIsFoundAmongTheRewards() {
    assertThat(
            TrafficBoosts.rule(
                List.of(new RewardRule.CommissionBonus(200), new RewardRule.TrafficBoost(1_500))))
        .contains(new RewardRule.TrafficBoost(1_500));
    assertThat(TrafficBoosts.rule(List.of(new RewardRule.CommissionBonus(200)))).isEmpty();
  }
}
