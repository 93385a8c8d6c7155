package io.creatorgov.creator.domain;

import static io.creatorgov.creator.domain.CreatorStatus.ACTIVE;
import static io.creatorgov.creator.domain.CreatorStatus.APPLIED;
import static io.creatorgov.creator.domain.CreatorStatus.BANNED;
import static io.creatorgov.creator.domain.CreatorStatus.OFFBOARDED;
import static io.creatorgov.creator.domain.CreatorStatus.RESTRICTED;
import static io.creatorgov.creator.domain.CreatorStatus.SUSPENDED;
import static io.creatorgov.creator.domain.StatusTransition.BAN;
import static io.creatorgov.creator.domain.StatusTransition.OFFBOARD;
import static io.creatorgov.creator.domain.StatusTransition.REINSTATE;
import static io.creatorgov.creator.domain.StatusTransition.SUSPEND;
import static io.creatorgov.creator.domain.StatusTransition.UNBAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.PreconditionViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CreatorLifecycleTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant IN_3_DAYS = NOW.plus(Duration.ofDays(3));
  private static final Instant IN_7_DAYS = NOW.plus(Duration.ofDays(7));
  private static final String REASON = "policy violation in live stream";

  // ---- fixtures: one well-formed state per status, one valid command per transition ----------

  private static LifecycleState applied(int restrictionsInForce) {
    return new LifecycleState(APPLIED, false, restrictionsInForce, null, null, null);
  }

  private static LifecycleState active() {
    return new LifecycleState(ACTIVE, true, 0, null, null, null);
  }

  private static LifecycleState restricted(int restrictionsInForce) {
    return new LifecycleState(RESTRICTED, true, restrictionsInForce, null, null, null);
  }

  private static LifecycleState suspended(Instant until, String actionId, int restrictionsInForce) {
    return new LifecycleState(SUSPENDED, true, restrictionsInForce, until, actionId, null);
  }

  private static LifecycleState banned(String banActionId) {
    return new LifecycleState(BANNED, true, 0, null, null, banActionId);
  }

  private static LifecycleState offboarded() {
    return new LifecycleState(OFFBOARDED, true, 0, null, null, null);
  }

  private static LifecycleState typical(CreatorStatus status) {
    return switch (status) {
      case APPLIED -> applied(0);
      case ACTIVE -> active();
      case RESTRICTED -> restricted(1);
      case SUSPENDED -> suspended(IN_3_DAYS, "act-suspend", 0);
      case BANNED -> banned("act-ban");
      case OFFBOARDED -> offboarded();
      default -> throw new IllegalArgumentException(status.name());
    };
  }

  private static TransitionCommand suspendCommand(String actionId, Instant until) {
    return new TransitionCommand(SUSPEND, REASON, actionId, "", null, until, true);
  }

  private static TransitionCommand reinstateCommand() {
    return new TransitionCommand(REINSTATE, REASON, "", "", null, null, false);
  }

  private static TransitionCommand banCommand(String actionId) {
    return new TransitionCommand(BAN, REASON, actionId, "", null, null, true);
  }

  private static TransitionCommand unbanCommand(String actionId, String appealId) {
    return new TransitionCommand(UNBAN, REASON, actionId, appealId, null, null, true);
  }

  private static TransitionCommand offboardCommand() {
    return new TransitionCommand(OFFBOARD, REASON, "", "", null, null, false);
  }

  private static TransitionCommand validCommand(StatusTransition transition) {
    return switch (transition) {
      case SUSPEND -> suspendCommand("act-suspend-2", IN_7_DAYS);
      case REINSTATE -> reinstateCommand();
      case BAN -> banCommand("act-ban-2");
      case UNBAN -> unbanCommand("act-ban", "appeal-1");
      case OFFBOARD -> offboardCommand();
      default -> throw new IllegalArgumentException(transition.name());
    };
  }

  private static ApiException rejection(Runnable call) {
    ApiException e = catchThrowableOfType(ApiException.class, call::run);
    assertThat(e).as("expected an ApiException").isNotNull();
    return e;
  }

  // ---- the transition table -----------------------------------------------------------------

  /** (from, transition, resulting status or null when illegal, history kind). */
  static Stream<Arguments> transitionTable() {
    return Stream.of(
        row(APPLIED, SUSPEND, null, null),
        row(APPLIED, REINSTATE, null, null),
        row(APPLIED, BAN, BANNED, "BANNED"),
        row(APPLIED, UNBAN, null, null),
        row(APPLIED, OFFBOARD, OFFBOARDED, "OFFBOARDED"),
        row(ACTIVE, SUSPEND, SUSPENDED, "SUSPENDED"),
        row(ACTIVE, REINSTATE, null, null),
        row(ACTIVE, BAN, BANNED, "BANNED"),
        row(ACTIVE, UNBAN, null, null),
        row(ACTIVE, OFFBOARD, OFFBOARDED, "OFFBOARDED"),
        row(RESTRICTED, SUSPEND, SUSPENDED, "SUSPENDED"),
        row(RESTRICTED, REINSTATE, null, null),
        row(RESTRICTED, BAN, BANNED, "BANNED"),
        row(RESTRICTED, UNBAN, null, null),
        row(RESTRICTED, OFFBOARD, OFFBOARDED, "OFFBOARDED"),
        row(SUSPENDED, SUSPEND, SUSPENDED, "SUSPENDED"),
        row(SUSPENDED, REINSTATE, ACTIVE, "REINSTATED"),
        row(SUSPENDED, BAN, BANNED, "BANNED"),
        row(SUSPENDED, UNBAN, null, null),
        row(SUSPENDED, OFFBOARD, OFFBOARDED, "OFFBOARDED"),
        row(BANNED, SUSPEND, null, null),
        row(BANNED, REINSTATE, null, null),
        row(BANNED, BAN, null, null),
        row(BANNED, UNBAN, ACTIVE, "UNBANNED"),
        row(BANNED, OFFBOARD, null, null),
        row(OFFBOARDED, SUSPEND, null, null),
        row(OFFBOARDED, REINSTATE, null, null),
        row(OFFBOARDED, BAN, null, null),
        row(OFFBOARDED, UNBAN, null, null),
        row(OFFBOARDED, OFFBOARD, null, null));
  }

  private static Arguments row(
      CreatorStatus from, StatusTransition transition, CreatorStatus to, String kind) {
    return Arguments.of(from, transition, to, kind == null ? null : StatusChangeKind.valueOf(kind));
  }

  @Test
  void transitionTableCoversEveryStatusAndTransitionExactlyOnce() {
    Set<List<Object>> pairs = new HashSet<>();
    transitionTable().forEach(a -> pairs.add(List.of(a.get()[0], a.get()[1])));
    long statuses = Arrays.stream(CreatorStatus.values()).count();
    long transitions = Arrays.stream(StatusTransition.values()).count();
    assertThat(pairs).hasSize((int) (statuses * transitions));
    assertThat(transitionTable().count()).isEqualTo(statuses * transitions);
  }

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @MethodSource("transitionTable")
  void everyStatusAndTransitionPairIsLegalOrIllegalAsSpecified(
      CreatorStatus from, StatusTransition transition, CreatorStatus to, StatusChangeKind kind) {
    LifecycleState current = typical(from);
    TransitionCommand command = validCommand(transition);

    if (to == null) {
      ApiException e = rejection(() -> CreatorLifecycle.apply(current, command, NOW));
      assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
      assertThat(e.metadata()).containsEntry("current_state", CreatorLifecycle.statusName(from));
      assertThat(e.preconditionViolations())
          .extracting(PreconditionViolation::subject)
          .containsExactly(CreatorLifecycle.statusName(from));
    } else {
      TransitionOutcome outcome = CreatorLifecycle.apply(current, command, NOW);
      assertThat(outcome.next().status()).isEqualTo(to);
      assertThat(outcome.kind()).isEqualTo(kind);
      assertThat(outcome.alreadyApplied()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = CreatorStatus.class,
      names = {"ACTIVE", "RESTRICTED", "SUSPENDED", "BANNED", "OFFBOARDED"})
  void activationIsIllegalFromEveryStatusButApplied(CreatorStatus from) {
    ApiException e = rejection(() -> CreatorLifecycle.activate(typical(from)));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(e.metadata()).containsEntry("current_state", CreatorLifecycle.statusName(from));
  }

  @Test
  void illegalTransitionNamesTheCurrentAndTheRequestedState() {
    ApiException e =
        rejection(() -> CreatorLifecycle.apply(banned("act-ban"), offboardCommand(), NOW));

    assertThat(e.getMessage()).isEqualTo("cannot move from BANNED to OFFBOARDED");
    assertThat(e.metadata())
        .isEqualTo(Map.of("current_state", "BANNED", "requested_state", "OFFBOARDED"));
  }

  // ---- activation ---------------------------------------------------------------------------

  @Test
  void activationMovesAppliedToActiveAndMarksTheCreatorActivated() {
    TransitionOutcome outcome = CreatorLifecycle.activate(applied(0));

    assertThat(outcome.next()).isEqualTo(active());
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.ACTIVATED);
    assertThat(outcome.alreadyApplied()).isFalse();
  }

  @Test
  void activationWithARestrictionAlreadyInForceLeadsToRestricted() {
    TransitionOutcome outcome = CreatorLifecycle.activate(applied(2));

    assertThat(outcome.next()).isEqualTo(restricted(2));
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.ACTIVATED);
  }

  // ---- ACTIVE ⇄ RESTRICTED ------------------------------------------------------------------

  @Test
  void firstRestrictionInForceMakesAnActiveCreatorRestricted() {
    assertThat(CreatorLifecycle.restrictionsChanged(active(), 1)).isEqualTo(restricted(1));
  }

  @Test
  void liftingTheLastRestrictionMakesARestrictedCreatorActive() {
    assertThat(CreatorLifecycle.restrictionsChanged(restricted(1), 0)).isEqualTo(active());
  }

  @Test
  void restrictedCreatorStaysRestrictedWhileOneRestrictionRemains() {
    assertThat(CreatorLifecycle.restrictionsChanged(restricted(2), 1)).isEqualTo(restricted(1));
  }

  @Test
  void restrictionsOnlyRecordTheCountForCreatorsOutsideActiveAndRestricted() {
    assertThat(CreatorLifecycle.restrictionsChanged(suspended(IN_3_DAYS, "act-s", 0), 2))
        .isEqualTo(suspended(IN_3_DAYS, "act-s", 2));
    assertThat(CreatorLifecycle.restrictionsChanged(applied(0), 1)).isEqualTo(applied(1));
    assertThat(CreatorLifecycle.restrictionsChanged(banned("act-ban"), 3))
        .isEqualTo(new LifecycleState(BANNED, true, 3, null, null, "act-ban"));
  }

  @Test
  void negativeRestrictionCountIsRejected() {
    assertThatThrownBy(() -> CreatorLifecycle.restrictionsChanged(active(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- suspension ---------------------------------------------------------------------------

  @Test
  void suspendRecordsTheEndTimeAndTheEnforcementAction() {
    TransitionOutcome outcome =
        CreatorLifecycle.apply(restricted(1), suspendCommand("act-s", IN_7_DAYS), NOW);

    assertThat(outcome.next()).isEqualTo(suspended(IN_7_DAYS, "act-s", 1));
    assertThat(outcome.next().statusEnforcementActionId()).isEqualTo("act-s");
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.SUSPENDED);
  }

  @Test
  void operatorMaySuspendWithoutAnEnforcementAction() {
    TransitionCommand byOperator =
        new TransitionCommand(SUSPEND, REASON, "", "", null, IN_7_DAYS, false);

    TransitionOutcome outcome = CreatorLifecycle.apply(active(), byOperator, NOW);

    assertThat(outcome.next()).isEqualTo(suspended(IN_7_DAYS, null, 0));
  }

  @Test
  void serviceSuspensionWithoutAnEnforcementActionIsInvalid() {
    ApiException e =
        rejection(() -> CreatorLifecycle.apply(active(), suspendCommand("", IN_7_DAYS), NOW));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.fieldViolations())
        .containsExactly(
            new FieldViolation("enforcement_action_id", "is required when a service suspends"));
  }

  @Test
  void suspendWithoutAnEndTimeIsInvalid() {
    ApiException e =
        rejection(() -> CreatorLifecycle.apply(active(), suspendCommand("act-s", null), NOW));

    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("suspension_end_time", "is required for SUSPEND"));
  }

  @Test
  void suspensionEndTimeNotInTheFutureIsInvalid() {
    for (Instant notFuture : List.of(NOW, NOW.minusSeconds(1))) {
      ApiException e =
          rejection(
              () -> CreatorLifecycle.apply(active(), suspendCommand("act-s", notFuture), NOW));

      assertThat(e.fieldViolations())
          .containsExactly(
              new FieldViolation("suspension_end_time", "must be in the future, was " + notFuture));
    }
  }

  @Test
  void suspendingASuspendedCreatorExtendsToTheLaterEndTime() {
    LifecycleState running = suspended(IN_3_DAYS, "act-s1", 1);

    TransitionOutcome outcome =
        CreatorLifecycle.apply(running, suspendCommand("act-s2", IN_7_DAYS), NOW);

    assertThat(outcome.next()).isEqualTo(suspended(IN_7_DAYS, "act-s2", 1));
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.SUSPENDED);
    assertThat(outcome.alreadyApplied()).isFalse();
  }

  @Test
  void suspendingASuspendedCreatorUntilAnEarlierTimeKeepsTheRunningSuspension() {
    LifecycleState running = suspended(IN_7_DAYS, "act-s1", 0);

    TransitionOutcome outcome =
        CreatorLifecycle.apply(running, suspendCommand("act-s2", IN_3_DAYS), NOW);

    assertThat(outcome.next()).isEqualTo(running);
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.SUSPENDED);
  }

  @Test
  void operatorExtensionKeepsTheActionOfTheRunningSuspension() {
    LifecycleState running = suspended(IN_3_DAYS, "act-s1", 0);
    TransitionCommand byOperator =
        new TransitionCommand(SUSPEND, REASON, "", "", null, IN_7_DAYS, false);

    TransitionOutcome outcome = CreatorLifecycle.apply(running, byOperator, NOW);

    assertThat(outcome.next()).isEqualTo(suspended(IN_7_DAYS, "act-s1", 0));
  }

  @Test
  void repeatingTheSuspendingActionIsAlreadyAppliedAndChangesNothing() {
    LifecycleState running = suspended(IN_3_DAYS, "act-s1", 0);

    TransitionOutcome outcome =
        CreatorLifecycle.apply(running, suspendCommand("act-s1", IN_7_DAYS), NOW);

    assertThat(outcome.alreadyApplied()).isTrue();
    assertThat(outcome.next()).isEqualTo(running);
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.SUSPENDED);
  }

  @Test
  void reinstateEndsTheSuspensionAndReturnsToActive() {
    TransitionOutcome outcome =
        CreatorLifecycle.apply(suspended(IN_3_DAYS, "act-s", 0), reinstateCommand(), NOW);

    assertThat(outcome.next()).isEqualTo(active());
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.REINSTATED);
  }

  @Test
  void reinstateReturnsToRestrictedWhileRestrictionsAreInForce() {
    TransitionOutcome outcome =
        CreatorLifecycle.apply(suspended(IN_3_DAYS, "act-s", 2), reinstateCommand(), NOW);

    assertThat(outcome.next()).isEqualTo(restricted(2));
  }

  @Test
  void reinstateAcceptsTheOverturnedAppeal() {
    TransitionCommand afterAppeal =
        new TransitionCommand(REINSTATE, REASON, "act-s", "appeal-9", null, null, true);

    TransitionOutcome outcome =
        CreatorLifecycle.apply(suspended(IN_3_DAYS, "act-s", 0), afterAppeal, NOW);

    assertThat(outcome.next()).isEqualTo(active());
  }

  @Test
  void suspensionExpiresExactlyAtItsEndTime() {
    Optional<TransitionOutcome> outcome =
        CreatorLifecycle.expireSuspension(suspended(IN_3_DAYS, "act-s", 0), IN_3_DAYS);

    assertThat(outcome).isPresent();
    assertThat(outcome.get().next()).isEqualTo(active());
    assertThat(outcome.get().kind()).isEqualTo(StatusChangeKind.SUSPENSION_EXPIRED);
  }

  @Test
  void expiredSuspensionReturnsToRestrictedWhileRestrictionsAreInForce() {
    Optional<TransitionOutcome> outcome =
        CreatorLifecycle.expireSuspension(suspended(IN_3_DAYS, "act-s", 1), IN_7_DAYS);

    assertThat(outcome.map(TransitionOutcome::next)).contains(restricted(1));
  }

  @Test
  void suspensionDoesNotExpireBeforeItsEndTime() {
    assertThat(
            CreatorLifecycle.expireSuspension(
                suspended(IN_3_DAYS, "act-s", 0), IN_3_DAYS.minusMillis(1)))
        .isEmpty();
  }

  @Test
  void expiryLeavesCreatorsThatAreNotSuspendedAlone() {
    LifecycleState bannedDuringSuspension =
        new LifecycleState(BANNED, true, 0, IN_3_DAYS, "act-s", "act-ban");

    assertThat(CreatorLifecycle.expireSuspension(bannedDuringSuspension, IN_7_DAYS)).isEmpty();
    assertThat(CreatorLifecycle.expireSuspension(active(), IN_7_DAYS)).isEmpty();
  }

  // ---- ban and unban ------------------------------------------------------------------------

  @Test
  void banRecordsTheBanAction() {
    TransitionOutcome outcome = CreatorLifecycle.apply(active(), banCommand("act-ban"), NOW);

    assertThat(outcome.next()).isEqualTo(banned("act-ban"));
    assertThat(outcome.next().statusEnforcementActionId()).isEqualTo("act-ban");
  }

  @Test
  void banWithoutAnEnforcementActionIsInvalid() {
    ApiException e = rejection(() -> CreatorLifecycle.apply(active(), banCommand(""), NOW));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("enforcement_action_id", "is required for BAN"));
  }

  @Test
  void banAndUnbanByACallerThatIsNotAServiceAreRefused() {
    TransitionCommand banByOperator =
        new TransitionCommand(BAN, REASON, "act-ban", "", null, null, false);
    TransitionCommand unbanByOperator =
        new TransitionCommand(UNBAN, REASON, "act-ban", "appeal-1", null, null, false);

    ApiException ban = rejection(() -> CreatorLifecycle.apply(active(), banByOperator, NOW));
    ApiException unban =
        rejection(() -> CreatorLifecycle.apply(banned("act-ban"), unbanByOperator, NOW));

    assertThat(ban.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(ban.metadata()).isEqualTo(Map.of("transition", "BAN", "required_roles", "service"));
    assertThat(unban.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(unban.metadata()).containsEntry("transition", "UNBAN");
  }

  @Test
  void banOfASuspendedCreatorKeepsTheSuspensionForAnUnban() {
    TransitionOutcome outcome =
        CreatorLifecycle.apply(suspended(IN_3_DAYS, "act-s", 1), banCommand("act-ban"), NOW);

    assertThat(outcome.next())
        .isEqualTo(new LifecycleState(BANNED, true, 1, IN_3_DAYS, "act-s", "act-ban"));
    assertThat(outcome.next().statusEnforcementActionId()).isEqualTo("act-ban");
  }

  @Test
  void repeatingTheBanActionIsAlreadyAppliedAndChangesNothing() {
    TransitionOutcome outcome =
        CreatorLifecycle.apply(banned("act-ban"), banCommand("act-ban"), NOW);

    assertThat(outcome.alreadyApplied()).isTrue();
    assertThat(outcome.next()).isEqualTo(banned("act-ban"));
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.BANNED);
  }

  @Test
  void anotherBanOfABannedCreatorIsIllegal() {
    ApiException e =
        rejection(() -> CreatorLifecycle.apply(banned("act-ban"), banCommand("act-ban-2"), NOW));

    assertThat(e.metadata())
        .isEqualTo(Map.of("current_state", "BANNED", "requested_state", "BANNED"));
  }

  @Test
  void unbanOfACreatorBannedBeforeActivationRestoresApplied() {
    LifecycleState bannedApplicant =
        CreatorLifecycle.apply(applied(0), banCommand("act-ban"), NOW).next();

    TransitionOutcome outcome =
        CreatorLifecycle.apply(bannedApplicant, unbanCommand("act-ban", "appeal-1"), NOW);

    assertThat(outcome.next()).isEqualTo(applied(0));
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.UNBANNED);
  }

  @Test
  void unbanResumesASuspensionThatHasNotEnded() {
    LifecycleState bannedWhileSuspended =
        new LifecycleState(BANNED, true, 0, IN_7_DAYS, "act-s", "act-ban");

    TransitionOutcome outcome =
        CreatorLifecycle.apply(
            bannedWhileSuspended, unbanCommand("act-ban", "appeal-1"), IN_3_DAYS);

    assertThat(outcome.next()).isEqualTo(suspended(IN_7_DAYS, "act-s", 0));
    assertThat(outcome.next().statusEnforcementActionId()).isEqualTo("act-s");
  }

  @Test
  void unbanAfterTheInterruptedSuspensionEndedRestoresActive() {
    LifecycleState bannedWhileSuspended =
        new LifecycleState(BANNED, true, 0, IN_3_DAYS, "act-s", "act-ban");

    TransitionOutcome outcome =
        CreatorLifecycle.apply(
            bannedWhileSuspended, unbanCommand("act-ban", "appeal-1"), IN_3_DAYS);

    assertThat(outcome.next()).isEqualTo(active());
  }

  @Test
  void unbanRestoresRestrictedWhileRestrictionsAreInForce() {
    LifecycleState bannedWhileRestricted =
        CreatorLifecycle.apply(restricted(1), banCommand("act-ban"), NOW).next();

    TransitionOutcome outcome =
        CreatorLifecycle.apply(bannedWhileRestricted, unbanCommand("act-ban", "appeal-1"), NOW);

    assertThat(outcome.next()).isEqualTo(restricted(1));
  }

  @Test
  void unbanRestoresActiveWhenTheRestrictionsEndedDuringTheBan() {
    LifecycleState bannedWhileRestricted =
        CreatorLifecycle.apply(restricted(1), banCommand("act-ban"), NOW).next();
    LifecycleState restrictionLifted =
        CreatorLifecycle.restrictionsChanged(bannedWhileRestricted, 0);

    TransitionOutcome outcome =
        CreatorLifecycle.apply(restrictionLifted, unbanCommand("act-ban", "appeal-1"), NOW);

    assertThat(outcome.next()).isEqualTo(active());
  }

  @Test
  void unbanWithoutAnAppealOrAReversalBasisIsInvalid() {
    ApiException e =
        rejection(
            () -> CreatorLifecycle.apply(banned("act-ban"), unbanCommand("act-ban", ""), NOW));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.fieldViolations())
        .containsExactly(
            new FieldViolation(
                "appeal_id",
                "UNBAN needs the overturned appeal, or a reversal_basis for a reversal outside an"
                    + " appeal"));
  }

  @Test
  void aBanReversedOutsideAnAppealIsLiftedOnItsBasis() {
    TransitionCommand reversal =
        new TransitionCommand(UNBAN, REASON, "act-ban", "", ReversalBasis.COURT_ORDER, null, true);

    TransitionOutcome outcome = CreatorLifecycle.apply(banned("act-ban"), reversal, NOW);

    assertThat(outcome.next()).isEqualTo(active());
  }

  @Test
  void anUnbanNamesEitherTheAppealOrTheReversalBasisNotBoth() {
    TransitionCommand both =
        new TransitionCommand(
            UNBAN, REASON, "act-ban", "appeal-1", ReversalBasis.OPERATOR_ERROR, null, true);

    ApiException e = rejection(() -> CreatorLifecycle.apply(banned("act-ban"), both, NOW));

    assertThat(e.fieldViolations())
        .extracting(FieldViolation::field)
        .containsExactly("reversal_basis");
  }

  @Test
  void aReversalBasisIsRefusedOnTransitionsThatReverseNothing() {
    TransitionCommand ban =
        new TransitionCommand(BAN, REASON, "act-ban", "", ReversalBasis.COURT_ORDER, null, true);

    ApiException e = rejection(() -> CreatorLifecycle.apply(active(), ban, NOW));

    assertThat(e.fieldViolations())
        .containsExactly(
            new FieldViolation(
                "reversal_basis",
                "only UNBAN and REINSTATE reverse an action; must be unset for BAN"));
  }

  @Test
  void unbanWithoutTheBanActionIsInvalid() {
    ApiException e =
        rejection(
            () -> CreatorLifecycle.apply(banned("act-ban"), unbanCommand(null, "appeal-1"), NOW));

    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("enforcement_action_id", "is required for UNBAN"));
  }

  @Test
  void unbanNamingAnotherActionFailsWithTheBanActionId() {
    ApiException e =
        rejection(
            () ->
                CreatorLifecycle.apply(
                    banned("act-ban"), unbanCommand("act-other", "appeal-1"), NOW));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_PRECONDITION_FAILED);
    assertThat(e.metadata()).isEqualTo(Map.of("ban_action_id", "act-ban"));
    assertThat(e.preconditionViolations())
        .extracting(PreconditionViolation::type, PreconditionViolation::subject)
        .containsExactly(tuple("BAN_ACTION", "act-other"));
  }

  // ---- offboarding --------------------------------------------------------------------------

  @Test
  void offboardingASuspendedCreatorEndsTheSuspension() {
    TransitionOutcome outcome =
        CreatorLifecycle.apply(suspended(IN_3_DAYS, "act-s", 1), offboardCommand(), NOW);

    assertThat(outcome.next()).isEqualTo(new LifecycleState(OFFBOARDED, true, 1, null, null, null));
    assertThat(outcome.kind()).isEqualTo(StatusChangeKind.OFFBOARDED);
  }

  // ---- request validation -------------------------------------------------------------------

  @Test
  void reasonIsRequired() {
    TransitionCommand noReason = new TransitionCommand(OFFBOARD, "  ", "", "", null, null, false);

    ApiException e = rejection(() -> CreatorLifecycle.apply(active(), noReason, NOW));

    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("reason", "is required (1–2,000 characters)"));
  }

  @Test
  void reasonMayHaveTwoThousandCharactersButNotMore() {
    TransitionCommand longest =
        new TransitionCommand(OFFBOARD, "x".repeat(2_000), "", "", null, null, false);
    TransitionCommand tooLong =
        new TransitionCommand(OFFBOARD, "x".repeat(2_001), "", "", null, null, false);

    assertThat(CreatorLifecycle.apply(active(), longest, NOW).next().status())
        .isEqualTo(OFFBOARDED);
    assertThat(rejection(() -> CreatorLifecycle.apply(active(), tooLong, NOW)).fieldViolations())
        .containsExactly(new FieldViolation("reason", "must be at most 2,000 characters"));
  }

  @Test
  void unspecifiedTransitionIsInvalid() {
    TransitionCommand unspecified = new TransitionCommand(null, REASON, "", "", null, null, true);

    ApiException e = rejection(() -> CreatorLifecycle.apply(active(), unspecified, NOW));

    assertThat(e.fieldViolations())
        .containsExactly(
            new FieldViolation(
                "transition", "must be one of SUSPEND, REINSTATE, BAN, UNBAN, OFFBOARD"));
  }

  @Test
  void appealIdIsRefusedWhereTheTransitionTakesNone() {
    for (StatusTransition transition : List.of(SUSPEND, BAN, OFFBOARD)) {
      TransitionCommand valid = validCommand(transition);
      TransitionCommand withAppeal =
          new TransitionCommand(
              transition,
              valid.reason(),
              valid.enforcementActionId(),
              "appeal-1",
              null,
              valid.suspensionEndTime(),
              valid.callerIsService());

      ApiException e = rejection(() -> CreatorLifecycle.apply(active(), withAppeal, NOW));

      assertThat(e.fieldViolations())
          .containsExactly(
              new FieldViolation(
                  "appeal_id",
                  "must be empty for " + transition.name().replace("STATUS_TRANSITION_", "")));
    }
  }

  @Test
  void suspensionEndTimeIsRefusedOutsideSuspend() {
    TransitionCommand offboardWithEnd =
        new TransitionCommand(OFFBOARD, REASON, "", "", null, IN_7_DAYS, false);

    ApiException e = rejection(() -> CreatorLifecycle.apply(active(), offboardWithEnd, NOW));

    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("suspension_end_time", "must be unset for OFFBOARD"));
  }

  @Test
  void everyInvalidFieldIsReportedTogether() {
    TransitionCommand bad = new TransitionCommand(SUSPEND, "", "", "appeal-1", null, NOW, true);

    ApiException e = rejection(() -> CreatorLifecycle.apply(active(), bad, NOW));

    assertThat(e.fieldViolations())
        .extracting(FieldViolation::field)
        .containsExactly("reason", "enforcement_action_id", "appeal_id", "suspension_end_time");
  }

  @Test
  void badInputIsReportedBeforeTheStateIsConsidered() {
    ApiException e = rejection(() -> CreatorLifecycle.apply(offboarded(), banCommand(""), NOW));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
  }

  // ---- the state record ---------------------------------------------------------------------

  @Test
  void statusEnforcementActionIdIsTheSuspensionsOrTheBansAction() {
    assertThat(suspended(IN_3_DAYS, "act-s", 0).statusEnforcementActionId()).isEqualTo("act-s");
    assertThat(banned("act-ban").statusEnforcementActionId()).isEqualTo("act-ban");
    assertThat(
            new LifecycleState(BANNED, true, 0, IN_3_DAYS, "act-s", "act-ban")
                .statusEnforcementActionId())
        .isEqualTo("act-ban");
    assertThat(active().statusEnforcementActionId()).isNull();
  }

  @Test
  void inconsistentStatesCannotBeBuilt() {
    assertThatThrownBy(() -> new LifecycleState(SUSPENDED, true, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LifecycleState(BANNED, true, 0, null, null, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LifecycleState(APPLIED, true, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LifecycleState(ACTIVE, false, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registeredCreatorIsAppliedAndNeverActivated() {
    assertThat(LifecycleState.registered()).isEqualTo(applied(0));
  }
}
