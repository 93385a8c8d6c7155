package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;

import io.creatorgov.enforcement.client.PolicyGateway;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc.EnforcementServiceBlockingStub;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.GetViolationRequest;
import io.creatorgov.enforcement.v1.ListAppealsRequest;
import io.creatorgov.enforcement.v1.ListCommissionHoldsRequest;
import io.creatorgov.enforcement.v1.ListEnforcementActionsRequest;
import io.creatorgov.enforcement.v1.ListViolationsRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.feed.FeedRetentionJob;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.testing.conformance.ErrorConformance;
import io.creatorgov.kit.testing.conformance.ErrorConformance.Call;
import io.creatorgov.kit.testing.conformance.InFlightRequest;
import io.creatorgov.kit.testing.conformance.RpcInvoker;
import io.grpc.Context;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
          "ListAppeals",
          "ListCommissionHolds",
          "StreamEnforcementEvents");

  @GrpcClient("enforcement")
  EnforcementServiceBlockingStub grpc;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;

  @FakePolicyService.Inject FakePolicyService.Policies policies;

  @Inject PolicyGateway policyGateway;

  @Inject CircuitBreakerMaintenance circuitBreakers;

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
    feed(catalogue);
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
