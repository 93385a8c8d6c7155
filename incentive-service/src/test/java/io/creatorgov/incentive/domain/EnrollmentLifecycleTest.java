package io.creatorgov.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.incentive.domain.EnrollmentLifecycle.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnrollmentLifecycleTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final ProgramWindow OPEN =
      new ProgramWindow(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
  private static final List<RewardRule> CASH = List.of(new RewardRule.GmvShareCash(100));
  private static final List<RewardRule> CASH_AND_BOOST =
      List.of(new RewardRule.GmvShareCash(100), new RewardRule.TrafficBoost(1_500));

  private static final EligibilityEvaluation ELIGIBLE =
      new EligibilityEvaluation(
          List.of(
              new ConditionResult(
                  EligibilityCondition.HOME_MARKET, EligibilityOutcome.MET, null, null, "")),
          null,
          NOW);
  private static final EligibilityEvaluation NOT_ELIGIBLE =
      new EligibilityEvaluation(
          List.of(
              new ConditionResult(
                  EligibilityCondition.HOME_MARKET, EligibilityOutcome.UNMET, null, null, "")),
          null,
          NOW);

  @Test
  void enrolmentNeedsAnActiveProgrammeInsideItsWindowNoEarlierEnrolmentBudgetAndEligibility() {
    assertThat(
            EnrollmentLifecycle.enroll(ProgramState.ACTIVE, OPEN, NOW, null, CASH, 100L, ELIGIBLE))
        .isEqualTo(Refusal.NONE);
    assertThat(
            EnrollmentLifecycle.enroll(ProgramState.PAUSED, OPEN, NOW, null, CASH, 100L, ELIGIBLE))
        .isEqualTo(Refusal.PROGRAM_NOT_ACTIVE);
    assertThat(
            EnrollmentLifecycle.enroll(
                ProgramState.ACTIVE, OPEN, OPEN.end(), null, CASH, 100L, ELIGIBLE))
        .as("at window.end_time the window has ended")
        .isEqualTo(Refusal.PROGRAM_NOT_ACTIVE);
    assertThat(
            EnrollmentLifecycle.enroll(
                ProgramState.ACTIVE, OPEN, NOW, EnrollmentState.ENROLLED, CASH, 100L, ELIGIBLE))
        .isEqualTo(Refusal.ALREADY_ENROLLED);
    for (EnrollmentState earlier :
        List.of(
            EnrollmentState.WITHDRAWN, EnrollmentState.DISQUALIFIED, EnrollmentState.COMPLETED)) {
      assertThat(
              EnrollmentLifecycle.enroll(
                  ProgramState.ACTIVE, OPEN, NOW, earlier, CASH, 100L, ELIGIBLE))
          .isEqualTo(Refusal.ILLEGAL_TRANSITION);
    }
    assertThat(EnrollmentLifecycle.enroll(ProgramState.ACTIVE, OPEN, NOW, null, CASH, 0L, ELIGIBLE))
        .isEqualTo(Refusal.BUDGET_EXHAUSTED);
    assertThat(
            EnrollmentLifecycle.enroll(
                ProgramState.ACTIVE, OPEN, NOW, null, CASH_AND_BOOST, 0L, ELIGIBLE))
        .as("a traffic boost still rewards without budget")
        .isEqualTo(Refusal.NONE);
    assertThat(
            EnrollmentLifecycle.enroll(
                ProgramState.ACTIVE, OPEN, NOW, null, CASH, 100L, NOT_ELIGIBLE))
        .isEqualTo(Refusal.NOT_ELIGIBLE);
  }

  @Test
  void onlyAnEnrolledCreatorWithdrawsAndNotOnceTheProgrammeIsSettled() {
    assertThat(EnrollmentLifecycle.withdraw(ProgramState.ENDED, EnrollmentState.ENROLLED))
        .isEqualTo(Refusal.NONE);
    assertThat(EnrollmentLifecycle.withdraw(ProgramState.ACTIVE, EnrollmentState.WITHDRAWN))
        .isEqualTo(Refusal.ILLEGAL_TRANSITION);
    assertThat(EnrollmentLifecycle.withdraw(ProgramState.ACTIVE, EnrollmentState.PAUSED))
        .isEqualTo(Refusal.ILLEGAL_TRANSITION);
    assertThat(EnrollmentLifecycle.withdraw(ProgramState.SETTLED, EnrollmentState.ENROLLED))
        .isEqualTo(Refusal.PROGRAM_NOT_ACTIVE);
  }

  @Test
  void onlyADisqualifiedOrPausedEnrolmentIsReinstatedInARunningProgrammeWhenEligible() {
    assertThat(
            EnrollmentLifecycle.reinstate(
                ProgramState.ACTIVE, EnrollmentState.DISQUALIFIED, ELIGIBLE))
        .isEqualTo(Refusal.NONE);
    assertThat(EnrollmentLifecycle.reinstate(ProgramState.PAUSED, EnrollmentState.PAUSED, ELIGIBLE))
        .isEqualTo(Refusal.NONE);
    assertThat(
            EnrollmentLifecycle.reinstate(ProgramState.ACTIVE, EnrollmentState.ENROLLED, ELIGIBLE))
        .isEqualTo(Refusal.ILLEGAL_TRANSITION);
    assertThat(EnrollmentLifecycle.reinstate(ProgramState.ENDED, EnrollmentState.PAUSED, ELIGIBLE))
        .isEqualTo(Refusal.PROGRAM_NOT_ACTIVE);
    assertThat(
            EnrollmentLifecycle.reinstate(
                ProgramState.ACTIVE, EnrollmentState.DISQUALIFIED, NOT_ELIGIBLE))
        .isEqualTo(Refusal.NOT_ELIGIBLE);
  }
}
