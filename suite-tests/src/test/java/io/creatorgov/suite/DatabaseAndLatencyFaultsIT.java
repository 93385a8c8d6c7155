package io.creatorgov.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.Violation;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.TcpProxy;
import io.creatorgov.suite.ReportLoad.Sent;
import io.creatorgov.suite.SuiteProcesses.Service;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faults PeerFaultsIT leaves out: PostgreSQL connections dropped under load, and a peer that
 * answers too late. enforcement-service reaches its database, and creator-service, through proxies
 * the tests control; everything is driven and checked through gRPC, with the database read directly
 * only for what no RPC shows (rows that would be half a decision).
 */
class DatabaseAndLatencyFaultsIT {
  private static SuiteProcesses suite;
  private static Platform platform;

  /** enforcement-service's PostgreSQL connections pass through this proxy. */
  private static TcpProxy enforcementDatabase;

  /** creator-service's PostgreSQL connections pass through this proxy. */
  private static TcpProxy creatorDatabase;

  /** enforcement-service's calls to creator-service pass through this proxy. */
  private static LatencyProxy slowCreatorService;

  private static final Duration CUT = Duration.ofSeconds(4);

  /** Twice the longest deadline enforcement-service gives a call to creator-service (5 s). */
  private static final Duration SLOW = Duration.ofSeconds(10);

  private static final Capability TRAFFIC = Capability.CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC;

  private static final String OPENED = "ft_circuitbreaker_opened_total";
  private static final String STATE = "ft_circuitbreaker_state_current";
  private static final String GET_CREATOR = "CreatorServiceClient.getCreator\"";
  private static final String DELIVER = "CreatorServiceClient.deliver\"";
  private static final String BACKLOG = "creatorgov_enforcement_outbox_backlog";

