package io.creatorgov.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.incentive.domain.EnrollmentFact.ActionUndone;
import io.creatorgov.incentive.domain.EnrollmentFact.CampaignIneligible;
import io.creatorgov.incentive.domain.EnrollmentFact.CreatorBanned;
import io.creatorgov.incentive.domain.EnrollmentFact.CreatorOffboarded;
import io.creatorgov.incentive.domain.EnrollmentFact.CreatorSuspended;
import io.creatorgov.incentive.domain.EnrollmentFact.SuspensionEnded;
import io.creatorgov.incentive.domain.EnrollmentFact.Undo;
import io.creatorgov.incentive.domain.EnrollmentReactions.Current;
import io.creatorgov.incentive.domain.EnrollmentReactions.Move;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnrollmentReactionsTest {
  private static final String C = "cr_1";

  private static Current enrolled() {
    return new Current(EnrollmentState.ENROLLED, EnrollmentStateReason.ENROLLED, "");
  }

  private static Current paused(String action) {
    return new Current(EnrollmentState.PAUSED, EnrollmentStateReason.CREATOR_SUSPENDED, action);
  }

  private static Current disqualified(String action) {
    return new Current(EnrollmentState.DISQUALIFIED, EnrollmentStateReason.CREATOR_BANNED, action);
  }

  private static Optional<Move> react(Current c, EnrollmentFact f) {
    return EnrollmentReactions.react(c, ProgramState.ACTIVE, f, false);
  }

  @Test
  void aSuspensionPausesAnEnrolledEnrolmentNamingTheAction() {
    Move m = react(enrolled(), new CreatorSuspended(C, "act_1")).orElseThrow();
    assertThat(m.state()).isEqualTo(EnrollmentState.PAUSED);
    assertThat(m.reason()).isEqualTo(EnrollmentStateReason.CREATOR_SUSPENDED);
    assertThat(m.enforcementActionId()).isEqualTo("act_1");
    assertThat(m.restoresEarnings()).isFalse();
  }

  @Test
  void aSuspensionOfAPausedOrDisqualifiedEnrolmentChangesNothing() {
    assertThat(react(paused("act_1"), new CreatorSuspended(C, "act_1"))).isEmpty();
    assertThat(react(disqualified("act_2"), new CreatorSuspended(C, "act_3"))).isEmpty();
  }

  @Test
  void aBanOffboardingOrCampaignRestrictionDisqualifiesEnrolledAndPaused() {
    assertThat(react(enrolled(), new CreatorBanned(C, "a")).orElseThrow().reason())
        .isEqualTo(EnrollmentStateReason.CREATOR_BANNED);
    assertThat(react(paused("s"), new CreatorBanned(C, "b")).orElseThrow())
        .extracting(Move::state, Move::enforcementActionId)
        .containsExactly(EnrollmentState.DISQUALIFIED, "b");
    assertThat(react(enrolled(), new CreatorOffboarded(C, "")).orElseThrow().reason())
        .isEqualTo(EnrollmentStateReason.CREATOR_OFFBOARDED);
    assertThat(react(enrolled(), new CampaignIneligible(C, "a", "rst_1")).orElseThrow())
        .extracting(Move::state, Move::reason)
        .containsExactly(EnrollmentState.DISQUALIFIED, EnrollmentStateReason.CAMPAIGN_INELIGIBLE);
    assertThat(react(disqualified("a"), new CreatorBanned(C, "a"))).isEmpty();
  }

  @Test
  void anEndedSuspensionReinstatesWithoutRestoringEarnings() {
    Move m = react(paused("act_1"), new SuspensionEnded(C, "act_1")).orElseThrow();
    assertThat(m.state()).isEqualTo(EnrollmentState.ENROLLED);
    assertThat(m.reason()).isEqualTo(EnrollmentStateReason.SUSPENSION_ENDED);
    assertThat(m.restoresEarnings()).isFalse();
  }

  @Test
  void anEndedSuspensionLeavesEnrolledAndDisqualifiedAlone() {
    assertThat(react(enrolled(), new SuspensionEnded(C, ""))).isEmpty();
    assertThat(react(disqualified("a"), new SuspensionEnded(C, ""))).isEmpty();
  }

  @Test
  void anOverturnOfTheActionBehindItReinstatesAfterAppealAndRestoresEarnings() {
    Move m = react(disqualified("act_1"), new ActionUndone(C, "act_1", Undo.APPEAL)).orElseThrow();
    assertThat(m.state()).isEqualTo(EnrollmentState.ENROLLED);
    assertThat(m.reason()).isEqualTo(EnrollmentStateReason.REINSTATED_AFTER_APPEAL);
    assertThat(m.enforcementActionId()).isEqualTo("act_1");
    assertThat(m.restoresEarnings()).isTrue();
  }

  @Test
  void aReversalReinstatesAfterReversal() {
    Move m = react(paused("act_1"), new ActionUndone(C, "act_1", Undo.REVERSAL)).orElseThrow();
    assertThat(m.reason()).isEqualTo(EnrollmentStateReason.REINSTATED_AFTER_REVERSAL);
    assertThat(m.restoresEarnings()).isTrue();
  }

  @Test
  void anUndoOfAnotherActionOrOfAnActiveEnrolmentChangesNothing() {
    assertThat(react(disqualified("act_1"), new ActionUndone(C, "act_2", Undo.APPEAL))).isEmpty();
    assertThat(react(disqualified(""), new ActionUndone(C, "", Undo.APPEAL))).isEmpty();
    assertThat(react(enrolled(), new ActionUndone(C, "act_1", Undo.APPEAL))).isEmpty();
  }

  @Test
  void aPauseOrDisqualificationForAnActionAlreadyUndoneIsVoid() {
    var program = ProgramState.ACTIVE;
    assertThat(EnrollmentReactions.react(enrolled(), program, new CreatorBanned(C, "act_1"), true))
        .isEmpty();
    assertThat(
            EnrollmentReactions.react(enrolled(), program, new CreatorSuspended(C, "act_1"), true))
        .isEmpty();
    // a fact without an action is never voided
    assertThat(EnrollmentReactions.react(enrolled(), program, new CreatorOffboarded(C, ""), true))
        .isPresent();
  }

  @Test
  void aReinstatementInASettledProgrammeCompletesTheEnrolment() {
    Move m =
        EnrollmentReactions.react(
                disqualified("a"),
                ProgramState.SETTLED,
                new ActionUndone(C, "a", Undo.APPEAL),
                false)
            .orElseThrow();
    assertThat(m.state()).isEqualTo(EnrollmentState.COMPLETED);
    assertThat(m.reason()).isEqualTo(EnrollmentStateReason.REINSTATED_AFTER_APPEAL);
    assertThat(m.restoresEarnings()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = EnrollmentState.class,
      names = {"WITHDRAWN", "COMPLETED"})
  void terminalEnrolmentsNeverMove(EnrollmentState terminal) {
    Current c = new Current(terminal, EnrollmentStateReason.ENROLLED, "a");
    assertThat(react(c, new CreatorBanned(C, "b"))).isEmpty();
    assertThat(react(c, new CreatorSuspended(C, "b"))).isEmpty();
    assertThat(react(c, new ActionUndone(C, "a", Undo.APPEAL))).isEmpty();
  }

  @Test
  void undoKindsMapToTheirReasons() {
    assertThat(Undo.APPEAL.reason()).isEqualTo(EnrollmentStateReason.REINSTATED_AFTER_APPEAL);
    assertThat(Undo.REVERSAL.reason()).isEqualTo(EnrollmentStateReason.REINSTATED_AFTER_REVERSAL);
  }

  @Test
  void aReinstatedWithheldRecordAccruesUnlessTheProgrammeHasNoMonetaryReward() {
    assertThat(Accrual.whyNotReinstated(true)).isEqualTo(NonAccrualReason.NONE);
    assertThat(Accrual.whyNotReinstated(false)).isEqualTo(NonAccrualReason.NO_MONETARY_REWARD);
  }
}
