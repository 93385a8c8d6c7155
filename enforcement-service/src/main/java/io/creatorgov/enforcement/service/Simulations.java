package io.creatorgov.enforcement.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.enforcement.client.CandidatePolicy;
import io.creatorgov.enforcement.client.EnforcementPolicySource;
import io.creatorgov.enforcement.repository.Repositories.Keyset;
import io.creatorgov.enforcement.repository.SimulationEntity;
import io.creatorgov.enforcement.repository.SimulationRepository;
import io.creatorgov.enforcement.repository.SimulationRepository.ResultKeyset;
import io.creatorgov.enforcement.repository.SimulationRepository.ResultRow;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Policy simulations as a resource: CreateSimulation pins the candidate (read from policy-service
 * before any transaction, ADR 0004) and the window and leaves the run to {@link SimulationWorker};
 * CancelSimulation stops a PENDING or RUNNING one; Get/List read them and ListSimulationResults
 * pages a SUCCEEDED one's per-creator results. Nothing here writes outside the simulation tables.
 */
@ApplicationScoped
public class Simulations {
  static final Duration MIN_WINDOW = Duration.ofHours(1);
  static final Duration MAX_WINDOW = Duration.ofDays(180);
  static final Duration MAX_AGE = Duration.ofDays(365);

  /** CancelSimulation's command. */
  public record Cancel(String requestId, String simulationId) {}

  /** A creation's inputs after the remote read. */
  private record Prepared(List<String> markets, CandidatePolicy candidate) {}

  private final Clock clock;
  private final EnforcementPolicySource policies;
  private final SimulationRepository simulations;
  private final MarketRegistry markets;
  private final PageTokens pageTokens;
  private final SimulationForms forms;
  private final AtomicInteger maxActive;

  public Simulations(
      Clock clock,
      EnforcementPolicySource policies,
      SimulationRepository simulations,
      MarketRegistry markets,
      PageTokens pageTokens,
      SimulationForms forms,
      @ConfigProperty(name = "creatorgov.simulation.max-active", defaultValue = "4")
          int maxActive) {
    this.clock = clock;
    this.policies = policies;
    this.simulations = simulations;
    this.markets = markets;
    this.pageTokens = pageTokens;
    this.forms = forms;
    this.maxActive = new AtomicInteger(maxActive);
  }

  /**
   * How many simulations may be PENDING or RUNNING at once; CreateSimulation beyond it is
   * UNAVAILABLE OVERLOADED. Returns the previous limit (operators and tests).
   */
  public int limitActive(int limit) {
    return maxActive.getAndSet(limit);
  }

  // ---- CreateSimulation -------------------------------------------------------------------------

  public <R> Uni<R> create(
      CallerIdentity caller, CreateSimulation cmd, Reply<SimulationEntity, R> reply) {
    List<String> inMarkets = check(caller, cmd);
    // 1. the candidate, read once from policy-service, no transaction open
    return CallerContext.resumeOn(
            policies.candidate(cmd.policyKey(), cmd.policyVersion(), inMarkets))
        .map(candidate -> new Prepared(inMarkets, candidate))
        // 2. the transaction: database only
        .chain(
            prepared ->
                Reply.once(
                    "CreateSimulation",
                    caller,
                    cmd.requestId(),
                    reply,
                    () -> persist(caller, cmd, prepared)));
  }

