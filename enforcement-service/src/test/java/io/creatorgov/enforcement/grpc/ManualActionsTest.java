package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.ContentType;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.GroundType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ViolationCategory;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.v1.ActionModification;
import io.creatorgov.enforcement.v1.ActionOrigin;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.AppealState;
import io.creatorgov.enforcement.v1.CommissionHoldState;
import io.creatorgov.enforcement.v1.Consequence;
import io.creatorgov.enforcement.v1.ConsequenceKind;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.DecideAppealResponse;
import io.creatorgov.enforcement.v1.DecisionAutomation;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.IssueManualActionRequest;
import io.creatorgov.enforcement.v1.RuleKind;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.time.ProtoTime;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * IssueManualAction and the replacement actions of appeals decided MODIFY, through the real gRPC
 * API with policy-service (seed policies) and creator-service faked.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class ManualActionsTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  @jakarta.inject.Inject io.smallrye.faulttolerance.api.CircuitBreakerMaintenance circuitBreakers;

  /** Each test starts with healthy peers: an outage staged by another test is over. */
  @org.junit.jupiter.api.BeforeEach
  void peersAreHealthy() {
    circuitBreakers.resetAll();
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String token) {
    return api.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub ops() {
    return as(TestAuthKeys.token("ops-ben", Role.CREATOR_OPS));
  }

  private String creatorIn(String market) {
    String id = creatorId();
    creatorService.register(id, market);
    return id;
  }

  private static IssueManualActionRequest.Builder manual(String creator, String market) {
    return IssueManualActionRequest.newBuilder()
        .setRequestId(requestId())
        .setCreatorId(creator)
        .setMarket(market)
        .setReason("seller kept streaming a replica after two warnings in chat");
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  @Test
  void anOperatorsSuspensionWithItsOwnGroundIsAppliedWithinTheCall() {
    String creator = creatorIn("MY");

    EnforcementAction a =
        ops()
            .issueManualAction(
                manual(creator, "MY")
                    .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION)
                    .setDuration(ProtoTime.of(Duration.ofDays(3)))
                    .setGroundType(GroundType.GROUND_TYPE_INCOMPATIBLE_WITH_TERMS)
                    .setLegalReference("Seller terms §4.2")
                    .setCategory(ViolationCategory.VIOLATION_CATEGORY_SCAMS_AND_FRAUD)
                    .build())
            .getAction();

    assertThat(a.getOrigin()).isEqualTo(ActionOrigin.ACTION_ORIGIN_MANUAL);
    assertThat(a.getState()).isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    assertThat(a.getStatusChange().getTargetStatus())
        .isEqualTo(CreatorStatus.CREATOR_STATUS_SUSPENDED);
    var statement = a.getStatementOfReasons();
    assertThat(statement.getDecisionAutomation())
        .isEqualTo(DecisionAutomation.DECISION_AUTOMATION_NOT_AUTOMATED);
    assertThat(statement.getFactsAndCircumstances()).contains("replica after two warnings");
    assertThat(statement.getGround().getLegalReference()).isEqualTo("Seller terms §4.2");
    assertThat(statement.getGround().getViolationCode()).isEmpty();
    assertThat(statement.getGround().getRulesAppliedList())
        .singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo(RuleKind.RULE_KIND_MANUAL_DECISION));
    assertThat(statement.getRedress().getInternalAppealAvailable()).isTrue();
    assertThat(creatorService.callsOf(a.getActionId()))
        .containsExactly(a.getActionId() + " STATUS_TRANSITION_SUSPEND");
  }

  @Test
  void aManualFreezeCitingACodeTakesItsGroundFromTheCatalogueAndOpensAHold() {
    String creator = creatorIn("MY");

    EnforcementAction a =
        ops()
            .issueManualAction(
                manual(creator, "MY")
                    .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE)
                    .setDuration(ProtoTime.of(Duration.ofDays(7)))
                    .addAdditionalRestrictionTypes(RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE)
                    .setViolationCode("COUNTERFEIT_GOODS")
                    .setContentType(ContentType.CONTENT_TYPE_LIVE_STREAM)
                    .build())
            .getAction();

    assertThat(a.getRestrictionTypesList())
        .containsExactlyInAnyOrder(
            RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN,
            RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE);
    assertThat(a.getStatementOfReasons().getGround().getViolationCode())
        .isEqualTo("COUNTERFEIT_GOODS");
    assertThat(a.getStatementOfReasons().getGround().getPolicy().getPolicyKey())
        .isEqualTo(SeedPolicies.CATALOGUE);
    assertThat(a.getCommissionHold().getState())
        .isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
  }

  @Test
  void everyBrokenFieldRuleIsReportedAtOnceAndNothingIsRecorded() {
    String creator = creatorIn("MY");

    ErrorDetails refused =
        failure(
            () ->
                ops()
                    .issueManualAction(
                        manual(creator, "MY")
                            .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING)
                            .setDuration(ProtoTime.of(Duration.ofDays(1)))
                            .addAdditionalRestrictionTypes(
                                RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED)
                            .build()));

    assertThat(refused.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(v -> v.getField())
        .containsExactlyInAnyOrder(
            "duration",
            "additional_restriction_types",
            "ground_type",
            "legal_reference",
            "category");
    assertThat(
            ops()
                .listEnforcementActions(
                    io.creatorgov.enforcement.v1.ListEnforcementActionsRequest.newBuilder()
                        .setCreatorId(creator)
                        .build())
                .getActionsList())
        .isEmpty();
  }

  @Test
  void aBanModifiedOnAppealIsUnbannedBeforeItsReplacementSuspensionApplies() {
    String creator = creatorIn("MY");
    EnforcementAction ban =
        ops()
            .issueManualAction(
                manual(creator, "MY")
                    .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_BAN)
                    .setViolationCode("COUNTERFEIT_GOODS")
                    .build())
            .getAction();
    Appeal appeal =
        as(TestAuthKeys.token(creator, Role.CREATOR))
            .fileAppeal(
                FileAppealRequest.newBuilder()
                    .setRequestId(requestId())
                    .setActionId(ban.getActionId())
                    .setStatement("first offence; a ban is disproportionate")
                    .build())
            .getAppeal();

    DecideAppealResponse decided =
        as(TestAuthKeys.token("reviewer-ana", Role.APPEALS_REVIEWER))
            .decideAppeal(
                DecideAppealRequest.newBuilder()
                    .setRequestId(requestId())
                    .setAppealId(appeal.getAppealId())
                    .setOutcome(AppealOutcome.APPEAL_OUTCOME_MODIFY)
                    .setModification(
                        ActionModification.newBuilder()
                            .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION)
                            .setDuration(ProtoTime.of(Duration.ofDays(30))))
                    .setReasoning("a 30-day suspension is proportionate for a first offence")
                    .build());

    EnforcementAction replacement = decided.getReplacementAction();
    assertThat(decided.getAppeal().getState()).isEqualTo(AppealState.APPEAL_STATE_MODIFIED);
    assertThat(decided.getAction().getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_MODIFIED);
    assertThat(decided.getAction().getReplacedByActionId()).isEqualTo(replacement.getActionId());
    assertThat(replacement.getReplacesActionId()).isEqualTo(ban.getActionId());
    assertThat(replacement.getOrigin()).isEqualTo(ActionOrigin.ACTION_ORIGIN_APPEAL_MODIFICATION);
    assertThat(replacement.getStatementOfReasons().getRedress().getInternalAppealAvailable())
        .isFalse();
    assertThat(decided.getAppeal().getDecision().getModification().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION);
    assertThat(decided.getAppeal().getDecision().getConsequencesList())
        .extracting(Consequence::getKind)
        .containsExactly(
            ConsequenceKind.CONSEQUENCE_KIND_ACTION_MODIFIED,
            ConsequenceKind.CONSEQUENCE_KIND_STATUS_REVERSED,
            ConsequenceKind.CONSEQUENCE_KIND_REPLACEMENT_ISSUED);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                action(replacement.getActionId()).getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    List<String> calls = creatorService.calls;
    // the UNBAN cites the appeal that modified the ban
    int unban =
        calls.indexOf(ban.getActionId() + " STATUS_TRANSITION_UNBAN " + appeal.getAppealId());
    int suspend = calls.indexOf(replacement.getActionId() + " STATUS_TRANSITION_SUSPEND");
    assertThat(unban).as("the ban is lifted").isNotNegative();
    assertThat(suspend).as("the replacement is applied after it").isGreaterThan(unban);

    // the replacement was the outcome of the one appeal: it cannot be appealed itself
    ErrorDetails again =
        failure(
            () ->
                as(TestAuthKeys.token(creator, Role.CREATOR))
                    .fileAppeal(
                        FileAppealRequest.newBuilder()
                            .setRequestId(requestId())
                            .setActionId(replacement.getActionId())
                            .setStatement("still too harsh")
                            .build()));
    assertThat(again.reason()).isEqualTo(ErrorReason.ERROR_REASON_PRECONDITION_FAILED);
  }

  private EnforcementAction action(String actionId) {
    return ops()
        .getEnforcementAction(
            GetEnforcementActionRequest.newBuilder().setActionId(actionId).build())
        .getAction();
  }
}
