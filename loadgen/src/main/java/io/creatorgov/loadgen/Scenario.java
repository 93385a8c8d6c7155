package io.creatorgov.loadgen;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Timestamp;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.creatorgov.common.v1.ContentType;
import io.creatorgov.creator.v1.BatchCheckCapabilityRequest;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.CapabilityCheck;
import io.creatorgov.creator.v1.CheckCapabilityRequest;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.enforcement.v1.DetectionSource;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.EvidenceKind;
import io.creatorgov.enforcement.v1.EvidenceReference;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import io.creatorgov.policy.v1.ResolvePolicyRequest;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** One kind of call the generator sends: the n-th call's request is built from {@code n}. */
interface Scenario {

  ListenableFuture<?> send(long n);

  /** What the scenario needs from the command line. */
  record Settings(
      Channel channel,
      CallCredentials credentials,
      long deadlineMillis,
      String policyKey,
      List<String> markets,
      List<String> creators,
      String violationCode,
      String runId) {}

  static Scenario named(String name, Settings s) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "health" -> health(s);
      case "resolve" -> resolve(s);
      case "check" -> check(s);
      case "batch-check" -> batchCheck(s);
      case "report" -> report(s, false);
      case "report-hot" -> report(s, true);
      default ->
          throw new IllegalArgumentException(
              "unknown scenario "
                  + name
                  + " (health, resolve, check, batch-check, report, report-hot)");
    };
  }

  /** grpc.health.v1.Health/Check on the same server: the ceiling of a trivial call. */
  private static Scenario health(Settings s) {
    HealthGrpc.HealthFutureStub stub = HealthGrpc.newFutureStub(s.channel());
    HealthCheckRequest request = HealthCheckRequest.getDefaultInstance();
    return n -> stub.withDeadlineAfter(s.deadlineMillis(), TimeUnit.MILLISECONDS).check(request);
  }

  /** PolicyService/ResolvePolicy of one key, cycling through the markets. */
  private static Scenario resolve(Settings s) {
    PolicyServiceGrpc.PolicyServiceFutureStub stub =
        PolicyServiceGrpc.newFutureStub(s.channel()).withCallCredentials(s.credentials());
    List<ResolvePolicyRequest> requests =
        s.markets().stream()
            .map(
                m ->
                    ResolvePolicyRequest.newBuilder()
                        .setPolicyKey(s.policyKey())
                        .setMarket(m)
                        .build())
            .toList();
    return n ->
        stub.withDeadlineAfter(s.deadlineMillis(), TimeUnit.MILLISECONDS)
            .resolvePolicy(requests.get((int) (n % requests.size())));
  }

  /** CreatorService/CheckCapability GO_LIVE, cycling through the creators. */
  private static Scenario check(Settings s) {
    CreatorServiceGrpc.CreatorServiceFutureStub stub =
        CreatorServiceGrpc.newFutureStub(s.channel()).withCallCredentials(s.credentials());
    List<CheckCapabilityRequest> requests =
        creators(s).stream()
            .map(
                c ->
                    CheckCapabilityRequest.newBuilder()
                        .setCreatorId(c)
                        .setCapability(Capability.CAPABILITY_GO_LIVE)
                        .build())
            .toList();
    return n ->
        stub.withDeadlineAfter(s.deadlineMillis(), TimeUnit.MILLISECONDS)
            .checkCapability(requests.get((int) (n % requests.size())));
  }

  /** CreatorService/BatchCheckCapability of 100 (creator, capability) pairs. */
  private static Scenario batchCheck(Settings s) {
    CreatorServiceGrpc.CreatorServiceFutureStub stub =
        CreatorServiceGrpc.newFutureStub(s.channel()).withCallCredentials(s.credentials());
    List<String> creators = creators(s);
    Capability[] capabilities = {
      Capability.CAPABILITY_GO_LIVE,
      Capability.CAPABILITY_JOIN_CAMPAIGN,
      Capability.CAPABILITY_EARN_COMMISSION,
      Capability.CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC
    };
    BatchCheckCapabilityRequest.Builder batch = BatchCheckCapabilityRequest.newBuilder();
    for (int i = 0; i < 100; i++) {
      batch.addChecks(
          CapabilityCheck.newBuilder()
              .setCreatorId(creators.get(i % creators.size()))
              .setCapability(capabilities[i % capabilities.length]));
    }
    BatchCheckCapabilityRequest request = batch.build();
    return n ->
        stub.withDeadlineAfter(s.deadlineMillis(), TimeUnit.MILLISECONDS)
            .batchCheckCapability(request);
  }

  /**
   * EnforcementService/ReportViolation end to end (decision, durable write, outbox): every call a
   * new request id; over all creators, or always the first one ("hot": one creator's row and
   * standing contended by every call).
   */
  private static Scenario report(Settings s, boolean hot) {
    EnforcementServiceGrpc.EnforcementServiceFutureStub stub =
        EnforcementServiceGrpc.newFutureStub(s.channel()).withCallCredentials(s.credentials());
    List<String> creators = creators(s);
    List<String> markets = markets(s);
    return n -> {
      int i = hot ? 0 : (int) (n % creators.size());
      Instant now = Instant.now();
      ReportViolationRequest request =
          ReportViolationRequest.newBuilder()
              .setRequestId("bench-" + s.runId() + "-" + n)
              .setCreatorId(creators.get(i))
              .setMarket(markets.get(i))
              .setViolationCode(s.violationCode())
              .setDetectionSource(DetectionSource.DETECTION_SOURCE_AUTOMATED_SIGNAL)
              .setContentType(ContentType.CONTENT_TYPE_LIVE_STREAM)
              .setObservedTime(
                  Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
              .addEvidence(
                  EvidenceReference.newBuilder()
                      .setKind(EvidenceKind.EVIDENCE_KIND_LIVE_SESSION)
                      .setId("bench-clip-" + n))
              .build();
      return stub.withDeadlineAfter(s.deadlineMillis(), TimeUnit.MILLISECONDS)
          .reportViolation(request);
    };
  }

  /** The creators' ids ({@code --creators id@MARKET,...}; the market is optional here). */
  private static List<String> creators(Settings s) {
    if (s.creators().isEmpty()) {
      throw new IllegalArgumentException("this scenario needs --creators id@MARKET,...");
    }
    return s.creators().stream()
        .map(c -> c.contains("@") ? c.substring(0, c.indexOf('@')) : c)
        .toList();
  }

  /** Each creator's market, from {@code id@MARKET} (a report must name the creator's market). */
  private static List<String> markets(Settings s) {
    return s.creators().stream()
        .map(
            c -> {
              if (!c.contains("@")) {
                throw new IllegalArgumentException("reports need --creators id@MARKET,...");
              }
              return c.substring(c.indexOf('@') + 1);
            })
        .toList();
  }
}
