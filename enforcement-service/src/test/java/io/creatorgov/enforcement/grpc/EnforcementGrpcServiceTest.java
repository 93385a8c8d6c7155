package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.v1.DecisionAutomation;
import io.creatorgov.enforcement.v1.DeliveryState;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.GetViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.RuleKind;
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
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ReportViolation, GetViolation and GetEnforcementAction through the real gRPC API, on real
 * PostgreSQL and Redis, with policy-service (the seed policies) and creator-service faked.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class EnforcementGrpcServiceTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  @FakePolicyService.Inject FakePolicyService.Policies policyService;

  @jakarta.inject.Inject io.creatorgov.policy.client.CachedPolicies cachedPolicies;

  @jakarta.inject.Inject io.smallrye.faulttolerance.api.CircuitBreakerMaintenance circuitBreakers;

  /** Each test starts with healthy peers: an outage staged by an earlier test is over. */
  @org.junit.jupiter.api.BeforeEach
  void peersAreHealthy() {
    circuitBreakers.resetAll();
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String subject, Role... roles) {
    return api.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return as("moderation-pipeline", Role.SERVICE);
  }

  private String creatorIn(String market) {
    String id = creatorId();
    creatorService.register(id, market);
    return id;
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  private static PolicyRef ref(String key, int version, String market) {
    return PolicyRef.newBuilder()
        .setPolicyKey(key)
        .setPolicyVersion(version)
        .setMarket(market)
        .build();
  }

  // ---- decisions under the seed policies ---------------------------------------------------

  @Test
  void aPointsLadderMarketFreezesCommissionForACounterfeitAndPinsEveryPolicyVersion() {
    String creator = creatorIn("MY");

    ReportViolationResponse r =
        pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));

    // 3 points reach the first threshold (traffic restriction, 7 days); the catalogue default,
    // a 30-day commission freeze, is more severe and determines the action
    assertThat(r.getViolation().getStandingImpact().getPoints().getPointsAdded()).isEqualTo(3);
    assertThat(r.getStandingChange().getPoints().getPointsBefore()).isZero();
    assertThat(r.getStandingChange().getPoints().getPointsAfter()).isEqualTo(3);
    assertThat(r.getStandingChange().getThresholdReached().getValue()).isEqualTo(3);
    EnforcementAction action = r.getAction();
    assertThat(action.getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE);
    assertThat(action.getRestrictionTypesList())
        .containsExactly(RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN);
    assertThat(ProtoTime.toDuration(action.getDuration())).isEqualTo(Duration.ofDays(30));
    // creator-service answered within the call: returned APPLIED, as the contract says
    assertThat(action.getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    assertThat(action.getApplication().getState())
        .isEqualTo(DeliveryState.DELIVERY_STATE_DELIVERED);
    assertThat(creatorService.callsFor(action.getActionId())).isEqualTo(1);
    // written in the market's language, with the redress available besides the appeal
    assertThat(action.getStatementOfReasons().getLanguageCode()).isEqualTo("ms");
    assertThat(action.getStatementOfReasons().getRedress().getOutOfCourtSettlementInfo())
        .contains("out-of-court");
    assertThat(action.getStatementOfReasons().getRedress().getJudicialRedressInfo())
        .contains("court");
    var ground = action.getStatementOfReasons().getGround();
    assertThat(ground.getPolicy())
        .isEqualTo(ref(SeedPolicies.CATALOGUE, SeedPolicies.CATALOGUE_VERSION, "MY"));
    assertThat(ground.getOtherPoliciesList())
        .containsExactly(
            ref(SeedPolicies.STANDING, SeedPolicies.STANDING_VERSION, "MY"),
            ref(SeedPolicies.APPEALS, SeedPolicies.APPEALS_VERSION, "MY"));
    assertThat(ground.getRulesAppliedList())
        .filteredOn(rule -> rule.getDeterminative())
        .singleElement()
        .satisfies(rule -> assertThat(rule.getKind()).isEqualTo(RuleKind.RULE_KIND_CATALOGUE_CODE));
    assertThat(ground.getExplanation()).contains("handle-" + creator).contains("COUNTERFEIT_GOODS");
    assertThat(action.getStatementOfReasons().getDecisionAutomation())
        .isEqualTo(DecisionAutomation.DECISION_AUTOMATION_FULLY_AUTOMATED);
    assertThat(action.getStatementOfReasons().getAutomatedDetection()).isTrue();
    assertThat(action.getStatementOfReasons().getTerritorialScopeList())
        .containsExactlyInAnyOrder("ID", "MY", "PH", "SG", "TH", "VN", "JP", "KR");
    assertThat(
            Duration.between(
                ProtoTime.toInstant(action.getStartTime()),
                ProtoTime.toInstant(action.getAppealDeadlineTime())))
        .isEqualTo(Duration.ofDays(30));
    // the freeze opens a commission hold over its window, announced for the payouts system
    assertThat(action.getCommissionHold().getState())
        .isEqualTo(io.creatorgov.enforcement.v1.CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
    assertThat(events(creator))
        .containsExactly(
            "VIOLATION_RECORDED",
            "STANDING_CHANGED",
            "ACTION_DECIDED",
            "COMMISSION_HOLD_OPENED",
            "ACTION_APPLIED");
  }

  @Test
  void aHealthRatingMarketDeductsScoreAndAWarningIsAppliedAtDecision() {
    String creator = creatorIn("ID");

    ReportViolationResponse spam =
        pipeline()
            .reportViolation(
                report(creator, "ID", "LISTING_SPAM").toBuilder().setHumanReviewed(true).build());
    ReportViolationResponse counterfeit =
        pipeline().reportViolation(report(creator, "ID", "COUNTERFEIT_GOODS"));

    // start 200: listing spam deducts 10 (a warning, nothing to deliver)
    assertThat(spam.getStandingChange().getScore().getScoreBefore()).isEqualTo(200);
    assertThat(spam.getStandingChange().getScore().getScoreAfter()).isEqualTo(190);
    assertThat(spam.getAction().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING);
    assertThat(spam.getAction().getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    assertThat(spam.getAction().getApplication().getState())
        .isEqualTo(DeliveryState.DELIVERY_STATE_NOT_REQUIRED);
    assertThat(spam.getAction().getStatementOfReasons().getDecisionAutomation())
        .isEqualTo(DecisionAutomation.DECISION_AUTOMATION_PARTIALLY_AUTOMATED);
    // a counterfeit deducts 50: 190 → 140 crosses the 150 milestone (traffic restriction); the
    // catalogue's 30-day commission freeze is more severe
    assertThat(counterfeit.getStandingChange().getScore().getScoreAfter()).isEqualTo(140);
    assertThat(counterfeit.getStandingChange().getThresholdReached().getValue()).isEqualTo(150);
    assertThat(counterfeit.getViolation().getStandingImpact().getHealth().getScoreDeducted())
        .isEqualTo(50);
    assertThat(counterfeit.getAction().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE);
  }

  @Test
  void aRepeatedLadderThresholdDecidesTheEscalationOfThePolicy() {
    String creator = creatorIn("MY");

    pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM")); // 1 point, warning
    ReportViolationResponse second =
        pipeline().reportViolation(report(creator, "MY", "FAKE_DISCOUNT")); // 3 points

    // the threshold at 3 points (traffic restriction 7 days) outranks content removal
    assertThat(second.getAction().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION);
    assertThat(second.getAction().getRestrictionTypesList())
        .containsExactlyInAnyOrder(
            RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED,
            RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE);
    assertThat(second.getAction().getStatementOfReasons().getGround().getPolicy().getPolicyKey())
        .isEqualTo(SeedPolicies.STANDING);
  }

  // ---- idempotency and serialisation -------------------------------------------------------

  @Test
  void aReplayReturnsTheFirstResponseAndNeverAddsPointsTwice() throws Exception {
    String creator = creatorIn("MY");
    ReportViolationRequest request = report(creator, "MY", "FAKE_DISCOUNT");

    ReportViolationResponse first = pipeline().reportViolation(request);
    ReportViolationResponse replay = pipeline().reportViolation(request);
    ReportViolationResponse next =
        pipeline().reportViolation(request.toBuilder().setRequestId(requestId()).build());

    assertThat(replay).isEqualTo(first);
    assertThat(violations(creator)).isEqualTo(2);
    assertThat(next.getStandingChange().getPoints().getPointsBefore()).isEqualTo(2);
  }

  @Test
  void concurrentReplaysOfOneRequestRecordOneViolation() throws Exception {
    String creator = creatorIn("MY");
    ReportViolationRequest request = report(creator, "MY", "FAKE_DISCOUNT");

    List<ReportViolationResponse> responses =
        together(8, () -> pipeline().reportViolation(request));

    assertThat(responses).hasSize(8);
    assertThat(responses.stream().map(r -> r.getViolation().getViolationId()).distinct())
        .hasSize(1);
    assertThat(violations(creator)).isEqualTo(1);
    assertThat(standingPoints(creator, "MY")).isEqualTo(2);
  }

  @Test
  void twoReportsCrossingAThresholdTogetherEscalateExactlyOnce() throws Exception {
    String creator = creatorIn("MY");
    pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM")); // 1 point: the row exists

    // both reports are sent while another transaction holds the creator's standing row, so they
    // reach the database together; each adds 2 points to 1, and only one of them can be the one
    // that reaches the 3-point threshold. Same observed time: whichever is decided second counts
    // the first in its history (violations observed later than a report are not its history).
    ReportViolationRequest template = report(creator, "MY", "FAKE_DISCOUNT");
    List<ReportViolationResponse> responses;
    try (Connection holder = TestSql.connect()) {
      holder.setAutoCommit(false);
      lockStanding(holder, creator, "MY");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<ReportViolationResponse>> pending = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(2);
        for (int i = 0; i < 2; i++) {
          pending.add(
              pool.submit(
                  () -> {
                    start.await();
                    return pipeline()
                        .reportViolation(template.toBuilder().setRequestId(requestId()).build());
                  }));
        }
        Thread.sleep(800);
        holder.rollback();
        responses = new ArrayList<>();
        for (Future<ReportViolationResponse> f : pending) {
          responses.add(f.get(30, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
    }

    assertThat(responses)
        .extracting(r -> r.getAction().getActionType())
        .containsExactlyInAnyOrder(
            EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION,
            EnforcementActionType.ENFORCEMENT_ACTION_TYPE_CONTENT_REMOVAL);
    assertThat(responses)
        .extracting(r -> r.getStandingChange().getPoints().getPointsAfter())
        .containsExactlyInAnyOrder(3, 5);
  }

  @Test
  void aReportForAnotherCreatorIsNotHeldUpByALockedStanding() throws Exception {
    String busy = creatorIn("MY");
    String other = creatorIn("MY");
    pipeline().reportViolation(report(busy, "MY", "LISTING_SPAM"));

    try (Connection holder = TestSql.connect()) {
      holder.setAutoCommit(false);
      lockStanding(holder, busy, "MY");
      long started = System.nanoTime();
      ReportViolationResponse r = pipeline().reportViolation(report(other, "MY", "LISTING_SPAM"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      holder.rollback();

      assertThat(r.getViolation().getCreatorId()).isEqualTo(other);
      // well below lock_timeout (3 s), which a report waiting on the held row would run into
      assertThat(millis).isLessThan(2_500);
    }
  }

  @Test
  void noTransactionIsOpenWhileAReportWaitsForPolicyOrCreatorService() {
    java.util.function.IntSupplier openTransactions = EnforcementGrpcServiceTest::idleInTransaction;
    policyService.openTransactions = openTransactions;
    creatorService.openTransactions = openTransactions;
    int policyCalls = policyService.calls.get();
    try {
      for (String market : List.of("MY", "ID", "JP")) {
        cachedPolicies.nearCache().invalidateAll(); // so policy-service is asked again
        String creator = creatorIn(market);
        pipeline().reportViolation(report(creator, market, "FAKE_DISCOUNT"));
      }
    } finally {
      policyService.openTransactions = null;
      creatorService.openTransactions = null;
    }

    assertThat(policyService.calls.get()).isGreaterThan(policyCalls);
    assertThat(policyService.callsWithATransactionOpen.get()).isZero();
    assertThat(creatorService.callsWithATransactionOpen.get()).isZero();
  }

  /**
   * Sessions idle inside a transaction that hold a lock on a table a report writes (its standing
   * row, the violation, the request-id claim). The outbox worker's own short claim transactions (on
   * action_delivery) run concurrently and are not what this probe is about, so they are excluded by
   * table rather than by timing.
   */
  private static int idleInTransaction() {
    try (Connection c = TestSql.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(DISTINCT a.pid) FROM pg_stat_activity a"
                    + " JOIN pg_locks l ON l.pid = a.pid"
                    + " JOIN pg_class r ON r.oid = l.relation"
                    + " WHERE a.datname = current_database()"
                    + " AND a.state LIKE 'idle in transaction%' AND a.pid <> pg_backend_pid()"
                    + " AND r.relname IN ('creator_standing', 'violation', 'kit_idempotency_record')")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- delivery ----------------------------------------------------------------------------

  @Test
  void anActionDecidedWhileCreatorServiceIsDownIsAppliedOnceItIsBack() throws Exception {
    String creator = creatorIn("MY");
    creatorService.refuseDeliveries = true;
    ReportViolationResponse r;
    try {
      r = pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
      // creator-service being down never fails the call: the action comes back PENDING
      assertThat(r.getAction().getState())
          .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING);
      String actionId = r.getAction().getActionId();
      GetEnforcementActionRequest get =
          GetEnforcementActionRequest.newBuilder().setActionId(actionId).build();

      // the outbox keeps trying while creator-service refuses; the action stays PENDING
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  pipeline().getEnforcementAction(get).getAction().getApplication().getAttempts()
                      >= 2);
      EnforcementAction pending = pipeline().getEnforcementAction(get).getAction();
      assertThat(pending.getState())
          .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING);
      // the refusal itself, or (from the attempt after the breaker opened on those refusals) the
      // open circuit breaker of the delivery client: which one the second read sees is timing
      assertThat(pending.getApplication().getLastError())
          .containsAnyOf("creator-service", "CreatorServiceClient#deliver circuit breaker is open");
      assertThat(creatorService.callsFor(actionId)).isZero();
    } finally {
      creatorService.refuseDeliveries = false;
    }
    String actionId = r.getAction().getActionId();
    GetEnforcementActionRequest get =
        GetEnforcementActionRequest.newBuilder().setActionId(actionId).build();

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                pipeline().getEnforcementAction(get).getAction().getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    Thread.sleep(1_000); // rounds after the delivery must not deliver it again

    EnforcementAction applied = pipeline().getEnforcementAction(get).getAction();
    assertThat(applied.getApplication().getState())
        .isEqualTo(DeliveryState.DELIVERY_STATE_DELIVERED);
    assertThat(applied.hasAppliedTime()).isTrue();
    // one restriction (COMMISSION_FROZEN), delivered once
    assertThat(creatorService.callsFor(actionId)).isEqualTo(1);
    assertThat(events(creator)).containsOnlyOnce("ACTION_APPLIED");
  }

  @Test
  void aReportIsAcceptedWhileCreatorServiceCannotBeReachedAtAllAndAppliedOnceItIsBack()
      throws Exception {
    String creator = creatorIn("MY");
    creatorService.down = true; // GetCreator as well as the deliveries
    ReportViolationResponse r;
    try {
      r = pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
      assertThat(r.getAction().getState())
          .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING);
      // the handle could not be read: the statement names the creator by id
      assertThat(r.getAction().getStatementOfReasons().getGround().getExplanation())
          .startsWith("Hello " + creator + ",");
    } finally {
      creatorService.down = false;
      circuitBreakers.resetAll();
    }
    GetEnforcementActionRequest get =
        GetEnforcementActionRequest.newBuilder().setActionId(r.getAction().getActionId()).build();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                pipeline().getEnforcementAction(get).getAction().getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    assertThat(creatorService.callsFor(r.getAction().getActionId())).isEqualTo(1);
  }

  @Test
  void anActionWhoseEndPassedBeforeDeliveryExpiresWithoutBeingApplied() throws Exception {
    String creator = creatorIn("MY");
    creatorService.refuseDeliveries = true;
    String actionId;
    try {
      actionId =
          pipeline()
              .reportViolation(report(creator, "MY", "HARASSMENT_IN_LIVE"))
              .getAction()
              .getActionId();
      // as if a one-day restriction had waited out a longer outage of creator-service
      TestSql.execute(
          "UPDATE enforcement_action SET end_at = now() - interval '1 second' WHERE action_id = ?",
          actionId);
    } finally {
      creatorService.refuseDeliveries = false;
    }
    GetEnforcementActionRequest get =
        GetEnforcementActionRequest.newBuilder().setActionId(actionId).build();

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                pipeline().getEnforcementAction(get).getAction().getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_EXPIRED);

    EnforcementAction expired = pipeline().getEnforcementAction(get).getAction();
    assertThat(expired.getApplication().getState())
        .isEqualTo(DeliveryState.DELIVERY_STATE_EXPIRED_BEFORE_DELIVERY);
    assertThat(creatorService.callsFor(actionId)).isZero();
    assertThat(events(creator)).contains("ACTION_EXPIRED").doesNotContain("ACTION_APPLIED");
  }

  // ---- errors ------------------------------------------------------------------------------

  @Test
  void aCodeOutsideTheCatalogueIsInvalidNamingTheCatalogueVersion() {
    String creator = creatorIn("MY");

    ErrorDetails e =
        failure(() -> pipeline().reportViolation(report(creator, "MY", "NOT_IN_CATALOGUE")));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("policy_key", SeedPolicies.CATALOGUE)
        .containsEntry("policy_version", Integer.toString(SeedPolicies.CATALOGUE_VERSION));
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(v -> v.getField())
        .containsExactly("violation_code");
  }

  @Test
  void aCreatorCannotReportAndOthersNeedServiceOrModerator() {
    String creator = creatorIn("MY");

    ErrorDetails self =
        failure(
            () ->
                as(creator, Role.CREATOR).reportViolation(report(creator, "MY", "FAKE_DISCOUNT")));
    ErrorDetails auditor =
        failure(
            () -> as("aud", Role.AUDITOR).reportViolation(report(creator, "MY", "FAKE_DISCOUNT")));

    assertThat(self.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(self.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(auditor.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(
            as("mod-1", Role.MODERATOR)
                .reportViolation(
                    report(creator, "MY", "FAKE_DISCOUNT").toBuilder()
                        .setDetectionSource(
                            io.creatorgov.enforcement.v1.DetectionSource.DETECTION_SOURCE_MODERATOR)
                        .build())
                .getViolation()
                .getHumanReviewed())
        .isTrue();
  }

  @Test
  void aCreatorOfAnotherMarketOrAnUnknownCreatorIsRefused() {
    String creator = creatorIn("ID");

    ErrorDetails wrongMarket =
        failure(() -> pipeline().reportViolation(report(creator, "MY", "FAKE_DISCOUNT")));
    ErrorDetails unknown =
        failure(() -> pipeline().reportViolation(report(creatorId(), "MY", "FAKE_DISCOUNT")));

    assertThat(wrongMarket.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(wrongMarket.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("market");
    assertThat(unknown.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(unknown.reason()).isEqualTo(ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND);
  }

  @Test
  void aNoticeIsRequiredForUserReportsAndADisabledMarketIsRefused() {
    String creator = creatorIn("MY");

    ErrorDetails noNotice =
        failure(
            () ->
                pipeline()
                    .reportViolation(
                        report(creator, "MY", "FAKE_DISCOUNT").toBuilder()
                            .setDetectionSource(
                                io.creatorgov.enforcement.v1.DetectionSource
                                    .DETECTION_SOURCE_USER_REPORT)
                            .build()));
    ErrorDetails disabled =
        failure(() -> pipeline().reportViolation(report(creator, "HK", "FAKE_DISCOUNT")));

    assertThat(noNotice.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noNotice.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("notice");
    assertThat(disabled.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_DISABLED);
  }

  // ---- reads -------------------------------------------------------------------------------

  @Test
  void aCreatorReadsTheirOwnViolationAndActionButNotAnothers() {
    String creator = creatorIn("MY");
    ReportViolationResponse r = pipeline().reportViolation(report(creator, "MY", "FAKE_DISCOUNT"));
    GetViolationRequest getViolation =
        GetViolationRequest.newBuilder().setViolationId(r.getViolation().getViolationId()).build();
    GetEnforcementActionRequest getAction =
        GetEnforcementActionRequest.newBuilder().setActionId(r.getAction().getActionId()).build();

    assertThat(as(creator, Role.CREATOR).getViolation(getViolation).getViolation())
        .isEqualTo(r.getViolation());
    assertThat(as(creator, Role.CREATOR).getEnforcementAction(getAction).getAction().getActionId())
        .isEqualTo(r.getAction().getActionId());
    ErrorDetails other = failure(() -> as(creatorId(), Role.CREATOR).getViolation(getViolation));
    ErrorDetails outOfScope =
        failure(
            () ->
                api.withCallCredentials(
                        BearerAuth.of(
                            TestAuthKeys.scopedToken(
                                "ops-vn", new String[] {"VN"}, Role.CREATOR_OPS)))
                    .getEnforcementAction(getAction));
    ErrorDetails missing =
        failure(
            () ->
                as("aud", Role.AUDITOR)
                    .getViolation(
                        GetViolationRequest.newBuilder().setViolationId("vio_none").build()));

    assertThat(other.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(outOfScope.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
    assertThat(missing.code()).isEqualTo(Status.Code.NOT_FOUND);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static <T> List<T> together(int n, Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CyclicBarrier start = new CyclicBarrier(n);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void lockStanding(Connection holder, String creator, String market)
      throws Exception {
    try (PreparedStatement lock =
        holder.prepareStatement(
            "SELECT 1 FROM creator_standing WHERE creator_id = ? AND market = ? FOR UPDATE")) {
      lock.setString(1, creator);
      lock.setString(2, market);
      assertThat(lock.executeQuery().next()).as("standing row of " + creator).isTrue();
    }
  }

  private static int violations(String creator) throws Exception {
    return count("SELECT count(*) FROM violation WHERE creator_id = ?", creator);
  }

  private static int standingPoints(String creator, String market) throws Exception {
    try (Connection c = TestSql.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT active_points FROM creator_standing WHERE creator_id = ? AND market = ?")) {
      s.setString(1, creator);
      s.setString(2, market);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static List<String> events(String creator) {
    try (Connection c = TestSql.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event_type FROM enforcement_event WHERE creator_id = ? ORDER BY sequence")) {
      s.setString(1, creator);
      List<String> types = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          types.add(rs.getString(1).replace("ENFORCEMENT_EVENT_TYPE_", ""));
        }
      }
      return types;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int count(String sql, String parameter) throws Exception {
    try (Connection c = TestSql.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
