package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;

import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.client.PolicyGateway;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.service.Simulations;
import io.creatorgov.enforcement.v1.CancelSimulationRequest;
import io.creatorgov.enforcement.v1.CreateSimulationRequest;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc.EnforcementServiceBlockingStub;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.GetSimulationRequest;
import io.creatorgov.enforcement.v1.GetViolationRequest;
import io.creatorgov.enforcement.v1.ListEnforcementActionsRequest;
import io.creatorgov.enforcement.v1.ListSimulationResultsRequest;
import io.creatorgov.enforcement.v1.ListSimulationsRequest;
import io.creatorgov.enforcement.v1.ListViolationsRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.conformance.ErrorConformance;
import io.creatorgov.kit.testing.conformance.ErrorConformance.Call;
import io.creatorgov.kit.testing.conformance.InFlightRequest;
import io.creatorgov.kit.testing.conformance.RpcInvoker;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
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
          "CreateSimulation",
          "GetSimulation",
          "ListSimulations",
          "ListSimulationResults",
          "CancelSimulation");
  private static final String AUTHOR = "policy-author-conformance";

  @GrpcClient("enforcement")
  EnforcementServiceBlockingStub grpc;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;

  @FakePolicyService.Inject FakePolicyService.Policies policies;

  @Inject PolicyGateway policyGateway;

  @Inject CircuitBreakerMaintenance circuitBreakers;

  @Inject Simulations simulations;

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
    for (String rpc : List.of("ListViolations", "ListEnforcementActions")) {
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

  // ---- calls -----------------------------------------------------------------------------------

  /** ListViolations or ListEnforcementActions with these page and filter fields. */
  private static void list(
      String rpc,
      EnforcementServiceBlockingStub stub,
      int pageSize,
      String pageToken,
      String creatorId,
      String market) {
    if (rpc.equals("ListViolations")) {
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

  // ---- circumstances ---------------------------------------------------------------------------

  /** Runs {@code call} while the market has no effective version of {@code policyKey}. */
  private void withoutPolicy(String policyKey, String market, Call call) throws Exception {
    var removed = policies.remove(policyKey, market);
    policyGateway.nearCache().invalidateAll();
    try {
      call.run();
    } finally {
      policies.put(removed);
      policyGateway.nearCache().invalidateAll();
    }
  }

  /** Runs {@code call} while policy-service is down and nothing is cached. */
  private void policyServiceDown(Call call) throws Exception {
    policyGateway.nearCache().invalidateAll();
    policies.down = true;
    try {
      call.run();
    } finally {
      policies.down = false;
      // later calls start from a healthy dependency, as after the breaker's delay
      circuitBreakers.resetAll();
    }
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
    return TestAuthKeys.token("ops-conformance", Role.CREATOR_OPS);
  }
}