  /** Field and service rules; returns the markets to replay. */
  private List<String> check(CallerIdentity caller, CreateSimulation cmd) {
    Violations v = new Violations();
    Instant now = clock.instant();
    Duration length = Duration.between(cmd.windowStart(), cmd.windowEnd());
    v.require(length.compareTo(MIN_WINDOW) < 0, "replay_window", "must be at least 1 hour long");
    v.require(length.compareTo(MAX_WINDOW) > 0, "replay_window", "must be at most 180 days long");
    v.require(cmd.windowEnd().isAfter(now), "replay_window.end_time", "must not be in the future");
    v.require(
        cmd.windowStart().isBefore(now.minus(MAX_AGE)),
        "replay_window.start_time",
        "must be at most 365 days ago");
    v.throwIfAny();
    List<String> inMarkets = new ArrayList<>();
    for (int i = 0; i < cmd.markets().size(); i++) {
      Market market = markets.require(cmd.markets().get(i), "markets[" + i + "]");
      caller.requireMarket(market.code());
      inMarkets.add(market.code());
    }
    if (inMarkets.isEmpty()) {
      markets.enabled().stream()
          .map(Market::code)
          .filter(caller::canAccessMarket)
          .forEach(inMarkets::add);
    }
    if (policies.roleOf(cmd.policyKey()).isEmpty()) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
          "policy " + cmd.policyKey() + " is not one enforcement decisions use",
          Map.of("policy_key", cmd.policyKey()),
          List.of(),
          List.of(
              new PreconditionViolation(
                  "POLICY_KEY",
                  cmd.policyKey(),
                  "enforcement decisions use the violation catalogues, the standing model and"
                      + " the appeal rules")),
          null);
    }
    return List.copyOf(new TreeSet<>(inMarkets));
  }

  private Uni<SimulationEntity> persist(CallerIdentity caller, CreateSimulation cmd, Prepared p) {
    return simulations
        .active()
        .invoke(this::requireCapacity)
        .map(ignored -> entity(caller, cmd, p, StoredTime.now(clock)))
        .call(simulations::persistAndFlush)
        .call(s -> saveCandidates(s, p.candidate()));
  }

  private void requireCapacity(long active) {
    if (active >= maxActive.get()) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_OVERLOADED,
          "too many simulations running (" + active + "); retry later",
          Map.of("active_simulations", Long.toString(active)));
    }
  }

  private SimulationEntity entity(
      CallerIdentity caller, CreateSimulation cmd, Prepared p, OffsetDateTime now) {
    SimulationEntity s = new SimulationEntity();
    s.simulationId = ResourceIds.sortable("sim_");
    s.policyKey = cmd.policyKey();
    s.policyVersion = cmd.policyVersion();
    s.candidateContentHash = p.candidate().contentHash();
    s.markets = String.join(",", p.markets());
    s.windowStart = utc(cmd.windowStart());
    s.windowEnd = utc(cmd.windowEnd());
    s.state = "PENDING";
    s.progressPercent = 0;
    s.createdBy = Rows.actorOf(caller);
    s.createdActor = forms.creator(caller);
    s.createdRequestId = cmd.requestId();
    s.createdAt = now;
    s.updatedAt = now;
    s.etagVersion = 1;
    return s;
  }

  private Uni<Void> saveCandidates(SimulationEntity s, CandidatePolicy candidate) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (var e : candidate.resolved().entrySet()) {
      chain =
          chain.chain(
              () -> simulations.saveCandidate(s.simulationId, e.getKey(), e.getValue().stored()));
    }
    return chain;
  }

  // ---- CancelSimulation -------------------------------------------------------------------------

  public <R> Uni<R> cancel(CallerIdentity caller, Cancel cmd, Reply<SimulationEntity, R> reply) {
    return Reply.once(
        "CancelSimulation", caller, cmd.requestId(), reply, () -> cancelLocked(caller, cmd));
  }

  private Uni<SimulationEntity> cancelLocked(CallerIdentity caller, Cancel cmd) {
    return simulations
        .lock(cmd.simulationId())
        .map(s -> allowed(caller, s, cmd.simulationId()))
        .chain(this::stop);
  }

  /**
   * PENDING or RUNNING → CANCELLED, its results and partial totals discarded (a running worker
   * stores nothing more: each of its writes requires the simulation still RUNNING); a finished
   * simulation stays as it is.
   */
  private Uni<SimulationEntity> stop(SimulationEntity s) {
    if (done(s.state)) {
      return Uni.createFrom().item(s);
    }
    cancelled(s, StoredTime.now(clock));
    return simulations.deleteResults(s.simulationId).replaceWith(s);
  }

  private static void cancelled(SimulationEntity s, OffsetDateTime now) {
    s.state = "CANCELLED";
    s.summary = null;
    s.violationsReplayed = 0;
    s.decisionsChanged = 0;
    s.leaseUntil = null;
    s.endAt = now;
    s.updatedAt = now;
    s.etagVersion++;
  }

  // ---- GetSimulation, ListSimulations -----------------------------------------------------------

  @WithSession
  public Uni<SimulationEntity> get(CallerIdentity caller, String simulationId) {
    return simulations.findById(simulationId).map(s -> allowed(caller, s, simulationId));
  }

  /**
   * ListSimulations: newest first, ties by id; a scoped caller sees only simulations of markets all
   * in its scope, filtered in the query so every page but the last is full.
   */
  @WithSession
  public Uni<Page<SimulationEntity>> list(
      CallerIdentity caller, int pageSize, String pageToken, String policyKey) {
    int size = PageSize.resolve(pageSize);
    String query = "simulations|" + policyKey;
    Keyset after = keyset(pageTokens.decode(pageToken, query));
    return simulations
        .page(policyKey.isEmpty() ? null : policyKey, caller.marketScope(), after, size + 1)
        .map(rows -> Page.of(rows, size, last -> token(query, last)));
  }

  private String token(String query, SimulationEntity last) {
    return pageTokens.encode(query, last.createdAt.toInstant() + "|" + last.simulationId);
  }

  private static Keyset keyset(String cursor) {
    if (cursor == null) {
      return Keyset.FIRST;
    }
    int bar = cursor.indexOf('|');
    return new Keyset(utc(Instant.parse(cursor.substring(0, bar))), cursor.substring(bar + 1));
  }

  // ---- ListSimulationResults --------------------------------------------------------------------

  /** Results in (market, creator id) order; only once the simulation SUCCEEDED. */
  @WithSession
  public Uni<SimulationResultPage> results(CallerIdentity caller, ListSimulationResults cmd) {
    if (!cmd.market().isEmpty() && markets.find(cmd.market()).isEmpty()) {
      Violations v = new Violations();
      markets.check(cmd.market(), "market").ifPresent(v::add);
      v.throwIfAny();
    }
    int size = PageSize.resolve(cmd.pageSize());
    String market = cmd.market().isEmpty() ? null : cmd.market();
    String query = "results|" + cmd.simulationId() + "|" + cmd.changeKind() + "|" + cmd.market();
    ResultKeyset after = resultKeyset(pageTokens.decode(cmd.pageToken(), query));
    return simulations
        .findById(cmd.simulationId())
        .map(s -> allowed(caller, s, cmd.simulationId()))
        .invoke(Simulations::requireSucceeded)
        .chain(s -> simulations.results(s.simulationId, cmd.changeKind(), market, after, size + 1))
        .map(rows -> Page.of(rows, size, last -> resultToken(query, last)))
        .map(page -> page.map(ResultRow::payload))
        .chain(
            page ->
                simulations
                    .countResults(cmd.simulationId(), cmd.changeKind(), market)
                    .map(total -> new SimulationResultPage(page, total)));
  }

  private static void requireSucceeded(SimulationEntity s) {
    if (!s.state.equals("SUCCEEDED")) {
      throw ApiException.notAllowedInState(s.state, "listing the results of a simulation");
    }
  }

  private String resultToken(String query, ResultRow last) {
    return pageTokens.encode(query, last.market() + "|" + last.creatorId());
  }

  private static ResultKeyset resultKeyset(String cursor) {
    if (cursor == null) {
      return null;
    }
    int bar = cursor.indexOf('|');
    return new ResultKeyset(cursor.substring(0, bar), cursor.substring(bar + 1));
  }

  // ---- rules ------------------------------------------------------------------------------------

  /** Whether a simulation in {@code state} has finished (SUCCEEDED, FAILED or CANCELLED). */
  public static boolean done(String state) {
    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
  }

  /** NOT_FOUND when absent; MARKET_OUT_OF_SCOPE unless the caller may see every market of it. */
  private static SimulationEntity allowed(
      CallerIdentity caller, SimulationEntity s, String simulationId) {
    if (s == null) {
      throw ApiException.notFound("simulation", simulationId);
    }
    for (String market : s.markets.split(",")) {
      caller.requireMarket(market);
    }
    return s;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
