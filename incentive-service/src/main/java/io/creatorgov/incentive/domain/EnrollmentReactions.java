package io.creatorgov.incentive.domain;

import io.creatorgov.incentive.domain.EnrollmentFact.ActionUndone;
import io.creatorgov.incentive.domain.EnrollmentFact.CampaignIneligible;
import io.creatorgov.incentive.domain.EnrollmentFact.CreatorBanned;
import io.creatorgov.incentive.domain.EnrollmentFact.CreatorOffboarded;
import io.creatorgov.incentive.domain.EnrollmentFact.CreatorSuspended;
import io.creatorgov.incentive.domain.EnrollmentFact.SuspensionEnded;
import java.util.Optional;

/**
 * How an enrolment reacts to a creator or enforcement fact (the Enrollment message of
 * enrollment.proto), pure: ENROLLED → PAUSED on a suspension; ENROLLED/PAUSED → DISQUALIFIED on a
 * ban, an offboarding or a CAMPAIGN_INELIGIBLE restriction; PAUSED → ENROLLED (SUSPENSION_ENDED,
 * nothing withheld is accrued) when a suspension simply ends; PAUSED/DISQUALIFIED → ENROLLED
 * (REINSTATED_AFTER_APPEAL / _REVERSAL, withheld performance accrued) when the very action behind
 * it is undone. Every other combination is no move, so applying a fact twice changes nothing.
 */
public final class EnrollmentReactions {
  private EnrollmentReactions() {}

  /** The enrolment as the decision sees it. */
  public record Current(
      EnrollmentState state, EnrollmentStateReason reason, String enforcementActionId) {}

  /**
   * A move: the new state and reason, the action to record on the enrolment, and whether the
   * performance withheld since the enrolment became inactive is to be accrued now (REINSTATEMENT).
   */
  public record Move(
      EnrollmentState state,
      EnrollmentStateReason reason,
      String enforcementActionId,
      boolean restoresEarnings,
      String message) {
    /** Whether the move closes an inactive interval (back to active). */
    public boolean reactivates() {
      return state == EnrollmentState.ENROLLED || state == EnrollmentState.COMPLETED;
    }
  }

  /**
   * The move {@code fact} causes, if any.
   *
   * @param program the programme's state (a DISQUALIFIED or PAUSED enrolment reinstated in a
   *     SETTLED programme becomes COMPLETED, as it would have at settlement)
   * @param actionUndone whether the enforcement feed already reported the fact's action undone (a
   *     pause or disqualification for it is then void: the feeds are read independently and the
   *     undo may be read first)
   */
  public static Optional<Move> react(
      Current current, ProgramState program, EnrollmentFact fact, boolean actionUndone) {
    EnrollmentState s = current.state();
    if (s == EnrollmentState.WITHDRAWN || s == EnrollmentState.COMPLETED) {
      return Optional.empty();
    }
    boolean active = s == EnrollmentState.ENROLLED;
    boolean inactive = s == EnrollmentState.PAUSED || s == EnrollmentState.DISQUALIFIED;
    boolean voided = actionUndone && !fact.actionId().isEmpty();
    boolean disqualifiable = (active || s == EnrollmentState.PAUSED) && !voided;
    if (fact instanceof CreatorSuspended f) {
      return active && !voided
          ? move(
              EnrollmentState.PAUSED,
              EnrollmentStateReason.CREATOR_SUSPENDED,
              f,
              "creator suspended")
          : Optional.empty();
    }
    if (fact instanceof CreatorBanned f) {
      return disqualifiable
          ? move(
              EnrollmentState.DISQUALIFIED,
              EnrollmentStateReason.CREATOR_BANNED,
              f,
              "creator banned")
          : Optional.empty();
    }
    if (fact instanceof CreatorOffboarded f) {
      return disqualifiable
          ? move(
              EnrollmentState.DISQUALIFIED,
              EnrollmentStateReason.CREATOR_OFFBOARDED,
              f,
              "creator offboarded")
          : Optional.empty();
    }
    if (fact instanceof CampaignIneligible f) {
      return disqualifiable
          ? move(
              EnrollmentState.DISQUALIFIED,
              EnrollmentStateReason.CAMPAIGN_INELIGIBLE,
              f,
              "CAMPAIGN_INELIGIBLE restriction " + f.restrictionId())
          : Optional.empty();
    }
    if (fact instanceof SuspensionEnded) {
      return s == EnrollmentState.PAUSED
              && current.reason() == EnrollmentStateReason.CREATOR_SUSPENDED
          ? Optional.of(
              new Move(
                  reactivated(program),
                  EnrollmentStateReason.SUSPENSION_ENDED,
                  "",
                  false,
                  "suspension ended"))
          : Optional.empty();
    }
    if (!(fact instanceof ActionUndone f)) {
      return Optional.empty(); // an appeal closed moves no enrolment
    }
    boolean same = !f.actionId().isEmpty() && f.actionId().equals(current.enforcementActionId());
    if (!inactive || !same) {
      return Optional.empty();
    }
    String how = f.undo() == EnrollmentFact.Undo.APPEAL ? "overturned on appeal: " : "reversed: ";
    return Optional.of(
        new Move(reactivated(program), f.undo().reason(), f.actionId(), true, how + f.actionId()));
  }

  private static Optional<Move> move(
      EnrollmentState to, EnrollmentStateReason reason, EnrollmentFact fact, String message) {
    return Optional.of(new Move(to, reason, fact.actionId(), false, message));
  }

  private static EnrollmentState reactivated(ProgramState program) {
    return program == ProgramState.SETTLED ? EnrollmentState.COMPLETED : EnrollmentState.ENROLLED;
  }
}