  /** The codes a report may be refused with while the database is unreachable (proto contract). */
  private static final Set<Status.Code> CLEAN_REFUSALS =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.ABORTED, Status.Code.DEADLINE_EXCEEDED);

  @BeforeAll
  static void startTheSuite() throws Exception {
    enforcementDatabase = new TcpProxy(5432);
    creatorDatabase = new TcpProxy(5432);
    suite =
        SuiteProcesses.startAll(
            s -> {
              s.configure(
                  Service.ENFORCEMENT,
                  "quarkus.datasource.reactive.url",
                  viaProxy(enforcementDatabase, Service.ENFORCEMENT));
              s.configure(
                  Service.CREATOR,
                  "quarkus.datasource.reactive.url",
                  viaProxy(creatorDatabase, Service.CREATOR));
            });
    // creator-service's port is known only now: enforcement-service is restarted to call it
    // through the latency proxy (no latency until a test adds it)
    slowCreatorService = new LatencyProxy(suite.port(Service.CREATOR));
    suite.stop(Service.ENFORCEMENT);
    suite.configure(
        Service.ENFORCEMENT,
        "quarkus.grpc.clients.creator.port",
        Integer.toString(slowCreatorService.port()));
    suite.start(Service.ENFORCEMENT);
    platform = new Platform(suite);
    platform.publishSeedPolicies();
  }

  @AfterAll
  static void stopTheSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
    enforcementDatabase.close();
    creatorDatabase.close();
    slowCreatorService.close();
  }

  private static String viaProxy(TcpProxy proxy, Service service) {
    return "postgresql://127.0.0.1:" + proxy.port() + "/" + service.database();
  }

  @Test
  void enforcementDatabaseConnectionsDroppedMidLoadLoseNoReportAndHalfWriteNoDecision()
      throws Exception {
    String name = "enforcement DB cut";
    List<Creator> creators = onboard(40, "dbcut");
    // Per creator 3 + 1 + 1 points. The 3 points are observed first, so they cross the first
    // threshold (traffic limited: an action delivered to creator-service) in whatever order the
    // reports are decided — thresholds are evaluated at each report's observed time, so a
    // late-decided report observed earlier than others does not cross one for them. 5 stays
    // below the second threshold.
    List<ReportViolationRequest> plan =
        plan(creators, List.of("OFF_PLATFORM_TRANSACTION", "LISTING_SPAM", "LISTING_SPAM"));

    ReportLoad load = ReportLoad.start(platform, plan, 4, Duration.ofMillis(200));
    await().atMost(Duration.ofMinutes(2)).until(() -> load.answered() >= plan.size() / 4);
    int answeredAtCut = load.answered();
    enforcementDatabase.cut();
    try {
      Thread.sleep(CUT.toMillis());
    } finally {
      enforcementDatabase.restore();
    }
    int answeredAtRestore = load.answered();
    List<Sent> sent = load.finish();

    List<Sent> accepted = sent.stream().filter(Sent::accepted).toList();
    List<Sent> refused = sent.stream().filter(s -> !s.accepted()).toList();
    Map<Status.Code, Long> refusals = ReportLoad.refusals(sent);
    long pendingRightAfter = accepted.stream().filter(s -> pending(s.response())).count();

    // A refused report either left nothing, or was decided and only its answer was lost (the
    // commit went through as the connection dropped): retried with its request id, it returns
    // that one violation, never a second.
    int committedDespiteRefusal = 0;
    int duplicates = 0;
    Map<String, String> violationOfRequest = new LinkedHashMap<>();
    for (Sent s : refused) {
      List<String> before = violationsOfRequest(s.request().getRequestId());
      committedDespiteRefusal += before.isEmpty() ? 0 : 1;
      String retried = retryUntilAnswered(s.request()).getViolation().getViolationId();
      duplicates += before.isEmpty() || before.equals(List.of(retried)) ? 0 : 1;
      violationOfRequest.put(s.request().getRequestId(), retried);
    }
    // A replay of every accepted report returns the violation it was answered with.
    for (Sent s : accepted) {
      String first = s.response().getViolation().getViolationId();
      String replayed = platform.report(s.request()).getViolation().getViolationId();
      duplicates += first.equals(replayed) ? 0 : 1;
      violationOfRequest.put(s.request().getRequestId(), first);
    }
    for (ReportViolationRequest r : plan) {
      duplicates += Math.max(0, violationsOfRequest(r.getRequestId()).size() - 1);
    }

    // Every report answered OK (or on retry) is readable, with its action and statement.
    int lost = 0;
    for (String violationId : violationOfRequest.values()) {
      lost += readableWithActionAndStatement(violationId) ? 0 : 1;
    }
    lost += plan.size() - violationOfRequest.size();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> pendingActions(violationOfRequest.values()) == 0);
    long decided = violationOfRequest.size() - pendingActions(violationOfRequest.values());
    Map<String, Long> halfWritten = halfWrittenDecisions();
    long restricted = trafficLimited(creators);
    long standingsAtFivePoints = creators.stream().filter(c -> activePoints(c) == 5).count();
    ServiceMetrics pool = ServiceMetrics.scrape(suite.port(Service.ENFORCEMENT));
    long backends = backendsOf(Service.ENFORCEMENT);

    print(name, "sent", sent.size());
    print(name, "answered before the cut", answeredAtCut);
    print(name, "answered while cut", answeredAtRestore - answeredAtCut);
    print(name, "accepted", accepted.size());
    print(name, "refused", refused.size() + " " + refusals);
    print(name, "refused but committed (answer lost)", committedDespiteRefusal);
    print(name, "retried and accepted", refused.size());
    print(name, "pending right after the load", pendingRightAfter);
    print(name, "decided", decided);
    print(name, "pending", violationOfRequest.size() - decided);
    print(name, "lost", lost);
    print(name, "duplicates", duplicates);
    print(name, "half-written decisions", halfWritten);
    print(name, "creators at 5 active points", standingsAtFivePoints + " of " + creators.size());
    print(
        name,
        "SQL pool after: active/idle/waiting",
        pool.value("sql_pool_active")
            + "/"
            + pool.value("sql_pool_idle")
            + "/"
            + pool.value("sql_pool_queue_size"));
    print(name, "PostgreSQL backends of enforcement-service after", backends);
    print(name, "creators restricted in creator-service", restricted + " of " + creators.size());

    assertThat(sent).hasSize(plan.size());
    assertThat(refused).as("the cut hit the load").isNotEmpty();
    assertThat(refusals.keySet()).as("clean refusals only").isSubsetOf(CLEAN_REFUSALS);
    assertThat(violationOfRequest).hasSize(plan.size());
    assertThat(lost).isZero();
    assertThat(duplicates).isZero();
    assertThat(decided).isEqualTo(plan.size());
    assertThat(halfWritten.values()).allMatch(n -> n == 0);
    assertThat(standingsAtFivePoints).isEqualTo(creators.size());
    assertThat(pool.value("sql_pool_queue_size")).as("nobody waits for a connection").isZero();
    assertThat(backends)
        .as("dropped connections left no backend behind: at most the pools' sizes (20 + 2)")
        .isLessThanOrEqualTo(22);
    assertThat(restricted).isEqualTo(creators.size());
  }

  @Test
  void aSlowCreatorServiceTripsTheBreakerIntoFastDegradedAnswersThenClosesWithNothingExhausted()
      throws Exception {
    String name = "slow creator-service";
    int port = suite.port(Service.ENFORCEMENT);
    List<Creator> creators = onboard(40, "slow");
    List<Creator> probeCreators = onboard(10, "probe");
    ServiceMetrics before = ServiceMetrics.scrape(port);

    // Slow: creator-service answers enforcement-service SLOW late — past GetCreator's 2 s
    // timeout and twice the 5 s of a delivery. Per creator 3 + 1 points: the first report
    // (observed first) crosses the 3-point threshold, an action to deliver.
    slowCreatorService.delay(SLOW);
    List<Sent> slow;
    ServiceMetrics during;
    Peaks peaks = new Peaks(port);
    CapabilityChecks checks = new CapabilityChecks(creators);
    try {
      ReportLoad load =
          ReportLoad.start(
              platform,
              plan(creators, List.of("OFF_PLATFORM_TRANSACTION", "LISTING_SPAM")),
              4,
              Duration.ofMillis(100));
      slow = load.finish();
      during = ServiceMetrics.scrape(port);
    } finally {
      slowCreatorService.delay(Duration.ZERO);
      checks.close();
    }

    // Recovered: the breaker lets a trial call through after its delay; answered in time, it
    // closes and reports are decided on confirmed creators again.
    Instant fast = Instant.now();
    AtomicInteger probes = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> probeAccepted(probeCreators, probes.getAndIncrement()) && breakerClosed(port));
    Duration closedAfter = Duration.between(fast, Instant.now());
    // every refusal while slow changed nothing: retried with its request id, it is decided once
    List<String> violations = new ArrayList<>();
    int retried = 0;
    for (Sent s : slow) {
      ReportViolationResponse answer =
          s.accepted() ? s.response() : retryUntilAnswered(s.request());
      violations.add(answer.getViolation().getViolationId());
      retried += s.accepted() ? 0 : 1;
    }
    ReportLoad third =
        ReportLoad.start(platform, plan(creators, List.of("LISTING_SPAM")), 4, Duration.ZERO);
    List<Sent> after = third.finish();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ServiceMetrics.scrape(port).value(BACKLOG) == 0);
    long pending = pendingActions(violations);
    long restricted = trafficLimited(creators);
    peaks.close();
    ServiceMetrics afterMetrics = ServiceMetrics.scrape(port);

    List<Sent> slowAccepted = slow.stream().filter(Sent::accepted).toList();
    Map<Status.Code, Long> slowRefusals = ReportLoad.refusals(slow);
    print(name, "added latency", SLOW);
    print(name, "reports sent while slow", slow.size());
    print(name, "accepted while slow (creator unconfirmed, breaker open)", slowAccepted.size());
    print(name, "refused while slow", slowRefusals);
    print(name, "accepted while slow with the action PENDING", pendingIn(slowAccepted));
    print(name, "answer time while slow, first 8 (ms)", millis(slow.subList(0, 8)));
    print(
        name,
        "answer time while slow, median of the rest (ms)",
        median(slow.subList(8, slow.size())));
    print(name, "getCreator breaker opened", during.value(OPENED, GET_CREATOR));
    print(name, "deliver breaker opened", during.value(OPENED, DELIVER));
    print(name, "CheckCapability answered while slow", checks.answered.get());
    print(name, "CheckCapability errors while slow", checks.errors.get());
    print(name, "breaker closed after the latency was removed", closedAfter);
    print(name, "probe reports until closed", probes.get());
    print(name, "slow-phase refusals retried and accepted", retried);
    print(
        name,
        "reports after recovery accepted",
        after.stream().filter(Sent::accepted).count() + " of " + after.size());
    print(name, "actions still pending", pending);
    print(name, "creators restricted in creator-service", restricted + " of " + creators.size());
    for (String gauge : Peaks.GAUGES) {
      print(
          name,
          gauge + " before/peak/after",
          before.value(gauge) + "/" + peaks.max(gauge) + "/" + afterMetrics.value(gauge));
    }
    print(
        name,
        "connections to creator-service peak/after",
        peaks.max(Peaks.PROXY_CONNECTIONS) + "/" + slowCreatorService.openConnections());
    print(
        name,
        "health before/seen/after",
        before.health() + "/" + peaks.health + "/" + afterMetrics.health());

    assertThat(slowRefusals.keySet())
        .as("deadlines fire, nothing else")
        .isSubsetOf(Set.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE));
    assertThat(slowRefusals).containsKey(Status.Code.DEADLINE_EXCEEDED);
    assertThat(during.value(OPENED, GET_CREATOR)).as("getCreator breaker opened").isPositive();
    assertThat(slowAccepted).as("answered on the degraded path while open").isNotEmpty();
    assertThat(checks.errors.get()).isZero();
    assertThat(afterMetrics.value(STATE, GET_CREATOR, "state=\"closed\"")).isEqualTo(1.0);
    assertThat(afterMetrics.value(STATE, DELIVER, "state=\"closed\"")).isEqualTo(1.0);
    assertThat(after).allMatch(Sent::accepted);
    assertThat(pending).isZero();
    assertThat(restricted).isEqualTo(creators.size());
    assertThat(afterMetrics.value("jvm_threads_live_threads"))
        .as("threads back to where they were")
        .isLessThanOrEqualTo(before.value("jvm_threads_live_threads") + 10);
    assertThat(peaks.max("jvm_threads_live_threads"))
        .as("threads bounded while slow")
        .isLessThanOrEqualTo(before.value("jvm_threads_live_threads") + 40);
    assertThat(afterMetrics.value("sql_pool_queue_size"))
        .as("nobody waits for a connection")
        .isZero();
    assertThat(peaks.max(Peaks.PROXY_CONNECTIONS))
        .as("one channel, not one per call")
        .isLessThanOrEqualTo(4);
    assertThat(peaks.health).containsOnly("UP");
  }

  @Test
  void creatorDatabaseConnectionsDroppedMidLoadDelayDeliveriesButApplyEachRestrictionOnce()
      throws Exception {
    String name = "creator DB cut";
    List<Creator> creators = onboard(30, "cdbcut");
    List<ReportViolationRequest> plan =
        plan(creators, List.of("OFF_PLATFORM_TRANSACTION", "LISTING_SPAM", "LISTING_SPAM"));

    ReportLoad load = ReportLoad.start(platform, plan, 4, Duration.ofMillis(200));
    CapabilityChecks checks = new CapabilityChecks(creators);
    List<Sent> sent;
    try {
      await().atMost(Duration.ofMinutes(2)).until(() -> load.answered() >= plan.size() / 4);
      creatorDatabase.cut();
      try {
        Thread.sleep(CUT.toMillis());
      } finally {
        creatorDatabase.restore();
      }
      sent = load.finish();
    } finally {
      checks.close();
    }
    List<Sent> refused = sent.stream().filter(s -> !s.accepted()).toList();
    Map<Status.Code, Long> refusals = ReportLoad.refusals(sent);
    long pendingRightAfter =
        sent.stream().filter(s -> s.accepted() && pending(s.response())).count();

    List<String> violations = new ArrayList<>();
    for (Sent s : sent) {
      ReportViolationResponse answer =
          s.accepted() ? s.response() : retryUntilAnswered(s.request());
      violations.add(answer.getViolation().getViolationId());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> pendingActions(violations) == 0);

    // Each action's restrictions are in creator-service exactly once, however often the outbox
    // had to try.
    Map<String, Long> expected = new HashMap<>();
    for (String violationId : violations) {
      EnforcementAction action = platform.action(violation(violationId).getActionId());
      for (RestrictionType type : action.getRestrictionTypesList()) {
        expected.put(action.getActionId() + "/" + type, 1L);
      }
    }
    Map<String, Long> found =
        creators.stream()
            .flatMap(c -> platform.restrictions(c).stream())
            .collect(
                Collectors.groupingBy(
                    r -> r.getEnforcementActionId() + "/" + r.getType(), Collectors.counting()));
    long appliedTwice = found.values().stream().filter(n -> n > 1).count();
    long missing = expected.keySet().stream().filter(k -> !found.containsKey(k)).count();
    long restricted = trafficLimited(creators);

    print(name, "sent", sent.size());
    print(name, "accepted", sent.size() - refused.size());
    print(name, "refused", refused.size() + " " + refusals);
    print(name, "retried and accepted", refused.size());
    print(name, "pending right after the load", pendingRightAfter);
    print(name, "pending", pendingActions(violations));
    print(name, "CheckCapability answered", checks.answered.get());
    print(name, "CheckCapability refused", checks.errors.get() + " " + checks.codes);
    print(name, "restrictions expected/found", expected.size() + "/" + found.size());
    print(name, "restrictions missing", missing);
    print(name, "restrictions applied twice", appliedTwice);
    print(name, "creators restricted in creator-service", restricted + " of " + creators.size());

    assertThat(refusals.keySet()).as("clean refusals only").isSubsetOf(CLEAN_REFUSALS);
    assertThat(checks.codes.keySet()).as("clean refusals only").isSubsetOf(CLEAN_REFUSALS);
    assertThat(pendingRightAfter + refused.size() + checks.errors.get())
        .as("the cut hit the load")
        .isPositive();
    assertThat(violations).hasSize(plan.size()).doesNotHaveDuplicates();
    assertThat(missing).isZero();
    assertThat(appliedTwice).isZero();
    assertThat(found).hasSameSizeAs(expected);
    assertThat(restricted).isEqualTo(creators.size());
  }

  // ---- load ----------------------------------------------------------------------------------

  private static List<Creator> onboard(int count, String prefix) {
    List<Creator> creators = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      creators.add(
          platform.onboard("MY", prefix + "." + i + "." + System.nanoTime(), List.of("beauty")));
    }
    return creators;
  }

  /** Round by round, one report per creator and round (so a creator's reports are spread out). */
  private static List<ReportViolationRequest> plan(List<Creator> creators, List<String> codes) {
    List<ReportViolationRequest> plan = new ArrayList<>();
    for (String code : codes) {
      for (Creator creator : creators) {
        plan.add(Platform.reportOf(Platform.requestId(), creator, code, Instant.now()));
      }
    }
    return plan;
  }

  /** The same request again until it is answered (UNAVAILABLE and ABORTED ask for a retry). */
  private static ReportViolationResponse retryUntilAnswered(ReportViolationRequest request) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsMatching(DatabaseAndLatencyFaultsIT::asksForRetry)
        .until(() -> platform.report(request), r -> true);
  }

  private static boolean asksForRetry(Throwable e) {
    return e instanceof StatusRuntimeException sre
        && (sre.getStatus().getCode() == Status.Code.UNAVAILABLE
            || sre.getStatus().getCode() == Status.Code.ABORTED);
  }

  /** A report to one of {@code creators} (at most 4 each: they stay below 6 points). */
  private static boolean probeAccepted(List<Creator> creators, int probe) {
    assertThat(probe).as("probes").isLessThan(4 * creators.size());
    try {
      platform.report(
          Platform.reportOf(
              Platform.requestId(),
              creators.get(probe % creators.size()),
              "LISTING_SPAM",
              Instant.now()));
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  private static boolean breakerClosed(int port) throws Exception {
    return ServiceMetrics.scrape(port).value(STATE, GET_CREATOR, "state=\"closed\"") == 1.0;
  }

  private static long pendingIn(List<Sent> accepted) {
    return accepted.stream().filter(s -> pending(s.response())).count();
  }

  private static List<Long> millis(List<Sent> sent) {
    return sent.stream().map(Sent::millis).toList();
  }

  private static long median(List<Sent> sent) {
    List<Long> sorted = sent.stream().map(Sent::millis).sorted().toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  /** CheckCapability calls straight to creator-service, round the creators, until closed. */
  private static final class CapabilityChecks implements AutoCloseable {
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final Map<Status.Code, Integer> codes = new ConcurrentHashMap<>();
    private final List<Creator> creators;
    private final Thread thread;
    private volatile boolean stopped;

    CapabilityChecks(List<Creator> creators) {
      this.creators = creators;
      this.thread = new Thread(this::run, "capability-checks");
      thread.start();
    }

    private void run() {
      for (int i = 0; !stopped; i++) {
        try {
          platform.check(creators.get(i % creators.size()).getCreatorId(), TRAFFIC);
          answered.incrementAndGet();
        } catch (StatusRuntimeException e) {
          errors.incrementAndGet();
          codes.merge(e.getStatus().getCode(), 1, Integer::sum);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      stopped = true;
      thread.join();
    }
  }

  /** The peak of each watched gauge, and every health status seen, sampled twice a second. */
  private static final class Peaks implements AutoCloseable {
    static final String PROXY_CONNECTIONS = "connections through the latency proxy";
    static final List<String> GAUGES =
        List.of(
            "jvm_threads_live_threads",
            "sql_pool_active",
            "sql_pool_queue_size",
            "http_server_active_requests",
            "http_server_active_connections",
            BACKLOG);

    final Set<String> health = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> max = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    Peaks(int port) {
      sampler.scheduleAtFixedRate(() -> sample(port), 0, 500, TimeUnit.MILLISECONDS);
    }

    double max(String gauge) {
      return max.getOrDefault(gauge, 0.0);
    }

    private void sample(int port) {
      try {
        ServiceMetrics m = ServiceMetrics.scrape(port);
        for (String gauge : GAUGES) {
          max.merge(gauge, m.value(gauge), Math::max);
        }
        max.merge(PROXY_CONNECTIONS, (double) slowCreatorService.openConnections(), Math::max);
        health.add(m.health());
      } catch (Exception e) {
        health.add("unreachable (" + e + ")");
      }
    }

    @Override
    public void close() throws InterruptedException {
      sampler.shutdown();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  // ---- reads ---------------------------------------------------------------------------------

  private static boolean pending(ReportViolationResponse response) {
    return response.getAction().getState()
        == EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING;
  }

  private static boolean readableWithActionAndStatement(String violationId) {
    try {
      Violation violation =
          platform
              .enforcement("reader", Role.AUDITOR)
              .getViolation(GetViolationRequest.newBuilder().setViolationId(violationId).build())
              .getViolation();
      EnforcementAction action = platform.action(violation.getActionId());
      return action.getViolationId().equals(violationId)
          && !action.getStatementOfReasons().getStatementId().isEmpty();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private static long pendingActions(Iterable<String> violationIds) {
    long pending = 0;
    for (String violationId : violationIds) {
      Violation violation =
          platform
              .enforcement("reader", Role.AUDITOR)
              .getViolation(GetViolationRequest.newBuilder().setViolationId(violationId).build())
              .getViolation();
      pending +=
          platform.action(violation.getActionId()).getState()
                  == EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING
              ? 1
              : 0;
    }
    return pending;
  }

  private static int activePoints(Creator creator) {
    return platform
        .enforcement("reader", Role.AUDITOR)
        .getCreatorStanding(
            GetCreatorStandingRequest.newBuilder()
                .setCreatorId(creator.getCreatorId())
                .setMarket(creator.getMarket())
                .build())
        .getStanding()
        .getPointsLadder()
        .getActivePoints();
  }

  private static Violation violation(String violationId) {
    return platform
        .enforcement("reader", Role.AUDITOR)
        .getViolation(GetViolationRequest.newBuilder().setViolationId(violationId).build())
        .getViolation();
  }

  /** Creators creator-service no longer gives recommendation traffic (3-point restriction). */
  private static long trafficLimited(List<Creator> creators) {
    return creators.stream()
        .filter(c -> !platform.check(c.getCreatorId(), TRAFFIC).getAllowed())
        .count();
  }

  // ---- the database, read directly (what no RPC shows) ---------------------------------------

  private static Connection enforcementSql() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:5432/" + Service.ENFORCEMENT.database(), "postgres", "");
  }

  /** Server processes connected to the service's database (its pools' live connections). */
  private static long backendsOf(Service service) throws SQLException {
    try (Connection sql =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
      return count(
          sql,
          "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + service.database() + "'");
    }
  }

  private static List<String> violationsOfRequest(String requestId) throws SQLException {
    try (Connection sql = enforcementSql();
        PreparedStatement q =
            sql.prepareStatement(
                "SELECT violation_id FROM violation WHERE reported_request_id = ?")) {
      q.setString(1, requestId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  /**
   * Rows that would be part of a decision without the rest of it: each query counts one kind (a
   * decision commits violation, action with its statement, outbox row when there is something to
   * deliver, standing move, feed events and the stored reply together, or none of them).
   */
  private static Map<String, Long> halfWrittenDecisions() throws SQLException {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put(
        "violation without its action",
        "SELECT count(*) FROM violation v LEFT JOIN enforcement_action a"
            + " ON a.action_id = v.action_id AND a.violation_id = v.violation_id"
            + " WHERE a.action_id IS NULL");
    checks.put(
        "action to deliver without its outbox row",
        "SELECT count(*) FROM enforcement_action a WHERE (a.restriction_types <> ''"
            + " OR a.target_status IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM action_delivery d"
            + " WHERE d.action_id = a.action_id AND d.purpose = 'APPLY')");
    checks.put(
        "action without its statement",
        "SELECT count(*) FROM enforcement_action WHERE statement_id IS NULL"
            + " OR explanation = '' OR facts_and_circumstances = ''");
    checks.put(
        "violation without its VIOLATION_RECORDED event",
        "SELECT count(*) FROM violation v WHERE NOT EXISTS (SELECT 1 FROM enforcement_event e"
            + " WHERE e.event_type = 'ENFORCEMENT_EVENT_TYPE_VIOLATION_RECORDED'"
            + " AND e.creator_id = v.creator_id AND e.payload IS NOT NULL"
            + " AND position(convert_to(v.violation_id, 'UTF8') in e.payload) > 0)");
    checks.put(
        "standing not moved by every decision",
        "SELECT count(*) FROM creator_standing s WHERE s.decisions <> (SELECT count(*)"
            + " FROM violation v WHERE v.creator_id = s.creator_id AND v.market = s.market)");
    checks.put(
        "report without its stored reply",
        "SELECT count(*) FROM violation v WHERE NOT EXISTS (SELECT 1 FROM kit_idempotency_record"
            + " r WHERE r.request_id = v.reported_request_id AND r.response IS NOT NULL)");
    checks.put(
        "stored reply claim left unfinished",
        "SELECT count(*) FROM kit_idempotency_record WHERE response IS NULL");
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection sql = enforcementSql()) {
      for (Map.Entry<String, String> check : checks.entrySet()) {
        counts.put(check.getKey(), count(sql, check.getValue()));
      }
    }
    return counts;
  }

  private static long count(Connection sql, String query) throws SQLException {
    try (PreparedStatement q = sql.prepareStatement(query);
        ResultSet rows = q.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void print(String test, String what, Object count) {
    System.out.printf("%s: %s=%s%n", test, what, count);
  }
}
