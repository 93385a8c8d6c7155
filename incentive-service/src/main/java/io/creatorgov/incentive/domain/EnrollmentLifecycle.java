package io.creatorgov.incentive.domain;

import java.time.Instant;
import java.util.List;

/**
 * The enrolment rules of Enroll, Withdraw and ReinstateEnrollment, as plain decisions: each answers
 * what refuses the command (or {@link Refusal#NONE}).
 */
public final class EnrollmentLifecycle {
  private EnrollmentLifecycle() {}

  /** Why a command is refused. */
  public enum Refusal {
    NONE,
    /** The programme is not open for this command. */
    PROGRAM_NOT_ACTIVE,
    /** Enroll: the creator is already ENROLLED. */
    ALREADY_ENROLLED,
    /** The enrolment's state does not allow the move. */
    ILLEGAL_TRANSITION,
    /** Enroll: every reward is paid from the budget and none is left. */
    BUDGET_EXHAUSTED,
    /** The creator does not meet every condition. */
    NOT_ELIGIBLE
  }

  /**
   * Enroll: the programme is ACTIVE with its window not yet ended; there is no earlier enrolment
   * ({@code existing} null); the budget has room when every reward is monetary; every condition is
   * met — checked in that order.
   *
   * @param budgetRemainingMinor what is left of the budget; null when the programme has none
   */
  public static Refusal enroll(
      ProgramState program,
      ProgramWindow window,
      Instant now,
      EnrollmentState existing,
      List<RewardRule> rewards,
      Long budgetRemainingMinor,
      EligibilityEvaluation evaluation) {
    Refusal refusal = admissible(program, window, now, existing, rewards, budgetRemainingMinor);
    if (refusal != Refusal.NONE) {
      return refusal;
    }
    return evaluation.eligible() ? Refusal.NONE : Refusal.NOT_ELIGIBLE;
  }

  /** Enroll's checks before the eligibility: what refuses it whatever the creator's data. */
  public static Refusal admissible(
      ProgramState program,
      ProgramWindow window,
      Instant now,
      EnrollmentState existing,
      List<RewardRule> rewards,
      Long budgetRemainingMinor) {
    if (program != ProgramState.ACTIVE || !now.isBefore(window.end())) {
      return Refusal.PROGRAM_NOT_ACTIVE;
    }
    if (existing == EnrollmentState.ENROLLED) {
      return Refusal.ALREADY_ENROLLED;
    }
    if (existing != null) {
      return Refusal.ILLEGAL_TRANSITION;
    }
    return budgetExhausted(rewards, budgetRemainingMinor) ? Refusal.BUDGET_EXHAUSTED : Refusal.NONE;
  }

  /** Whether every reward is monetary and nothing of the budget remains. */
  public static boolean budgetExhausted(List<RewardRule> rewards, Long budgetRemainingMinor) {
    boolean allMonetary =
        !rewards.isEmpty()
            && rewards.stream().allMatch(r -> r.kind() != null && r.kind().monetary());
    return allMonetary && budgetRemainingMinor != null && budgetRemainingMinor <= 0;
  }

  /** Withdraw: only an ENROLLED creator withdraws; a SETTLED programme is read-only. */
  public static Refusal withdraw(ProgramState program, EnrollmentState current) {
    if (program == ProgramState.SETTLED) {
      return Refusal.PROGRAM_NOT_ACTIVE;
    }
    return current == EnrollmentState.ENROLLED ? Refusal.NONE : Refusal.ILLEGAL_TRANSITION;
  }

  /**
   * ReinstateEnrollment: only a DISQUALIFIED or PAUSED enrolment, not in an ENDED or SETTLED
   * programme, and only when the creator meets every condition again.
   */
  public static Refusal reinstate(
      ProgramState program, EnrollmentState current, EligibilityEvaluation evaluation) {
    Refusal refusal = reinstatable(program, current);
    if (refusal != Refusal.NONE) {
      return refusal;
    }
    return evaluation.eligible() ? Refusal.NONE : Refusal.NOT_ELIGIBLE;
  }

  /** ReinstateEnrollment's checks before the eligibility. */
  public static Refusal reinstatable(ProgramState program, EnrollmentState current) {
    if (current != EnrollmentState.DISQUALIFIED && current != EnrollmentState.PAUSED) {
      return Refusal.ILLEGAL_TRANSITION;
    }
    if (program == ProgramState.ENDED || program == ProgramState.SETTLED) {
      return Refusal.PROGRAM_NOT_ACTIVE;
    }
    return Refusal.NONE;
  }
}
