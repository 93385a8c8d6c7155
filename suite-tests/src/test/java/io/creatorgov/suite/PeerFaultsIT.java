package io.creatorgov.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.kit.testing.TcpProxy;
import io.creatorgov.suite.SuiteProcesses.Service;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Peers failing under the real services, each test ending with its counts. */
class PeerFaultsIT {
  private static SuiteProcesses suite;
  private static Platform platform;

  /** How long policy answers stay fresh, and how long past that they may stand in. */
  private static final Duration POLICY_MAX_AGE = Duration.ofSeconds(1);

  private static final Duration POLICY_MAX_STALE = Duration.ofSeconds(15);

  /** policy-service reaches Redis through this proxy, so a test can cut it off. */
  private static TcpProxy policyRedis;

  @BeforeAll
  static void startTheSuite() throws Exception {
    policyRedis = new TcpProxy(6379);
    suite =
        SuiteProcesses.startAll(
            s -> {
              s.configure(
                  Service.POLICY,
                  "quarkus.redis.hosts",
                  "redis://127.0.0.1:" + policyRedis.port() + "/" + SuiteProcesses.REDIS_DATABASE);
              for (Service caller : List.of(Service.CREATOR, Service.ENFORCEMENT)) {
                s.configure(caller, "creatorgov.policy-client.max-age", POLICY_MAX_AGE + "");
                s.configure(caller, "creatorgov.policy-client.max-stale", POLICY_MAX_STALE + "");
              }
            });
    platform = new Platform(suite);
    platform.publishSeedPolicies();
  }

