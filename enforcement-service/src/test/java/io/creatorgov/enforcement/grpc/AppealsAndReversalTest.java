package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.reversal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.rpc.BadRequest.FieldViolation;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.enforcement.v1.ActionModification;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.AppealState;
import io.creatorgov.enforcement.v1.CommissionHold;
import io.creatorgov.enforcement.v1.CommissionHoldState;
import io.creatorgov.enforcement.v1.Consequence;
import io.creatorgov.enforcement.v1.ConsequenceKind;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.DecideAppealResponse;
import io.creatorgov.enforcement.v1.DeliveryState;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.FileAppealResponse;
import io.creatorgov.enforcement.v1.GetAppealRequest;
import io.creatorgov.enforcement.v1.GetCommissionHoldRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.HoldSettlementReason;
import io.creatorgov.enforcement.v1.RecordHeldCommissionRequest;
import io.creatorgov.enforcement.v1.RecordHeldCommissionResponse;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionRequest;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionResponse;
import io.creatorgov.enforcement.v1.StartAppealReviewRequest;
import io.creatorgov.enforcement.v1.StartAppealReviewResponse;
import io.creatorgov.enforcement.v1.WithdrawAppealRequest;
import io.creatorgov.enforcement.v1.WithdrawAppealResponse;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.time.ProtoTime;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Appeals, reversals and the commission holds that wait for them, through the real gRPC API on real
 * PostgreSQL, with policy-service (the seed policies) and creator-service faked. A counterfeit in
 * MY (points ladder) decides a 30-day COMMISSION_FREEZE: 3 points, COMMISSION_FROZEN, a hold.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class AppealsAndReversalTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  @FakePolicyService.Inject FakePolicyService.Policies policyService;

  @jakarta.inject.Inject io.creatorgov.policy.client.CachedPolicies cachedPolicies;

  @jakarta.inject.Inject io.smallrye.faulttolerance.api.CircuitBreakerMaintenance circuitBreakers;

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String token) {
    return api.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return as(TestAuthKeys.token("moderation-pipeline", Role.SERVICE));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub reviewer() {
    return as(TestAuthKeys.token("reviewer-ana", Role.APPEALS_REVIEWER));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub ops() {
    return as(TestAuthKeys.token("ops-ben", Role.CREATOR_OPS));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub self(String creator) {
    return as(TestAuthKeys.token(creator, Role.CREATOR));
  }

  /** A creator in MY with an applied 30-day commission freeze for a counterfeit. */
  private ReportViolationResponse frozen() {
    String creator = creatorId();
    creatorService.register(creator, "MY");
    ReportViolationResponse r =
        pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                action(r.getAction().getActionId()).getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    return r;
  }

  private EnforcementAction action(String actionId) {
    return ops()
        .getEnforcementAction(
            GetEnforcementActionRequest.newBuilder().setActionId(actionId).build())
        .getAction();
  }

  private Appeal file(ReportViolationResponse r) {
    return self(r.getViolation().getCreatorId())
        .fileAppeal(
            FileAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setActionId(r.getAction().getActionId())
                .setStatement("the item was genuine; the invoice is attached")
                .build())
        .getAppeal();
  }

  private DecideAppealRequest decide(Appeal appeal, AppealOutcome outcome) {
    return DecideAppealRequest.newBuilder()
        .setRequestId(requestId())
        .setAppealId(appeal.getAppealId())
        .setOutcome(outcome)
        .setReasoning("reviewed the invoice")
        .build();
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  // ---- commission holds --------------------------------------------------------------------

  @Test
  void aCommissionFreezeOpensAHoldOverItsWindowThatPayoutsReportsInto() {
    ReportViolationResponse r = frozen();
    CommissionHold hold = r.getAction().getCommissionHold();
    assertThat(hold.getState()).isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
    assertThat(hold.getSalesWindow().getStartTime()).isEqualTo(r.getAction().getStartTime());
    assertThat(hold.getSalesWindow().getEndTime()).isEqualTo(r.getAction().getEndTime());
    // settled at the later of the window's end (30 days) and the appeal deadline
    assertThat(ProtoTime.toInstant(hold.getSettleTime()))
        .isEqualTo(
            max(
                ProtoTime.toInstant(r.getAction().getEndTime()),
                ProtoTime.toInstant(r.getAction().getAppealDeadlineTime())));

    Instant asOf = Instant.now();
    CommissionHold reported =
        pipeline().recordHeldCommission(amount(hold, 125_000, "MYR", asOf)).getHold();
    CommissionHold older =
        pipeline().recordHeldCommission(amount(hold, 1, "MYR", asOf.minusMillis(100))).getHold();
    ErrorDetails wrongCurrency =
        failure(() -> pipeline().recordHeldCommission(amount(hold, 5, "SGD", asOf)));

    assertThat(reported.getAmountHeld().getAmountMinor()).isEqualTo(125_000);
    assertThat(reported.getAmountReported().getActor().getSubject())
        .isEqualTo("moderation-pipeline");
    assertThat(older.getAmountHeld().getAmountMinor())
        .as("an older report changes nothing")
        .isEqualTo(125_000);
    assertThat(wrongCurrency.reason()).isEqualTo(ErrorReason.ERROR_REASON_CURRENCY_MISMATCH);
    assertThat(
            ops()
                .getCommissionHold(
                    GetCommissionHoldRequest.newBuilder().setHoldId(hold.getHoldId()).build())
                .getHold()
                .getAmountHeld()
                .getAmountMinor())
        .isEqualTo(125_000);
  }

  @Test
  void aHoldPastItsSettleTimeWithNoAppealIsForfeitedByTheSettlementJob() throws Exception {
    ReportViolationResponse r = frozen();
    String holdId = r.getAction().getCommissionHold().getHoldId();

    settleTimeHasPassed(holdId);

    CommissionHold settled =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> hold(holdId),
                h -> h.getState() != CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
    assertThat(settled.getState()).isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_FORFEITED);
    assertThat(settled.getSettlementReason())
        .isEqualTo(HoldSettlementReason.HOLD_SETTLEMENT_REASON_NOT_APPEALED);
    assertThat(settled.getSettled().getActor().getSubject())
        .isEqualTo("commission-hold-settlement");
  }

  @Test
  void anOpenAppealKeepsTheHoldHeldPastItsSettleTime() throws Exception {
    ReportViolationResponse r = frozen();
    file(r);
    String holdId = r.getAction().getCommissionHold().getHoldId();

    settleTimeHasPassed(holdId);
    Thread.sleep(1_500); // three settlement rounds

    assertThat(hold(holdId).getState()).isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
  }

  // ---- appeals -----------------------------------------------------------------------------

  @Test
  void anOverturnedAppealRestoresStandingLiftsTheRestrictionAndReleasesTheHold() {
    ReportViolationResponse r = frozen();
    String actionId = r.getAction().getActionId();
    Appeal appeal = file(r);
    assertThat(appeal.getState()).isEqualTo(AppealState.APPEAL_STATE_OPEN);
    assertThat(action(actionId).getAppealId()).isEqualTo(appeal.getAppealId());

    Appeal reviewing =
        reviewer()
            .startAppealReview(
                StartAppealReviewRequest.newBuilder()
                    .setRequestId(requestId())
                    .setAppealId(appeal.getAppealId())
                    .build())
            .getAppeal();
    DecideAppealResponse decided =
        reviewer().decideAppeal(decide(reviewing, AppealOutcome.APPEAL_OUTCOME_OVERTURN));

    assertThat(reviewing.getState()).isEqualTo(AppealState.APPEAL_STATE_UNDER_REVIEW);
    assertThat(decided.getAppeal().getState()).isEqualTo(AppealState.APPEAL_STATE_OVERTURNED);
    assertThat(decided.getAction().getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_OVERTURNED);
    assertThat(decided.getStandingChange().getPoints().getPointsBefore()).isEqualTo(3);
    assertThat(decided.getStandingChange().getPoints().getPointsAfter()).isZero();
    assertThat(decided.getAction().getCommissionHold().getState())
        .isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_RELEASED);
    assertThat(decided.getAction().getCommissionHold().getSettlementReason())
        .isEqualTo(HoldSettlementReason.HOLD_SETTLEMENT_REASON_APPEAL_OVERTURNED);
    assertThat(decided.getAppeal().getDecision().getConsequencesList())
        .extracting(Consequence::getKind)
        .containsExactly(
            ConsequenceKind.CONSEQUENCE_KIND_ACTION_OVERTURNED,
            ConsequenceKind.CONSEQUENCE_KIND_STANDING_RESTORED,
            ConsequenceKind.CONSEQUENCE_KIND_RESTRICTION_LIFTED,
            ConsequenceKind.CONSEQUENCE_KIND_COMMISSION_RELEASED);

    // the lift reaches creator-service through the outbox, citing the appeal
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                action(actionId).getReversal().getState()
                    == DeliveryState.DELIVERY_STATE_DELIVERED);
    assertThat(creatorService.callsOf(actionId))
        .containsExactly(
            actionId + " RESTRICTION_TYPE_COMMISSION_FROZEN",
            actionId + " LIFT " + appeal.getAppealId());

    // the creator's next report starts from 0 points again
    ReportViolationResponse next =
        pipeline().reportViolation(report(r.getViolation().getCreatorId(), "MY", "LISTING_SPAM"));
    assertThat(next.getStandingChange().getPoints().getPointsBefore()).isZero();
  }

  @Test
  void anUpheldAppealForfeitsTheHoldAndTheActionStands() {
    ReportViolationResponse r = frozen();
    Appeal appeal = file(r);

    DecideAppealResponse decided =
        reviewer().decideAppeal(decide(appeal, AppealOutcome.APPEAL_OUTCOME_UPHOLD));

    assertThat(decided.getAppeal().getState()).isEqualTo(AppealState.APPEAL_STATE_UPHELD);
    assertThat(decided.getAction().getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    assertThat(decided.getAction().getCommissionHold().getSettlementReason())
        .isEqualTo(HoldSettlementReason.HOLD_SETTLEMENT_REASON_APPEAL_UPHELD);
    assertThat(decided.hasStandingChange()).isFalse();
    assertThat(decided.getAppeal().getDecision().getConsequencesList())
        .extracting(Consequence::getKind)
        .containsExactly(
            ConsequenceKind.CONSEQUENCE_KIND_ACTION_UPHELD,
            ConsequenceKind.CONSEQUENCE_KIND_COMMISSION_FORFEITED);
  }

  @Test
  void onlyAHumanReviewerDecidesAndAnActionGetsOneAppeal() {
    ReportViolationResponse r = frozen();
    Appeal appeal = file(r);

    ErrorDetails serviceAccount =
        failure(
            () ->
                as(TestAuthKeys.token("appeals-bot", Role.SERVICE, Role.APPEALS_REVIEWER))
                    .decideAppeal(decide(appeal, AppealOutcome.APPEAL_OUTCOME_OVERTURN)));
    ErrorDetails second = failure(() -> file(r));
    Appeal withdrawn =
        self(r.getViolation().getCreatorId())
            .withdrawAppeal(
                WithdrawAppealRequest.newBuilder()
                    .setRequestId(requestId())
                    .setAppealId(appeal.getAppealId())
                    .setReason("changed my mind")
                    .build())
            .getAppeal();
    ErrorDetails afterWithdrawal =
        failure(
            () -> reviewer().decideAppeal(decide(appeal, AppealOutcome.APPEAL_OUTCOME_OVERTURN)));

    assertThat(serviceAccount.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(serviceAccount.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(second.reason()).isEqualTo(ErrorReason.ERROR_REASON_APPEAL_ALREADY_FILED);
    assertThat(second.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("appeal_id", appeal.getAppealId());
    assertThat(withdrawn.getState()).isEqualTo(AppealState.APPEAL_STATE_WITHDRAWN);
    assertThat(afterWithdrawal.reason())
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(afterWithdrawal.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "WITHDRAWN");
  }

  @Test
  void anAppealAfterTheDeadlineIsRefusedWithTheDeadline() throws Exception {
    ReportViolationResponse r = frozen();
    String actionId = r.getAction().getActionId();
    execute(
        "UPDATE enforcement_action SET appeal_deadline_at = now() - interval '1 minute'"
            + " WHERE action_id = ?",
        actionId);

    ErrorDetails late = failure(() -> file(r));

    assertThat(late.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(late.reason()).isEqualTo(ErrorReason.ERROR_REASON_APPEAL_WINDOW_CLOSED);
    assertThat(late.errorInfo().orElseThrow().getMetadataMap()).containsKey("deadline");
  }

  @Test
  void anActionWithoutAnInternalAppealIsRefusedWithTheDecisionAsItsDeadline() throws Exception {
    ReportViolationResponse r = frozen();
    String actionId = r.getAction().getActionId();
    execute(
        "UPDATE enforcement_action SET appeal_deadline_at = NULL WHERE action_id = ?", actionId);

    ErrorDetails refused = failure(() -> file(r));

    assertThat(refused.reason()).isEqualTo(ErrorReason.ERROR_REASON_APPEAL_WINDOW_CLOSED);
    assertThat(Instant.parse(refused.errorInfo().orElseThrow().getMetadataMap().get("deadline")))
        .as("the window closed as the action was decided")
        .isEqualTo(ProtoTime.toInstant(r.getAction().getCreateTime()));
  }

  // ---- reversal outside an appeal ----------------------------------------------------------

  @Test
  void aReversalOnACourtOrderUndoesEveryEffectAndRecordsItsBasis() {
    ReportViolationResponse r = frozen();
    String actionId = r.getAction().getActionId();

    ReverseEnforcementActionResponse reversed =
        ops().reverseEnforcementAction(reversal(actionId, true));
    ErrorDetails again = failure(() -> ops().reverseEnforcementAction(reversal(actionId, true)));

    EnforcementAction a = reversed.getAction();
    assertThat(a.getState()).isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_REVERSED);
    assertThat(a.getReversalRecord().getBasis())
        .isEqualTo(ReversalBasis.REVERSAL_BASIS_COURT_ORDER);
    assertThat(a.getReversalRecord().getStandingRestored()).isTrue();
    assertThat(a.getReversalRecord().getReversed().getReason()).isEqualTo("court order 12/2026");
    assertThat(a.getCommissionHold().getSettlementReason())
        .isEqualTo(HoldSettlementReason.HOLD_SETTLEMENT_REASON_ACTION_REVERSED);
    assertThat(reversed.getStandingChange().getPoints().getPointsAfter()).isZero();
    assertThat(reversed.getConsequencesList())
        .extracting(Consequence::getKind)
        .containsExactly(
            ConsequenceKind.CONSEQUENCE_KIND_ACTION_REVERSED,
            ConsequenceKind.CONSEQUENCE_KIND_STANDING_RESTORED,
            ConsequenceKind.CONSEQUENCE_KIND_RESTRICTION_LIFTED,
            ConsequenceKind.CONSEQUENCE_KIND_COMMISSION_RELEASED);
    assertThat(again.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> creatorService.callsOf(actionId).contains(actionId + " LIFT "));
  }

  @Test
  void anActionWithAnOpenAppealIsDecidedNotReversed() {
    ReportViolationResponse r = frozen();
    Appeal appeal = file(r);

    ErrorDetails refused =
        failure(() -> ops().reverseEnforcementAction(reversal(r.getAction().getActionId(), false)));

    assertThat(refused.reason()).isEqualTo(ErrorReason.ERROR_REASON_PRECONDITION_FAILED);
    assertThat(refused.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("appeal_id", appeal.getAppealId());
  }

  @Test
  void anApplicationStillPendingIsCancelledNotDeliveredWhenTheActionIsReversed() {
    String creator = creatorId();
    creatorService.register(creator, "MY");
    creatorService.refuseDeliveries = true;
    ReportViolationResponse r;
    ReverseEnforcementActionResponse reversed;
    try {
      r = pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
      reversed = ops().reverseEnforcementAction(reversal(r.getAction().getActionId(), false));
    } finally {
      creatorService.refuseDeliveries = false;
    }
    String actionId = r.getAction().getActionId();

    assertThat(reversed.getAction().getApplication().getState())
        .isIn(DeliveryState.DELIVERY_STATE_CANCELLED, DeliveryState.DELIVERY_STATE_PENDING);
    // whatever may have landed is undone; nothing is applied after the reversal
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              EnforcementAction a = action(actionId);
              return a.getReversal().getState() != DeliveryState.DELIVERY_STATE_PENDING
                  || a.getApplication().getState() == DeliveryState.DELIVERY_STATE_CANCELLED;
            });
    assertThat(creatorService.callsOf(actionId))
        .doesNotContain(actionId + " RESTRICTION_TYPE_COMMISSION_FROZEN");
  }

  // ---- undoing a suspension or a ban at creator-service -------------------------------------

  @Test
  void anOverturnedSuspensionReinstatesTheCreatorCitingTheAppeal() {
    // DANGEROUS_GOODS in MY: 6 points (a 14-day traffic restriction) but the catalogue's 7-day
    // SUSPENSION is more severe, so the decision suspends
    ReportViolationResponse r = appliedFor("DANGEROUS_GOODS");
    String actionId = r.getAction().getActionId();
    assertThat(r.getAction().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION);
    Appeal appeal = file(r);

    reviewer().decideAppeal(decide(appeal, AppealOutcome.APPEAL_OUTCOME_OVERTURN));

    awaitReversalDelivered(actionId);
    assertThat(creatorService.callsOf(actionId))
        .contains(
            actionId + " STATUS_TRANSITION_SUSPEND",
            actionId + " STATUS_TRANSITION_REINSTATE " + appeal.getAppealId());
  }

  @Test
  void anOverturnedBanUnbansTheCreatorCitingTheAppeal() {
    ReportViolationResponse r = appliedFor("MINOR_SAFETY");
    String actionId = r.getAction().getActionId();
    assertThat(r.getAction().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_BAN);
    Appeal appeal = file(r);

    reviewer().decideAppeal(decide(appeal, AppealOutcome.APPEAL_OUTCOME_OVERTURN));

    awaitReversalDelivered(actionId);
    assertThat(creatorService.callsOf(actionId))
        .contains(
            actionId + " STATUS_TRANSITION_BAN",
            actionId + " STATUS_TRANSITION_UNBAN " + appeal.getAppealId());
  }

  @Test
  void aBanReversedOnACourtOrderIsLiftedWithUnbanCitingTheBasis() {
    ReportViolationResponse r = appliedFor("MINOR_SAFETY");
    String actionId = r.getAction().getActionId();

    ops().reverseEnforcementAction(reversal(actionId, false));

    awaitReversalDelivered(actionId);
    assertThat(creatorService.callsOf(actionId))
        .contains(
            actionId + " STATUS_TRANSITION_BAN",
            actionId + " STATUS_TRANSITION_UNBAN REVERSAL_BASIS_COURT_ORDER");
  }

  // ---- withdrawal ----------------------------------------------------------------------------

  @Test
  void aWithdrawalAfterTheSettleTimeForfeitsTheHoldAtOnceByTheWithdrawingCreator()
      throws Exception {
    ReportViolationResponse r = frozen();
    String creator = r.getViolation().getCreatorId();
    String holdId = r.getAction().getCommissionHold().getHoldId();
    Appeal appeal = file(r);
    settleTimeHasPassed(holdId);

    WithdrawAppealRequest withdrawal =
        WithdrawAppealRequest.newBuilder()
            .setRequestId(requestId())
            .setAppealId(appeal.getAppealId())
            .build();
    self(creator).withdrawAppeal(withdrawal);
    CommissionHold after = hold(holdId);

    // forfeited in the withdrawal's own transaction, not by the settlement job's next round
    assertThat(after.getState()).isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_FORFEITED);
    assertThat(after.getSettlementReason())
        .isEqualTo(HoldSettlementReason.HOLD_SETTLEMENT_REASON_APPEAL_WITHDRAWN);
    assertThat(after.getSettled().getActor().getSubject()).isEqualTo(creator);
    assertThat(after.getSettled().getRequestId()).isEqualTo(withdrawal.getRequestId());
  }

  @Test
  void aWithdrawalBeforeTheSettleTimeLeavesTheHoldHeld() {
    ReportViolationResponse r = frozen();
    Appeal appeal = file(r);

    self(r.getViolation().getCreatorId())
        .withdrawAppeal(
            WithdrawAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(appeal.getAppealId())
                .build());

    assertThat(hold(r.getAction().getCommissionHold().getHoldId()).getState())
        .isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
  }

  @Test
  void anotherCreatorCannotWithdrawAnAppealNorLearnItsEtag() {
    Appeal appeal = file(frozen());

    ErrorDetails refused =
        failure(
            () ->
                self(creatorId())
                    .withdrawAppeal(
                        WithdrawAppealRequest.newBuilder()
                            .setRequestId(requestId())
                            .setAppealId(appeal.getAppealId())
                            .setEtag("stale-etag")
                            .build()));

    assertThat(refused.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(refused.errorInfo().orElseThrow().getMetadataMap())
        .doesNotContainKey("current_etag");
  }

  // ---- DecideAppeal: modification rules, one decision ------------------------------------------

  @Test
  void aModificationIsRequiredForModifyAndRefusedForOtherOutcomes() {
    Appeal appeal = file(frozen());
    ActionModification warning =
        ActionModification.newBuilder()
            .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING)
            .build();

    ErrorDetails missing =
        failure(() -> reviewer().decideAppeal(decide(appeal, AppealOutcome.APPEAL_OUTCOME_MODIFY)));
    ErrorDetails unexpected =
        failure(
            () ->
                reviewer()
                    .decideAppeal(
                        decide(appeal, AppealOutcome.APPEAL_OUTCOME_UPHOLD).toBuilder()
                            .setModification(warning)
                            .build()));
    ErrorDetails invalid =
        failure(
            () ->
                reviewer()
                    .decideAppeal(
                        decide(appeal, AppealOutcome.APPEAL_OUTCOME_MODIFY).toBuilder()
                            .setModification(
                                warning.toBuilder()
                                    .setDuration(ProtoTime.of(java.time.Duration.ofDays(1))))
                            .build()));

    for (ErrorDetails e : List.of(missing, unexpected)) {
      assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
          .extracting(FieldViolation::getField)
          .containsExactly("modification");
    }
    // the replacement is checked like IssueManualAction's fields of the same names
    assertThat(invalid.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(invalid.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(FieldViolation::getField)
        .containsExactly("modification.duration");
  }

  @Test
  void twoReviewersDecidingOneAppealAtOnceGiveExactlyOneDecision() throws Exception {
    ReportViolationResponse r = frozen();
    Appeal appeal = file(r);
    List<DecideAppealRequest> decisions =
        List.of(
            decide(appeal, AppealOutcome.APPEAL_OUTCOME_UPHOLD),
            decide(appeal, AppealOutcome.APPEAL_OUTCOME_OVERTURN));
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<DecideAppealResponse>> calls = new ArrayList<>();
    try {
      for (DecideAppealRequest d : decisions) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return reviewer().decideAppeal(d);
                }));
      }
      start.countDown();
      List<DecideAppealResponse> won = new ArrayList<>();
      List<ErrorDetails> lost = new ArrayList<>();
      for (Future<DecideAppealResponse> call : calls) {
        try {
          won.add(call.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          lost.add(ErrorDetails.of(e.getCause()));
        }
      }

      assertThat(won).as("exactly one decision wins").hasSize(1);
      assertThat(lost).hasSize(1);
      assertThat(lost.get(0).reason())
          .isIn(
              ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION,
              ErrorReason.ERROR_REASON_CONCURRENT_MODIFICATION);
      DecideAppealResponse winner = won.get(0);
      boolean overturned = winner.getAppeal().getState() == AppealState.APPEAL_STATE_OVERTURNED;
      // the stored appeal and the hold follow the winner alone
      assertThat(
              reviewer()
                  .getAppeal(
                      GetAppealRequest.newBuilder().setAppealId(appeal.getAppealId()).build())
                  .getAppeal()
                  .getState())
          .isEqualTo(winner.getAppeal().getState());
      assertThat(hold(r.getAction().getCommissionHold().getHoldId()).getState())
          .isEqualTo(
              overturned
                  ? CommissionHoldState.COMMISSION_HOLD_STATE_RELEASED
                  : CommissionHoldState.COMMISSION_HOLD_STATE_FORFEITED);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- replays -------------------------------------------------------------------------------

  @Test
  void aReplayOfEachAppealCommandReturnsTheFirstResponseAndChangesNothing() {
    ReportViolationResponse r = frozen();
    EnforcementServiceGrpc.EnforcementServiceBlockingStub creator =
        self(r.getViolation().getCreatorId());
    FileAppealRequest filing =
        FileAppealRequest.newBuilder()
            .setRequestId(requestId())
            .setActionId(r.getAction().getActionId())
            .setStatement("the item was genuine")
            .build();
    FileAppealResponse filed = creator.fileAppeal(filing);
    StartAppealReviewRequest start =
        StartAppealReviewRequest.newBuilder()
            .setRequestId(requestId())
            .setAppealId(filed.getAppeal().getAppealId())
            .build();
    StartAppealReviewResponse started = reviewer().startAppealReview(start);
    DecideAppealRequest decision = decide(filed.getAppeal(), AppealOutcome.APPEAL_OUTCOME_OVERTURN);
    DecideAppealResponse decided = reviewer().decideAppeal(decision);

    // replayed after the appeal moved on: each returns what it returned first
    assertThat(creator.fileAppeal(filing)).isEqualTo(filed);
    assertThat(reviewer().startAppealReview(start)).isEqualTo(started);
    assertThat(reviewer().decideAppeal(decision)).isEqualTo(decided);
    assertThat(filed.getAppeal().getState()).isEqualTo(AppealState.APPEAL_STATE_OPEN);

    ReportViolationResponse other = frozen();
    Appeal second = file(other);
    WithdrawAppealRequest withdrawal =
        WithdrawAppealRequest.newBuilder()
            .setRequestId(requestId())
            .setAppealId(second.getAppealId())
            .build();
    EnforcementServiceGrpc.EnforcementServiceBlockingStub otherCreator =
        self(other.getViolation().getCreatorId());
    WithdrawAppealResponse withdrawn = otherCreator.withdrawAppeal(withdrawal);
    assertThat(otherCreator.withdrawAppeal(withdrawal)).isEqualTo(withdrawn);
  }

  @Test
  void aReplayOfAReversalOrAnAmountReportReturnsTheFirstResponse() {
    ReportViolationResponse r = frozen();
    CommissionHold hold = r.getAction().getCommissionHold();
    RecordHeldCommissionRequest report = amount(hold, 100, "MYR", Instant.now());
    RecordHeldCommissionResponse reported = pipeline().recordHeldCommission(report);
    pipeline().recordHeldCommission(amount(hold, 200, "MYR", Instant.now()));

    RecordHeldCommissionResponse replayed = pipeline().recordHeldCommission(report);

    assertThat(replayed).isEqualTo(reported);
    assertThat(replayed.getHold().getAmountHeld().getAmountMinor()).isEqualTo(100);
    assertThat(hold(hold.getHoldId()).getAmountHeld().getAmountMinor())
        .as("the replay changed nothing")
        .isEqualTo(200);

    ReverseEnforcementActionRequest reversal = reversal(r.getAction().getActionId(), true);
    ReverseEnforcementActionResponse reversed = ops().reverseEnforcementAction(reversal);
    assertThat(ops().reverseEnforcementAction(reversal)).isEqualTo(reversed);
  }

  @Test
  void replaysOfAReportAnOverturnAndAStandingReversalAreAnsweredWhilePolicyServiceIsDown()
      throws Exception {
    String creator = creatorId();
    creatorService.register(creator, "MY");
    ReportViolationRequest reporting = report(creator, "MY", "COUNTERFEIT_GOODS");
    ReportViolationResponse reported = pipeline().reportViolation(reporting);
    ReportViolationResponse overturnedOne = frozen();
    Appeal appeal = file(overturnedOne);
    reviewer()
        .startAppealReview(
            StartAppealReviewRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(appeal.getAppealId())
                .build());
    DecideAppealRequest overturn = decide(appeal, AppealOutcome.APPEAL_OUTCOME_OVERTURN);
    DecideAppealResponse overturned = reviewer().decideAppeal(overturn);
    ReverseEnforcementActionRequest reversal = reversal(frozen().getAction().getActionId(), true);
    ReverseEnforcementActionResponse reversed = ops().reverseEnforcementAction(reversal);

    // each of them needs the market's policies for a first delivery; a replay needs none
    policyService.whileDown(
        cachedPolicies.nearCache()::invalidateAll,
        circuitBreakers::resetAll,
        () -> {
          assertThat(pipeline().reportViolation(reporting)).isEqualTo(reported);
          assertThat(reviewer().decideAppeal(overturn)).isEqualTo(overturned);
          assertThat(ops().reverseEnforcementAction(reversal)).isEqualTo(reversed);
        });
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A creator in MY with the action decided for one report of {@code code}, applied. */
  private ReportViolationResponse appliedFor(String code) {
    String creator = creatorId();
    creatorService.register(creator, "MY");
    ReportViolationResponse r = pipeline().reportViolation(report(creator, "MY", code));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                action(r.getAction().getActionId()).getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    return r;
  }

  private void awaitReversalDelivered(String actionId) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                action(actionId).getReversal().getState()
                    == DeliveryState.DELIVERY_STATE_DELIVERED);
  }

  private static RecordHeldCommissionRequest amount(
      CommissionHold hold, long minor, String currency, Instant asOf) {
    return RecordHeldCommissionRequest.newBuilder()
        .setRequestId(requestId())
        .setHoldId(hold.getHoldId())
        .setAmountHeld(Money.newBuilder().setAmountMinor(minor).setCurrencyCode(currency))
        .setAsOfTime(ProtoTime.of(asOf))
        .build();
  }

  private CommissionHold hold(String holdId) {
    return ops()
        .getCommissionHold(GetCommissionHoldRequest.newBuilder().setHoldId(holdId).build())
        .getHold();
  }

  private static void settleTimeHasPassed(String holdId) throws Exception {
    execute(
        "UPDATE commission_hold SET settle_at = now() - interval '1 second' WHERE hold_id = ?",
        holdId);
  }

  private static void execute(String sql, String id) throws Exception {
    try (Connection c = TestSql.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
