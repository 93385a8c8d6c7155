package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.v1.ActionTypeTally;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.GetGovernanceInsightsRequest;
import io.creatorgov.enforcement.v1.GetGovernanceInsightsResponse;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.RuleInsight;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.time.ProtoTime;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * GetGovernanceInsights adds up to the violations, actions and appeals written, and the same
 * figures are exported as metrics with bounded labels. Each test reads a window that holds only its
 * own reports.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class GovernanceInsightsTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String token) {
    return api.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return as(TestAuthKeys.token("moderation-pipeline", Role.SERVICE));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub policyTeam() {
    return as(TestAuthKeys.token("policy-author-lin", Role.POLICY_AUTHOR));
  }

  private ReportViolationResponse reportIn(String creator, String code) {
    return pipeline().reportViolation(report(creator, "PH", code));
  }

  private String creator() {
    String id = creatorId();
    creatorService.register(id, "PH");
    return id;
  }

  private static GetGovernanceInsightsRequest.Builder insights(Instant from, Instant to) {
    return GetGovernanceInsightsRequest.newBuilder()
        .setMarket("PH")
        .setWindow(
            TimeWindow.newBuilder().setStartTime(ProtoTime.of(from)).setEndTime(ProtoTime.of(to)));
  }

  @Test
  void theInsightsAddUpToTheViolationsActionsAndAppealsWritten() throws Exception {
    Instant from = Instant.now();
    Thread.sleep(5); // reports strictly inside the window
    String repeat = creator();
    reportIn(repeat, "LISTING_SPAM");
    reportIn(repeat, "LISTING_SPAM");
    String appellant = creator();
    ReportViolationResponse counterfeit = reportIn(appellant, "COUNTERFEIT_GOODS");
    var appeal =
        as(TestAuthKeys.token(appellant, Role.CREATOR))
            .fileAppeal(
                FileAppealRequest.newBuilder()
                    .setRequestId(requestId())
                    .setActionId(counterfeit.getAction().getActionId())
                    .setStatement("genuine goods")
                    .build())
            .getAppeal();
    as(TestAuthKeys.token("reviewer-ana", Role.APPEALS_REVIEWER))
        .decideAppeal(
            DecideAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(appeal.getAppealId())
                .setOutcome(AppealOutcome.APPEAL_OUTCOME_OVERTURN)
                .setReasoning("the invoice checks out")
                .build());
    Instant to = Instant.now().plusSeconds(1);

    GetGovernanceInsightsResponse all =
        policyTeam().getGovernanceInsights(insights(from, to).build());
    GetGovernanceInsightsResponse one =
        policyTeam()
            .getGovernanceInsights(
                insights(from, to).addViolationCodes("COUNTERFEIT_GOODS").build());

    Map<String, RuleInsight> byCode =
        all.getRulesList().stream()
            .collect(Collectors.toMap(RuleInsight::getViolationCode, r -> r));
    assertThat(byCode).containsOnlyKeys("LISTING_SPAM", "COUNTERFEIT_GOODS");
    RuleInsight spam = byCode.get("LISTING_SPAM");
    RuleInsight freeze = byCode.get("COUNTERFEIT_GOODS");
    assertThat(spam.getReports()).isEqualTo(2);
    assertThat(spam.getAppealsFiled()).isZero();
    assertThat(spam.getOverturnRate()).isZero();
    assertThat(freeze.getReports()).isEqualTo(1);
    assertThat(freeze.getAppealsFiled()).isEqualTo(1);
    assertThat(freeze.getAppealsDecided()).isEqualTo(1);
    assertThat(freeze.getAppealsOverturned()).isEqualTo(1);
    assertThat(freeze.getOverturnRate()).isEqualTo(1.0);
    assertThat(freeze.getActionsList())
        .extracting(ActionTypeTally::getActionType)
        .containsExactly(counterfeit.getAction().getActionType());
    assertThat(freeze.hasMedianTimeToApplied()).isTrue();
    assertThat(ProtoTime.toDuration(freeze.getMedianTimeToApplied()))
        .isLessThan(Duration.ofSeconds(10));
    // totals are the sum of the rows; every report led to exactly one action
    RuleInsight totals = all.getTotals();
    assertThat(totals.getViolationCode()).isEmpty();
    assertThat(totals.getReports()).isEqualTo(3);
    assertThat(totals.getAppealsOverturned()).isEqualTo(1);
    assertThat(totals.getActionsList().stream().mapToLong(ActionTypeTally::getCount).sum())
        .isEqualTo(3);
    assertThat(totals.getOverturnRate()).isEqualTo(1.0);
    assertThat(one.getRulesList())
        .extracting(RuleInsight::getViolationCode)
        .containsExactly("COUNTERFEIT_GOODS");
    assertThat(one.getTotals().getReports()).isEqualTo(1);

    // the same story as metrics, labelled by market and code only
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "creatorgov_enforcement_reports_total{market=\"PH\",violation_code=\"COUNTERFEIT_GOODS\"}"))
        .body(
            containsString(
                "creatorgov_enforcement_appeals_decided_total{market=\"PH\",outcome=\"OVERTURN\"}"));
  }

  @Test
  void aWindowMustBeBoundedAndForwardAndOnlyPolicyPeopleMayAsk() {
    Instant now = Instant.now();
    ErrorDetails backwards =
        failure(
            () -> policyTeam().getGovernanceInsights(insights(now, now.minusSeconds(60)).build()));
    ErrorDetails tooLong =
        failure(
            () ->
                policyTeam()
                    .getGovernanceInsights(insights(now.minus(Duration.ofDays(400)), now).build()));
    ErrorDetails unknownMarket =
        failure(
            () ->
                policyTeam()
                    .getGovernanceInsights(
                        insights(now.minusSeconds(60), now).setMarket("ZZ").build()));
    ErrorDetails ops =
        failure(
            () ->
                as(TestAuthKeys.token("ops-ben", Role.CREATOR_OPS))
                    .getGovernanceInsights(insights(now.minusSeconds(60), now).build()));

    assertThat(backwards.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(backwards.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("window.end_time");
    assertThat(tooLong.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("window");
    assertThat(unknownMarket.reason()).isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
    assertThat(ops.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }
}