  @AfterAll
  static void stopTheSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
    policyRedis.close();
  }

  @Test
  void redisCutFromPolicyServiceLeavesEveryResolutionAnsweredAndRecovers() throws Exception {
    List<String> markets = List.of("ID", "MY", "PH", "SG", "TH", "VN", "JP", "KR");
    Map<String, Integer> versions = new HashMap<>();
    for (String market : markets) {
      versions.put(market, platform.resolve("commission.caps", market).getVersion());
    }
    int answered = 0;
    int errors = 0;
    long slowestMillis = 0;
    policyRedis.cut();
    try {
      for (int round = 0; round < 5; round++) {
        for (String market : markets) {
          long start = System.nanoTime();
          try {
            assertThat(platform.resolve("commission.caps", market).getVersion())
                .isEqualTo(versions.get(market));
            answered++;
          } catch (StatusRuntimeException e) {
            errors++;
          }
          slowestMillis = Math.max(slowestMillis, (System.nanoTime() - start) / 1_000_000);
        }
      }
    } finally {
      policyRedis.restore();
    }
    int afterRestore = 0;
    for (String market : markets) {
      assertThat(platform.resolve("commission.caps", market).getVersion())
          .isEqualTo(versions.get(market));
      afterRestore++;
    }
    System.out.printf(
        "Redis cut from policy-service: resolutions answered=%d, errors=%d, slowest=%d ms;"
            + " after restore answered=%d%n",
        answered, errors, slowestMillis, afterRestore);
    assertThat(errors).isZero();
    assertThat(answered).isEqualTo(5 * markets.size());
  }

  @Test
  void violationsArrivingWhileCreatorServiceIsDeadArePendingThenAppliedExactlyOnce()
      throws Exception {
    List<Creator> creators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      creators.add(
          platform.onboard("MY", "fault.my." + i + "." + System.nanoTime(), List.of("beauty")));
    }

    suite.kill(Service.CREATOR);
    Map<String, ReportViolationRequest> requestOfAction = new HashMap<>();
    List<ReportViolationResponse> accepted = new ArrayList<>();
    for (int round = 0; round < 2; round++) { // 2 then 4 points: the second is a restriction
      for (Creator creator : creators) {
        ReportViolationRequest request =
            Platform.reportOf(Platform.requestId(), creator, "FAKE_DISCOUNT", Instant.now());
        ReportViolationResponse response = platform.report(request);
        accepted.add(response);
        requestOfAction.put(response.getViolation().getActionId(), request);
      }
    }
    long pendingWhileDown =
        accepted.stream()
            .filter(
                r ->
                    platform.action(r.getViolation().getActionId()).getState()
                        == EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING)
            .count();

    suite.start(Service.CREATOR);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> pending(accepted) == 0);

    // A replay of every report after the recovery decides nothing twice.
    for (ReportViolationResponse first : accepted) {
      ReportViolationResponse replay =
          platform.report(requestOfAction.get(first.getViolation().getActionId()));
      assertThat(replay.getViolation().getViolationId())
          .isEqualTo(first.getViolation().getViolationId());
    }

    int appliedTwice = 0;
    int restrictionsExpected = 0;
    int restrictionsFound = 0;
    for (Creator creator : creators) {
      List<Restriction> restrictions = platform.restrictions(creator);
      Map<String, Long> perActionAndType =
          restrictions.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.getEnforcementActionId() + "/" + r.getType(), Collectors.counting()));
      appliedTwice += (int) perActionAndType.values().stream().filter(n -> n > 1).count();
      restrictionsFound += restrictions.size();
      restrictionsExpected += 2; // TRAFFIC_LIMITED and CAMPAIGN_INELIGIBLE at 4 points
      assertThat(restrictions)
          .extracting(Restriction::getType)
          .containsExactlyInAnyOrder(
              RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED,
              RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE);
    }
    long decided =
        accepted.stream()
            .map(r -> platform.action(r.getViolation().getActionId()).getState())
            .filter(s -> s == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED)
            .count();
    long lost = accepted.size() - decided - pending(accepted);
    System.out.printf(
        "creator-service killed: reports accepted=%d, pending while down=%d, decided=%d,"
            + " pending=%d, lost=%d, restrictions %d of %d, applied twice=%d%n",
        accepted.size(),
        pendingWhileDown,
        decided,
        pending(accepted),
        lost,
        restrictionsFound,
        restrictionsExpected,
        appliedTwice);
    assertThat(accepted).hasSize(8);
    // the content removals (2 points) need nothing from creator-service and apply at once; the
    // restrictions (4 points) could not reach it and waited
    assertThat(pendingWhileDown)
        .as("restrictions pending while creator-service was dead")
        .isEqualTo(creators.size());
    assertThat(decided).isEqualTo(8);
    assertThat(lost).isZero();
    assertThat(appliedTwice).isZero();
    assertThat(restrictionsFound).isEqualTo(restrictionsExpected);
  }

  @Test
  void policyServiceDownKeepsDecisionsOnCachedRulesWithinMaxStaleThenRefusesCleanly()
      throws Exception {
    Creator creator = platform.onboard("MY", "stale.my." + System.nanoTime(), List.of("beauty"));
    platform.setCommission(creator.getCreatorId(), "beauty", 1000); // caches the caps
    platform.report(Platform.requestId(), creator, "LISTING_SPAM", Instant.now()); // the rules

    ReportViolationRequest refusedReport;
    suite.stop(Service.POLICY);
    Instant down = Instant.now();
    Duration servedStaleFor;
    int decidedWhileDown = 0;
    int commissionWhileDown = 0;
    try {
      platform.report(Platform.requestId(), creator, "LISTING_SPAM", Instant.now());
      decidedWhileDown++;
      platform.setCommission(creator.getCreatorId(), "beauty", 1100);
      commissionWhileDown++;

      // Past max-stale the cached rules no longer stand in: a clean, retryable refusal.
      await()
          .atMost(POLICY_MAX_STALE.plusSeconds(20))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  refusedAsUnavailable(
                      () -> platform.setCommission(creator.getCreatorId(), "beauty", 1200)));
      servedStaleFor = Duration.between(down, Instant.now());
      refusedReport =
          Platform.reportOf(Platform.requestId(), creator, "LISTING_SPAM", Instant.now());
      ReportViolationRequest report = refusedReport;
      assertThat(refusedAsUnavailable(() -> platform.report(report))).isTrue();
    } finally {
      suite.start(Service.POLICY);
    }
    // The refusal changed nothing: the same request is accepted once policy-service is back (the
    // callers' channels reconnect with their backoff, and retrying is what the refusal asked for).
    Instant back = Instant.now();
    ReportViolationRequest retry = refusedReport;
    ReportViolationResponse afterRestart =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptionsMatching(
                e ->
                    e instanceof StatusRuntimeException sre
                        && sre.getStatus().getCode() == Status.Code.UNAVAILABLE)
            .until(() -> platform.report(retry), r -> true);
    Duration recoveredAfter = Duration.between(back, Instant.now());
    assertThat(afterRestart.getViolation().getViolationId()).isNotEmpty();
    assertThat(platform.report(retry).getViolation().getViolationId())
        .as("decided once")
        .isEqualTo(afterRestart.getViolation().getViolationId());
    // creator-service's channel to policy-service reconnects with its own backoff
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                !refusedAsUnavailable(
                    () -> platform.setCommission(creator.getCreatorId(), "beauty", 1200)));
    System.out.printf(
        "policy-service down: decided on cached rules=%d, commission changes on cached caps=%d,"
            + " refused after %s (max-stale %s), refused report accepted %s after restart%n",
        decidedWhileDown, commissionWhileDown, servedStaleFor, POLICY_MAX_STALE, recoveredAfter);
    assertThat(decidedWhileDown).isEqualTo(1);
    assertThat(commissionWhileDown).isEqualTo(1);
  }

  private static boolean refusedAsUnavailable(Runnable call) {
    try {
      call.run();
      return false;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      return true;
    }
  }

  private static long pending(List<ReportViolationResponse> reports) {
    return reports.stream()
        .map(r -> platform.action(r.getViolation().getActionId()).getState())
        .filter(s -> s == EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING)
        .count();
  }
}
