package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.service.Simulations;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.CancelSimulationRequest;
import io.creatorgov.enforcement.v1.CommissionHold;
import io.creatorgov.enforcement.v1.CreateSimulationRequest;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc.EnforcementServiceBlockingStub;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.GetAppealRequest;
import io.creatorgov.enforcement.v1.GetCommissionHoldRequest;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.GetGovernanceInsightsRequest;
import io.creatorgov.enforcement.v1.GetSimulationRequest;
import io.creatorgov.enforcement.v1.GetViolationRequest;
import io.creatorgov.enforcement.v1.IssueManualActionRequest;
import io.creatorgov.enforcement.v1.ListAppealsRequest;
import io.creatorgov.enforcement.v1.ListCommissionHoldsRequest;
import io.creatorgov.enforcement.v1.ListEnforcementActionsRequest;
import io.creatorgov.enforcement.v1.ListSimulationResultsRequest;
import io.creatorgov.enforcement.v1.ListSimulationsRequest;
import io.creatorgov.enforcement.v1.ListViolationsRequest;
import io.creatorgov.enforcement.v1.RecordHeldCommissionRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionRequest;
import io.creatorgov.enforcement.v1.StartAppealReviewRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.enforcement.v1.WithdrawAppealRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.feed.FeedRetentionJob;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.testing.conformance.ErrorConformance;
import io.creatorgov.kit.testing.conformance.ErrorConformance.Call;
import io.creatorgov.kit.testing.conformance.InFlightRequest;
import io.creatorgov.kit.testing.conformance.RowLock;
import io.creatorgov.kit.testing.conformance.RpcInvoker;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.client.CachedPolicies;
import io.grpc.Context;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every error the implemented EnforcementService RPCs document under {@code Errors:} in the
 * contract, produced through the real gRPC API and checked for its code, reason, metadata and
 * details (see {@link ErrorConformance}). An RPC joins {@link #IMPLEMENTED} when it is built; from
 * then on a documented error without a call here fails.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class EnforcementErrorConformanceTest {
  private static final String PIPELINE = "moderation-pipeline-conformance";
  private static final List<String> IMPLEMENTED =
      List.of(
          "ReportViolation",
          "GetViolation",
          "GetEnforcementAction",
          "ListViolations",
          "ListEnforcementActions",
          "GetCreatorStanding",
          "FileAppeal",
          "GetAppeal",
          "StartAppealReview",
          "DecideAppeal",
          "WithdrawAppeal",
          "ReverseEnforcementAction",
          "IssueManualAction",
          "GetGovernanceInsights",
          "GetCommissionHold",
          "RecordHeldCommission",
          "ListAppeals",
          "ListCommissionHolds",
          "StreamEnforcementEvents",
          "CreateSimulation",
          "GetSimulation",
          "ListSimulations",
          "ListSimulationResults",
          "CancelSimulation");
  private static final String AUTHOR = "policy-author-conformance";
  private static final String REVIEWER = "reviewer-conformance";
  private static final String OPS = "ops-conformance";
  private static final String STALE_ETAG = "stale-etag";

  @GrpcClient("enforcement")
  EnforcementServiceBlockingStub grpc;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;

  @FakePolicyService.Inject FakePolicyService.Policies policies;

  @Inject CachedPolicies cachedPolicies;

  @Inject CircuitBreakerMaintenance circuitBreakers;

  @Inject Simulations simulations;

  @Inject FeedRetentionJob feedRetention;

  @ConfigProperty(name = "creatorgov.feed.max-streams")
  int maxStreams;

  @TestFactory
  Stream<DynamicTest> everyDocumentedErrorOfTheImplementedRpcsIsProducedAsDocumented() {
    ErrorConformance catalogue =
        ErrorConformance.of(EnforcementServiceGrpc.SERVICE_NAME)
            .forRpcs(IMPLEMENTED)
            .onEveryRpc("UNAUTHENTICATED/TOKEN_MISSING", rpc -> () -> invoker().call(rpc, null))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_INVALID", rpc -> () -> invoker().call(rpc, "not-a-jwt"))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_EXPIRED",
                rpc -> () -> invoker().call(rpc, TestAuthKeys.expiredToken(PIPELINE, Role.SERVICE)))
            .onEveryRpc(
                "PERMISSION_DENIED/ROLE_REQUIRED",
                rpc -> () -> invoker().call(rpc, TestAuthKeys.token("nobody")));
    reports(catalogue);
    reads(catalogue);
    lists(catalogue);
    standings(catalogue);
    filings(catalogue);
    appealReads(catalogue);
    reviews(catalogue);
    decisions(catalogue);
    withdrawals(catalogue);
    reversals(catalogue);
    holdReads(catalogue);
    holdAmounts(catalogue);
    manualActions(catalogue);
    insights(catalogue);
    feed(catalogue);
    simulationCreation(catalogue);
    simulationReads(catalogue);
    simulationCancellation(catalogue);
    return catalogue.tests();
  }

  private void reports(ErrorConformance c) {
    c.on(
            "ReportViolation",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> reportIn("MY", r -> r.setViolationCode("NOT_IN_THE_CATALOGUE")))
        .on(
            "ReportViolation",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> reportIn("MY", r -> r.setMarket("ZZ")))
        .on(
            "ReportViolation",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> reportIn("MY", r -> r.setMarket("HK")))
        .on(
            "ReportViolation",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ReportViolationRequest first = request("MY");
              pipeline().reportViolation(first);
              pipeline()
                  .reportViolation(first.toBuilder().setViolationCode("LISTING_SPAM").build());
            })
        .on(
            "ReportViolation",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> pipeline().reportViolation(report(creatorId(), "MY", "FAKE_DISCOUNT")))
        .on(
            "ReportViolation",
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> withoutPolicy(SeedPolicies.CATALOGUE, "MY", () -> reportIn("MY", r -> r)))
        .on(
            "ReportViolation",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(PIPELINE, new String[] {"VN"}, Role.SERVICE))
                    .reportViolation(request("MY")))
        .on(
            "ReportViolation",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ReportViolationRequest r = request("MY");
              InFlightRequest.whileInFlight(
                  "ReportViolation",
                  PIPELINE,
                  r.getRequestId(),
                  () -> pipeline().reportViolation(r));
            })
        .on(
            "ReportViolation",
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              ReportViolationRequest r = request("ID");
              policyServiceDown(() -> pipeline().reportViolation(r));
            })
        .on(
            "ReportViolation",
            "DEADLINE_EXCEEDED/DEADLINE_EXCEEDED",
            () -> {
              ReportViolationRequest r = request("MY");
              creatorServiceSlow(() -> pipeline().reportViolation(r));
            });
  }

  private void reads(ErrorConformance c) {
    for (String rpc : List.of("GetViolation", "GetEnforcementAction")) {
      c.on(rpc, "NOT_FOUND/RESOURCE_NOT_FOUND", () -> read(rpc, as(ops()), "vio_none", "act_none"))
          .on(
              rpc,
              "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
              () ->
                  readReported(
                      rpc,
                      as(
                          TestAuthKeys.scopedToken(
                              "ops-vn", new String[] {"VN"}, Role.CREATOR_OPS))))
          .on(
              rpc,
              "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
              () -> readReported(rpc, as(TestAuthKeys.token(creatorId(), Role.CREATOR))));
    }
  }

  private void lists(ErrorConformance c) {
    for (String rpc :
        List.of("ListViolations", "ListEnforcementActions", "ListAppeals", "ListCommissionHolds")) {
      c.on(rpc, "INVALID_ARGUMENT/INVALID_ARGUMENT", () -> list(rpc, as(ops()), -1, "", "", ""))
          .on(rpc, "INVALID_ARGUMENT/UNKNOWN_MARKET", () -> list(rpc, as(ops()), 0, "", "", "ZZ"))
          .on(
              rpc,
              "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
              () -> list(rpc, as(ops()), 0, "not-a-page-token", "", ""))
          .on(
              rpc,
              "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
              () -> list(rpc, as(vietnamOps()), 0, "", "", "MY"))
          .on(
              rpc,
              "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
              () ->
                  list(
                      rpc,
                      as(TestAuthKeys.token(creatorId(), Role.CREATOR)),
                      0,
                      "",
                      creatorId(),
                      ""));
    }
  }

  private void standings(ErrorConformance c) {
    String rpc = "GetCreatorStanding";
    c.on(rpc, "INVALID_ARGUMENT/INVALID_ARGUMENT", () -> standing(as(ops()), "", "MY"))
        .on(rpc, "INVALID_ARGUMENT/UNKNOWN_MARKET", () -> standing(as(ops()), creatorId(), "ZZ"))
        .on(rpc, "INVALID_ARGUMENT/MARKET_DISABLED", () -> standing(as(ops()), creatorId(), "HK"))
        .on(
            rpc,
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () ->
                withoutPolicy(
                    SeedPolicies.STANDING, "MY", () -> standing(as(ops()), creatorId(), "MY")))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> standing(as(vietnamOps()), creatorId(), "MY"))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> standing(as(TestAuthKeys.token(creatorId(), Role.CREATOR)), creatorId(), "MY"))
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> policyServiceDown(() -> standing(as(ops()), creatorId(), "ID")));
  }

  private void feed(ErrorConformance c) {
    String rpc = "StreamEnforcementEvents";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_RESUME_TOKEN",
            () ->
                stream(
                    pipeline(),
                    StreamEnforcementEventsRequest.newBuilder().setResumeToken("forged")))
        .on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                stream(
                    pipeline(),
                    StreamEnforcementEventsRequest.newBuilder()
                        .setResumeToken(currentFeedPosition())
                        .setStartFromNow(true)))
        .on(
            rpc,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () ->
                stream(
                    pipeline(),
                    StreamEnforcementEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("ZZ")))
        .on(
            rpc,
            "OUT_OF_RANGE/RESUME_TOKEN_EXPIRED",
            () -> {
              String before = currentFeedPosition();
              ReportViolationRequest aged = request("MY");
              pipeline().reportViolation(aged);
              TestSql.execute(
                  "UPDATE enforcement_event SET occurred_at = now() - interval '400 days'"
                      + " WHERE creator_id = ?",
                  aged.getCreatorId());
              feedRetention
                  .purgeBefore(Instant.now().minus(Duration.ofDays(30)))
                  .await()
                  .indefinitely();
              try {
                stream(
                    pipeline(), StreamEnforcementEventsRequest.newBuilder().setResumeToken(before));
              } finally {
                TestSql.execute("DELETE FROM kit_feed_horizon");
              }
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                stream(
                    as(TestAuthKeys.scopedToken(PIPELINE, new String[] {"VN"}, Role.SERVICE)),
                    StreamEnforcementEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("MY")))
        .on(rpc, "UNAVAILABLE/OVERLOADED", () -> openStreams(maxStreams + 1));
  }

  private void simulationCreation(ErrorConformance c) {
    String rpc = "CreateSimulation";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> author().createSimulation(simulation("MY", Duration.ofDays(181))))
        .on(
            rpc,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> author().createSimulation(simulation("ZZ", Duration.ofHours(2))))
        .on(
            rpc,
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> author().createSimulation(simulation("HK", Duration.ofHours(2))))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              CreateSimulationRequest first = simulation("MY", Duration.ofHours(2));
              author().createSimulation(first);
              // the same request id with another market
              author().createSimulation(first.toBuilder().clearMarkets().addMarkets("ID").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                author()
                    .createSimulation(
                        simulation("MY", Duration.ofHours(2)).toBuilder()
                            .setPolicyVersion(99)
                            .build()))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(AUTHOR, new String[] {"VN"}, Role.POLICY_AUTHOR))
                    .createSimulation(simulation("MY", Duration.ofHours(2))))
        .on(
            rpc,
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () ->
                author()
                    .createSimulation(
                        simulation("MY", Duration.ofHours(2)).toBuilder()
                            .setPolicyKey("commission.caps")
                            .build()))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              CreateSimulationRequest r = simulation("MY", Duration.ofHours(2));
              InFlightRequest.whileInFlight(
                  rpc, AUTHOR, r.getRequestId(), () -> author().createSimulation(r));
            })
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () ->
                policyServiceDown(
                    () -> author().createSimulation(simulation("MY", Duration.ofHours(2)))))
        .on(
            rpc,
            "UNAVAILABLE/OVERLOADED",
            () -> {
              int limit = simulations.limitActive(0);
              try {
                author().createSimulation(simulation("MY", Duration.ofHours(2)));
              } finally {
                simulations.limitActive(limit);
              }
            })
        .on(
            rpc,
            "DEADLINE_EXCEEDED/DEADLINE_EXCEEDED",
            () -> {
              policies.delayMillis = 3_000;
              try {
                author().createSimulation(simulation("MY", Duration.ofHours(2)));
              } finally {
                policies.delayMillis = 0;
                circuitBreakers.resetAll();
              }
            });
  }

  private void simulationReads(ErrorConformance c) {
    c.on(
            "GetSimulation",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> author().getSimulation(getSimulation("sim_none")))
        .on(
            "GetSimulation",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamAuditor().getSimulation(getSimulation(createdInMalaysia())))
        .on(
            "ListSimulations",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                author()
                    .listSimulations(ListSimulationsRequest.newBuilder().setPageSize(-1).build()))
        .on(
            "ListSimulations",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                author()
                    .listSimulations(
                        ListSimulationsRequest.newBuilder()
                            .setPageToken("not-a-page-token")
                            .build()));
    String rpc = "ListSimulationResults";
    c.on(rpc, "INVALID_ARGUMENT/INVALID_ARGUMENT", () -> results(author(), "sim_none", -1, "", ""))
        .on(
            rpc,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> results(author(), "sim_none", 0, "", "ZZ"))
        .on(
            rpc,
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () -> results(author(), "sim_none", 0, "not-a-page-token", ""))
        .on(rpc, "NOT_FOUND/RESOURCE_NOT_FOUND", () -> results(author(), "sim_none", 0, "", ""))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> results(vietnamAuditor(), createdInMalaysia(), 0, "", ""))
        .on(
            rpc,
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> {
              String id = createdInMalaysia();
              author().cancelSimulation(cancel(id));
              results(author(), id, 0, "", "");
            });
  }

  private void simulationCancellation(ErrorConformance c) {
    String rpc = "CancelSimulation";
    c.on(rpc, "INVALID_ARGUMENT/INVALID_ARGUMENT", () -> author().cancelSimulation(cancel("")))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              CancelSimulationRequest first = cancel(createdInMalaysia());
              author().cancelSimulation(first);
              author().cancelSimulation(first.toBuilder().setSimulationId("sim_other").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> author().cancelSimulation(cancel("sim_none")))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(AUTHOR, new String[] {"VN"}, Role.POLICY_AUTHOR))
                    .cancelSimulation(cancel(createdInMalaysia())))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              CancelSimulationRequest r = cancel(createdInMalaysia());
              InFlightRequest.whileInFlight(
                  rpc, AUTHOR, r.getRequestId(), () -> author().cancelSimulation(r));
            });
  }

  /** A simulation of the seed catalogue (published version 3) in {@code market}, ending now. */
  private static CreateSimulationRequest simulation(String market, Duration length) {
    Instant end = Instant.now().minusSeconds(5);
    return CreateSimulationRequest.newBuilder()
        .setRequestId(EnforcementFixtures.requestId())
        .setPolicyKey(SeedPolicies.CATALOGUE)
        .setPolicyVersion(SeedPolicies.CATALOGUE_VERSION)
        .addMarkets(market)
        .setReplayWindow(
            TimeWindow.newBuilder()
                .setStartTime(ProtoTime.of(end.minus(length)))
                .setEndTime(ProtoTime.of(end)))
        .build();
  }

  private String createdInMalaysia() {
    return author()
        .createSimulation(simulation("MY", Duration.ofHours(2)))
        .getSimulation()
        .getSimulationId();
  }

  private static GetSimulationRequest getSimulation(String id) {
    return GetSimulationRequest.newBuilder().setSimulationId(id).build();
  }

  private static CancelSimulationRequest cancel(String id) {
    return CancelSimulationRequest.newBuilder()
        .setRequestId(EnforcementFixtures.requestId())
        .setSimulationId(id)
        .build();
  }

  private static void results(
      EnforcementServiceBlockingStub stub, String id, int pageSize, String token, String market) {
    stub.listSimulationResults(
        ListSimulationResultsRequest.newBuilder()
            .setSimulationId(id)
            .setPageSize(pageSize)
            .setPageToken(token)
            .setMarket(market)
            .build());
  }

  private EnforcementServiceBlockingStub author() {
    return as(TestAuthKeys.token(AUTHOR, Role.POLICY_AUTHOR));
  }

  private EnforcementServiceBlockingStub vietnamAuditor() {
    return as(TestAuthKeys.scopedToken("auditor-vn", new String[] {"VN"}, Role.AUDITOR));
  }

  private void filings(ErrorConformance c) {
    String rpc = "FileAppeal";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> {
              ReportViolationResponse r = frozen();
              owner(r).fileAppeal(filing(r).toBuilder().setStatement("").build());
            })
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ReportViolationResponse r = frozen();
              FileAppealRequest first = filing(r);
              owner(r).fileAppeal(first);
              owner(r).fileAppeal(first.toBuilder().setStatement("another statement").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                as(ops())
                    .fileAppeal(
                        FileAppealRequest.newBuilder()
                            .setRequestId(requestId())
                            .setActionId("act_none")
                            .setStatement("no such action")
                            .build()))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> as(vietnamOps()).fileAppeal(filing(frozen())))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> as(TestAuthKeys.token(creatorId(), Role.CREATOR)).fileAppeal(filing(frozen())))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ReportViolationResponse r = frozen();
              FileAppealRequest f = filing(r);
              InFlightRequest.whileInFlight(
                  rpc, creatorOf(r), f.getRequestId(), () -> owner(r).fileAppeal(f));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/APPEAL_WINDOW_CLOSED",
            () -> {
              ReportViolationResponse r = frozen();
              TestSql.execute(
                  "UPDATE enforcement_action SET appeal_deadline_at = now() - interval '1 minute'"
                      + " WHERE action_id = ?",
                  r.getAction().getActionId());
              owner(r).fileAppeal(filing(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/APPEAL_ALREADY_FILED",
            () -> {
              ReportViolationResponse r = frozen();
              owner(r).fileAppeal(filing(r));
              owner(r).fileAppeal(filing(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              ReportViolationResponse r = frozen();
              as(ops()).reverseEnforcementAction(reversal(r.getAction().getActionId()));
              owner(r).fileAppeal(filing(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> {
              ReportViolationResponse r = frozen();
              TestSql.execute(
                  "UPDATE enforcement_action SET origin = 'APPEAL_MODIFICATION'"
                      + " WHERE action_id = ?",
                  r.getAction().getActionId());
              owner(r).fileAppeal(filing(r));
            });
  }

  private void appealReads(ErrorConformance c) {
    String rpc = "GetAppeal";
    c.on(rpc, "NOT_FOUND/RESOURCE_NOT_FOUND", () -> getAppeal(as(ops()), "apl_none"))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> getAppeal(as(vietnamOps()), appealed().getAppealId()))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                getAppeal(
                    as(TestAuthKeys.token(creatorId(), Role.CREATOR)), appealed().getAppealId()));
  }

  private void reviews(ErrorConformance c) {
    String rpc = "StartAppealReview";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> as(reviewerToken()).startAppealReview(startReview("")))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              StartAppealReviewRequest first = startReview(appealed().getAppealId());
              as(reviewerToken()).startAppealReview(first);
              as(reviewerToken())
                  .startAppealReview(
                      first.toBuilder().setAppealId(appealed().getAppealId()).build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> as(reviewerToken()).startAppealReview(startReview("apl_none")))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> as(vietnamReviewer()).startAppealReview(startReview(appealed().getAppealId())))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                as(reviewerToken())
                    .startAppealReview(
                        startReview(appealed().getAppealId()).toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              StartAppealReviewRequest s = startReview(appealed().getAppealId());
              InFlightRequest.whileInFlight(
                  rpc, REVIEWER, s.getRequestId(), () -> as(reviewerToken()).startAppealReview(s));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              String appealId = appealed().getAppealId();
              as(reviewerToken()).startAppealReview(startReview(appealId));
              as(reviewerToken()).startAppealReview(startReview(appealId));
            });
  }

  private void decisions(ErrorConformance c) {
    String rpc = "DecideAppeal";
    c.on(
            rpc,
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> {
              String appealId = appealed().getAppealId();
              withoutPolicy(
                  SeedPolicies.STANDING,
                  "MY",
                  () ->
                      as(reviewerToken())
                          .decideAppeal(decision(appealId, AppealOutcome.APPEAL_OUTCOME_OVERTURN)));
            })
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              String appealId = appealed().getAppealId();
              policyServiceDown(
                  () ->
                      as(reviewerToken())
                          .decideAppeal(decision(appealId, AppealOutcome.APPEAL_OUTCOME_OVERTURN)));
            });
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            // MODIFY without the replacement action it requires
            () ->
                as(reviewerToken())
                    .decideAppeal(
                        decision(appealed().getAppealId(), AppealOutcome.APPEAL_OUTCOME_MODIFY)))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              DecideAppealRequest first =
                  decision(appealed().getAppealId(), AppealOutcome.APPEAL_OUTCOME_UPHOLD);
              as(reviewerToken()).decideAppeal(first);
              as(reviewerToken())
                  .decideAppeal(first.toBuilder().setReasoning("other reasoning").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                as(reviewerToken())
                    .decideAppeal(decision("apl_none", AppealOutcome.APPEAL_OUTCOME_UPHOLD)))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(vietnamReviewer())
                    .decideAppeal(
                        decision(appealed().getAppealId(), AppealOutcome.APPEAL_OUTCOME_OVERTURN)))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                as(reviewerToken())
                    .decideAppeal(
                        decision(appealed().getAppealId(), AppealOutcome.APPEAL_OUTCOME_UPHOLD)
                            .toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              String appealId = appealed().getAppealId();
              RowLock.whileLocked(
                  "appeal",
                  "appeal_id",
                  appealId,
                  () ->
                      as(reviewerToken())
                          .decideAppeal(decision(appealId, AppealOutcome.APPEAL_OUTCOME_UPHOLD)));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              DecideAppealRequest d =
                  decision(appealed().getAppealId(), AppealOutcome.APPEAL_OUTCOME_UPHOLD);
              InFlightRequest.whileInFlight(
                  rpc, REVIEWER, d.getRequestId(), () -> as(reviewerToken()).decideAppeal(d));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              String appealId = appealed().getAppealId();
              as(reviewerToken())
                  .decideAppeal(decision(appealId, AppealOutcome.APPEAL_OUTCOME_UPHOLD));
              as(reviewerToken())
                  .decideAppeal(decision(appealId, AppealOutcome.APPEAL_OUTCOME_OVERTURN));
            });
  }

  private void withdrawals(ErrorConformance c) {
    String rpc = "WithdrawAppeal";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> {
              Appeal appeal = appealed();
              appellant(appeal)
                  .withdrawAppeal(
                      withdrawal(appeal.getAppealId()).toBuilder()
                          .setReason("x".repeat(2_001))
                          .build());
            })
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              Appeal appeal = appealed();
              WithdrawAppealRequest first = withdrawal(appeal.getAppealId());
              appellant(appeal).withdrawAppeal(first);
              appellant(appeal).withdrawAppeal(first.toBuilder().setReason("other").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> as(ops()).withdrawAppeal(withdrawal("apl_none")))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> as(vietnamOps()).withdrawAppeal(withdrawal(appealed().getAppealId())))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                as(TestAuthKeys.token(creatorId(), Role.CREATOR))
                    .withdrawAppeal(withdrawal(appealed().getAppealId())))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () -> {
              Appeal appeal = appealed();
              appellant(appeal)
                  .withdrawAppeal(
                      withdrawal(appeal.getAppealId()).toBuilder().setEtag(STALE_ETAG).build());
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              Appeal appeal = appealed();
              WithdrawAppealRequest w = withdrawal(appeal.getAppealId());
              InFlightRequest.whileInFlight(
                  rpc,
                  appeal.getCreatorId(),
                  w.getRequestId(),
                  () -> appellant(appeal).withdrawAppeal(w));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              Appeal appeal = appealed();
              appellant(appeal).withdrawAppeal(withdrawal(appeal.getAppealId()));
              appellant(appeal).withdrawAppeal(withdrawal(appeal.getAppealId()));
            });
  }

  private void reversals(ErrorConformance c) {
    String rpc = "ReverseEnforcementAction";
    c.on(
            rpc,
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> {
              String actionId = frozen().getAction().getActionId();
              withoutPolicy(
                  SeedPolicies.STANDING,
                  "MY",
                  () -> as(ops()).reverseEnforcementAction(restoring(actionId)));
            })
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              String actionId = frozen().getAction().getActionId();
              policyServiceDown(() -> as(ops()).reverseEnforcementAction(restoring(actionId)));
            });
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                as(ops())
                    .reverseEnforcementAction(
                        reversal(frozen().getAction().getActionId()).toBuilder()
                            .setBasis(ReversalBasis.REVERSAL_BASIS_UNSPECIFIED)
                            .build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ReverseEnforcementActionRequest first = reversal(frozen().getAction().getActionId());
              as(ops()).reverseEnforcementAction(first);
              as(ops())
                  .reverseEnforcementAction(first.toBuilder().setReason("another reason").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> as(ops()).reverseEnforcementAction(reversal("act_none")))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(vietnamOps())
                    .reverseEnforcementAction(reversal(frozen().getAction().getActionId())))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                as(ops())
                    .reverseEnforcementAction(
                        reversal(frozen().getAction().getActionId()).toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              String actionId = frozen().getAction().getActionId();
              RowLock.whileLocked(
                  "enforcement_action",
                  "action_id",
                  actionId,
                  () -> as(ops()).reverseEnforcementAction(reversal(actionId)));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ReverseEnforcementActionRequest r = reversal(frozen().getAction().getActionId());
              InFlightRequest.whileInFlight(
                  rpc, OPS, r.getRequestId(), () -> as(ops()).reverseEnforcementAction(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              String actionId = frozen().getAction().getActionId();
              as(ops()).reverseEnforcementAction(reversal(actionId));
              as(ops()).reverseEnforcementAction(reversal(actionId));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> {
              ReportViolationResponse r = frozen();
              owner(r).fileAppeal(filing(r));
              as(ops()).reverseEnforcementAction(reversal(r.getAction().getActionId()));
            });
  }

  private void holdReads(ErrorConformance c) {
    String rpc = "GetCommissionHold";
    c.on(rpc, "NOT_FOUND/RESOURCE_NOT_FOUND", () -> getHold(as(ops()), "hold_none"))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> getHold(as(vietnamOps()), holdOf(frozen()).getHoldId()))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                getHold(
                    as(TestAuthKeys.token(creatorId(), Role.CREATOR)),
                    holdOf(frozen()).getHoldId()));
  }

  private void holdAmounts(ErrorConformance c) {
    String rpc = "RecordHeldCommission";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> pipeline().recordHeldCommission(amount(holdOf(frozen()).getHoldId(), -1, "MYR")))
        .on(
            rpc,
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () -> pipeline().recordHeldCommission(amount(holdOf(frozen()).getHoldId(), 5, "SGD")))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              RecordHeldCommissionRequest first = amount(holdOf(frozen()).getHoldId(), 10, "MYR");
              pipeline().recordHeldCommission(first);
              pipeline()
                  .recordHeldCommission(
                      first.toBuilder()
                          .setAmountHeld(
                              Money.newBuilder().setAmountMinor(20).setCurrencyCode("MYR"))
                          .build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> pipeline().recordHeldCommission(amount("hold_none", 10, "MYR")))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(PIPELINE, new String[] {"VN"}, Role.SERVICE))
                    .recordHeldCommission(amount(holdOf(frozen()).getHoldId(), 10, "MYR")))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                pipeline()
                    .recordHeldCommission(
                        amount(holdOf(frozen()).getHoldId(), 10, "MYR").toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              RecordHeldCommissionRequest r = amount(holdOf(frozen()).getHoldId(), 10, "MYR");
              InFlightRequest.whileInFlight(
                  rpc, PIPELINE, r.getRequestId(), () -> pipeline().recordHeldCommission(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              ReportViolationResponse r = frozen();
              as(ops()).reverseEnforcementAction(reversal(r.getAction().getActionId()));
              pipeline().recordHeldCommission(amount(holdOf(r).getHoldId(), 10, "MYR"));
            });
  }

  /**
   * The catalogue leaves deliveries and undos in the outbox; let them reach creator-service before
   * the next test class, which may refuse deliveries and must not see this class's retries trip the
   * delivery circuit breaker.
   */
  @AfterEach
  void letTheOutboxDrain() {
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  count(
                          "SELECT count(*) FROM action_delivery"
                              + " WHERE state IN ('PENDING', 'DELIVERING')")
                      == 0);
    } catch (ConditionTimeoutException e) {
      // best effort: what is still pending is retried by the outbox as usual
    } finally {
      circuitBreakers.resetAll();
    }
  }

  private void manualActions(ErrorConformance c) {
    String rpc = "IssueManualAction";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manual(
                    "MY",
                    m ->
                        m.setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING)
                            .setDuration(ProtoTime.of(java.time.Duration.ofDays(1)))))
        .on(rpc, "INVALID_ARGUMENT/UNKNOWN_MARKET", () -> manual("MY", m -> m.setMarket("ZZ")))
        .on(rpc, "INVALID_ARGUMENT/MARKET_DISABLED", () -> manual("MY", m -> m.setMarket("HK")))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              IssueManualActionRequest first = manualRequest("MY", m -> m);
              as(ops()).issueManualAction(first);
              as(ops()).issueManualAction(first.toBuilder().setReason("another reason").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manual("MY", m -> m.setCreatorId(EnforcementFixtures.creatorId())))
        .on(
            rpc,
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> withoutPolicy(SeedPolicies.APPEALS, "MY", () -> manual("MY", m -> m)))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> as(vietnamOps()).issueManualAction(manualRequest("MY", m -> m)))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              IssueManualActionRequest r = manualRequest("MY", m -> m);
              InFlightRequest.whileInFlight(
                  rpc, OPS, r.getRequestId(), () -> as(ops()).issueManualAction(r));
            })
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              IssueManualActionRequest r = manualRequest("ID", m -> m);
              policyServiceDown(() -> as(ops()).issueManualAction(r));
            })
        .on(
            rpc,
            "DEADLINE_EXCEEDED/DEADLINE_EXCEEDED",
            () -> {
              IssueManualActionRequest r = manualRequest("MY", m -> m);
              creatorServiceSlow(() -> as(ops()).issueManualAction(r));
            });
  }

  private void insights(ErrorConformance c) {
    String rpc = "GetGovernanceInsights";
    String auditor = TestAuthKeys.token("auditor-conformance", Role.AUDITOR);
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> as(auditor).getGovernanceInsights(insightsRequest("MY", -60)))
        .on(
            rpc,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> as(auditor).getGovernanceInsights(insightsRequest("ZZ", 60)))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken("auditor-vn", new String[] {"VN"}, Role.AUDITOR))
                    .getGovernanceInsights(insightsRequest("MY", 60)));
  }

  /** A window of {@code seconds} from now (negative: ending before it starts). */
  private static GetGovernanceInsightsRequest insightsRequest(String market, long seconds) {
    java.time.Instant now = java.time.Instant.now();
    return GetGovernanceInsightsRequest.newBuilder()
        .setMarket(market)
        .setWindow(
            io.creatorgov.common.v1.TimeWindow.newBuilder()
                .setStartTime(ProtoTime.of(now))
                .setEndTime(ProtoTime.of(now.plusSeconds(seconds))))
        .build();
  }

  /** A manual traffic restriction with its own ground for a new creator in {@code market}. */
  private IssueManualActionRequest manualRequest(
      String market, UnaryOperator<IssueManualActionRequest.Builder> change) {
    String creator = EnforcementFixtures.creatorId();
    creators.register(creator, market);
    IssueManualActionRequest.Builder b =
        IssueManualActionRequest.newBuilder()
            .setRequestId(EnforcementFixtures.requestId())
            .setCreatorId(creator)
            .setMarket(market)
            .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION)
            .setDuration(ProtoTime.of(java.time.Duration.ofDays(2)))
            .setReason("repeated off-platform payment requests in chat")
            .setGroundType(io.creatorgov.common.v1.GroundType.GROUND_TYPE_INCOMPATIBLE_WITH_TERMS)
            .setLegalReference("Seller terms §7")
            .setCategory(
                io.creatorgov.common.v1.ViolationCategory.VIOLATION_CATEGORY_SCAMS_AND_FRAUD);
    return change.apply(b).build();
  }

  private void manual(String market, UnaryOperator<IssueManualActionRequest.Builder> change) {
    as(ops()).issueManualAction(manualRequest(market, change));
  }

  private static long count(String sql) throws Exception {
    try (Connection c = TestSql.connect();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ---- calls -----------------------------------------------------------------------------------

  /** ListViolations or ListEnforcementActions with these page and filter fields. */
  private static void list(
      String rpc,
      EnforcementServiceBlockingStub stub,
      int pageSize,
      String pageToken,
      String creatorId,
      String market) {
    if (rpc.equals("ListAppeals")) {
      stub.listAppeals(
          ListAppealsRequest.newBuilder()
              .setPageSize(pageSize)
              .setPageToken(pageToken)
              .setCreatorId(creatorId)
              .setMarket(market)
              .build());
    } else if (rpc.equals("ListCommissionHolds")) {
      stub.listCommissionHolds(
          ListCommissionHoldsRequest.newBuilder()
              .setPageSize(pageSize)
              .setPageToken(pageToken)
              .setCreatorId(creatorId)
              .setMarket(market)
              .build());
    } else if (rpc.equals("ListViolations")) {
      stub.listViolations(
          ListViolationsRequest.newBuilder()
              .setPageSize(pageSize)
              .setPageToken(pageToken)
              .setCreatorId(creatorId)
              .setMarket(market)
              .build());
    } else {
      stub.listEnforcementActions(
          ListEnforcementActionsRequest.newBuilder()
              .setPageSize(pageSize)
              .setPageToken(pageToken)
              .setCreatorId(creatorId)
              .setMarket(market)
              .build());
    }
  }

  private static void standing(EnforcementServiceBlockingStub stub, String creator, String market) {
    stub.getCreatorStanding(
        GetCreatorStandingRequest.newBuilder().setCreatorId(creator).setMarket(market).build());
  }

  private ReportViolationRequest request(String market) {
    String creator = creatorId();
    creators.register(creator, market);
    return report(creator, market, "FAKE_DISCOUNT");
  }

  private void reportIn(String market, UnaryOperator<ReportViolationRequest.Builder> change) {
    pipeline().reportViolation(change.apply(request(market).toBuilder()).build());
  }

  /** Reads the violation or action of a fresh report in MY with {@code stub}. */
  private void readReported(String rpc, EnforcementServiceBlockingStub stub) {
    ReportViolationResponse r = pipeline().reportViolation(request("MY"));
    read(rpc, stub, r.getViolation().getViolationId(), r.getAction().getActionId());
  }

  private static void read(
      String rpc, EnforcementServiceBlockingStub stub, String violationId, String actionId) {
    if (rpc.equals("GetViolation")) {
      stub.getViolation(GetViolationRequest.newBuilder().setViolationId(violationId).build());
    } else {
      stub.getEnforcementAction(
          GetEnforcementActionRequest.newBuilder().setActionId(actionId).build());
    }
  }

  /** A creator in MY with a 30-day COMMISSION_FREEZE (and its hold) for a counterfeit. */
  private ReportViolationResponse frozen() {
    String creator = creatorId();
    creators.register(creator, "MY");
    return pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
  }

  private static String creatorOf(ReportViolationResponse r) {
    return r.getViolation().getCreatorId();
  }

  /** The creator of the reported action, with their own token. */
  private EnforcementServiceBlockingStub owner(ReportViolationResponse r) {
    return as(TestAuthKeys.token(creatorOf(r), Role.CREATOR));
  }

  private EnforcementServiceBlockingStub appellant(Appeal appeal) {
    return as(TestAuthKeys.token(appeal.getCreatorId(), Role.CREATOR));
  }

  private static FileAppealRequest filing(ReportViolationResponse r) {
    return FileAppealRequest.newBuilder()
        .setRequestId(requestId())
        .setActionId(r.getAction().getActionId())
        .setStatement("the goods were genuine")
        .build();
  }

  /** An OPEN appeal against a fresh commission freeze. */
  private Appeal appealed() {
    ReportViolationResponse r = frozen();
    return owner(r).fileAppeal(filing(r)).getAppeal();
  }

  private static void getAppeal(EnforcementServiceBlockingStub stub, String appealId) {
    stub.getAppeal(GetAppealRequest.newBuilder().setAppealId(appealId).build());
  }

  private static StartAppealReviewRequest startReview(String appealId) {
    return StartAppealReviewRequest.newBuilder()
        .setRequestId(requestId())
        .setAppealId(appealId)
        .build();
  }

  private static DecideAppealRequest decision(String appealId, AppealOutcome outcome) {
    return DecideAppealRequest.newBuilder()
        .setRequestId(requestId())
        .setAppealId(appealId)
        .setOutcome(outcome)
        .setReasoning("reviewed the evidence")
        .build();
  }

  private static WithdrawAppealRequest withdrawal(String appealId) {
    return WithdrawAppealRequest.newBuilder()
        .setRequestId(requestId())
        .setAppealId(appealId)
        .setReason("withdrawn")
        .build();
  }

  private static ReverseEnforcementActionRequest reversal(String actionId) {
    return ReverseEnforcementActionRequest.newBuilder()
        .setRequestId(requestId())
        .setActionId(actionId)
        .setBasis(ReversalBasis.REVERSAL_BASIS_OPERATOR_ERROR)
        .setReason("decided in error")
        .build();
  }

  /** A reversal that gives the violation's standing back (it reads the standing rules). */
  private static ReverseEnforcementActionRequest restoring(String actionId) {
    return reversal(actionId).toBuilder().setRestoreStanding(true).build();
  }

  private static CommissionHold holdOf(ReportViolationResponse r) {
    return r.getAction().getCommissionHold();
  }

  private static void getHold(EnforcementServiceBlockingStub stub, String holdId) {
    stub.getCommissionHold(GetCommissionHoldRequest.newBuilder().setHoldId(holdId).build());
  }

  private static RecordHeldCommissionRequest amount(String holdId, long minor, String currency) {
    return RecordHeldCommissionRequest.newBuilder()
        .setRequestId(requestId())
        .setHoldId(holdId)
        .setAmountHeld(Money.newBuilder().setAmountMinor(minor).setCurrencyCode(currency))
        .setAsOfTime(ProtoTime.of(Instant.now()))
        .build();
  }

  // ---- circumstances ---------------------------------------------------------------------------

  /** Runs {@code call} while the market has no effective version of {@code policyKey}. */
  private void withoutPolicy(String policyKey, String market, Call call) throws Exception {
    policies.withoutPolicy(policyKey, market, cachedPolicies.nearCache()::invalidateAll, call);
  }

  /** Runs {@code call} while policy-service is down and nothing is cached. */
  private void policyServiceDown(Call call) throws Exception {
    policies.whileDown(cachedPolicies.nearCache()::invalidateAll, circuitBreakers::resetAll, call);
  }

  /** Runs {@code call} while creator-service answers GetCreator later than the client waits. */
  private void creatorServiceSlow(Call call) throws Exception {
    creators.getCreatorDelayMillis = 3_000;
    try {
      call.run();
    } finally {
      creators.getCreatorDelayMillis = 0;
      circuitBreakers.resetAll();
    }
  }

  /**
   * Opens a stream and waits for its first item (the call's error, if refused); then cancels it.
   */
  private static void stream(
      EnforcementServiceBlockingStub stub, StreamEnforcementEventsRequest.Builder request) {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      context.run(() -> stub.streamEnforcementEvents(request.build()).next());
    } finally {
      context.cancel(null);
    }
  }

  /** The resume token of the feed's current end (the first checkpoint of a stream from now). */
  private String currentFeedPosition() {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return context.call(
          () ->
              pipeline()
                  .streamEnforcementEvents(
                      StreamEnforcementEventsRequest.newBuilder().setStartFromNow(true).build())
                  .next()
                  .getCheckpoint()
                  .getResumeToken());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  /**
   * Opens {@code count} streams one after another, each held open past its first checkpoint, then
   * cancels them all; the first refusal is thrown (at the latest the one past {@code
   * creatorgov.feed.max-streams}).
   */
  private void openStreams(int count) {
    List<Context.CancellableContext> open = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Context.CancellableContext context = Context.current().withCancellation();
        open.add(context);
        Iterator<StreamEnforcementEventsResponse> responses =
            context.call(
                () ->
                    pipeline()
                        .streamEnforcementEvents(
                            StreamEnforcementEventsRequest.newBuilder()
                                .setStartFromNow(true)
                                .build()));
        context.run(responses::next);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      open.forEach(context -> context.cancel(null));
    }
  }

  private RpcInvoker invoker() {
    return new RpcInvoker(grpc.getChannel(), EnforcementServiceGrpc.getServiceDescriptor());
  }

  private EnforcementServiceBlockingStub as(String token) {
    return grpc.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceBlockingStub pipeline() {
    return as(TestAuthKeys.token(PIPELINE, Role.SERVICE));
  }

  private static String vietnamOps() {
    return TestAuthKeys.scopedToken("ops-vn", new String[] {"VN"}, Role.CREATOR_OPS);
  }

  private static String ops() {
    return TestAuthKeys.token(OPS, Role.CREATOR_OPS);
  }

  private static String reviewerToken() {
    return TestAuthKeys.token(REVIEWER, Role.APPEALS_REVIEWER);
  }

  private static String vietnamReviewer() {
    return TestAuthKeys.scopedToken("reviewer-vn", new String[] {"VN"}, Role.APPEALS_REVIEWER);
  }
}
