package io.creatorgov.enforcement.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.enforcement.client.EnforcementPolicySource;
import io.creatorgov.enforcement.client.EnforcementPolicySource.KeyRole;
import io.creatorgov.enforcement.client.ResolvedRules;
import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.domain.CatalogueEntry;
import io.creatorgov.enforcement.domain.PastViolation;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.domain.SimulationReplay;
import io.creatorgov.enforcement.domain.SimulationReplay.CreatorReplay;
import io.creatorgov.enforcement.domain.SimulationReplay.Replayed;
import io.creatorgov.enforcement.domain.StandingRules;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.SimulationEntity;
import io.creatorgov.enforcement.repository.SimulationRepository;
import io.creatorgov.enforcement.repository.SimulationRepository.Claimed;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.enforcement.service.SimulationForms.ViolationMeta;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs PENDING simulations in the background, the way the action outbox delivers: (1) a short
 * transaction claims one with {@code FOR UPDATE SKIP LOCKED} and a lease (a crashed worker's claim
 * is taken over when its lease runs out) and purges simulations past their 30 days; (2) a read-only
 * session loads the pinned candidate and the recorded history of the window; (3) outside any
 * transaction, the policy versions the recorded decisions pinned are read from policy-service; (4)
 * the replay is pure ({@link SimulationReplay}, {@link
 * io.creatorgov.enforcement.domain.SimulationDiff}); (5) a short transaction stores the totals and
 * the per-creator results — only if the simulation is still this attempt's RUNNING one, so a
 * cancelled simulation keeps no results. Nothing is written outside the simulation tables.
 */
@ApplicationScoped
public class SimulationWorker {
  private static final Logger LOG = Logger.getLogger(SimulationWorker.class);
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final int MAX_ATTEMPTS = 3;

  /** A policy version pinned by recorded decisions, as resolved for one market. */
  private record Pin(String key, String market, int version) {}

  /** One stored result row. */
  private record Row(
      String market, String creatorId, String kind, int decisionChanges, byte[] result) {}

  /** The replay's outcome: what the finishing transaction stores. */
  private record Outcome(
      Claimed claim, byte[] summary, long violations, long changed, List<Row> rows) {}

  /** What a run reads, gathered step by step. */
  private static final class Run {
    final Claimed claim;
    SimulationEntity sim;
    Map<String, ResolvedRules> candidate = new HashMap<>();
    List<ViolationEntity> window = List.of();
    Map<String, EnforcementActionEntity> actions = new HashMap<>();
    List<ViolationEntity> prior = List.of();
    Map<String, OffsetDateTime> starts = Map.of();
    final Map<Pin, ResolvedRules> pinned = new HashMap<>();

    Run(Claimed claim) {
      this.claim = claim;
    }

    List<String> markets() {
      return List.of(sim.markets.split(","));
    }

    Set<String> creators() {
      Set<String> creators = new LinkedHashSet<>();
      window.forEach(v -> creators.add(v.creatorId));
      return creators;
    }
  }

  private final Clock clock;
  private final SimulationRepository simulations;
  private final Repositories.Violations violations;
  private final Repositories.Actions actions;
  private final EnforcementPolicySource policies;
  private final MarketRegistry markets;
  private final SimulationForms forms;
  private final Duration lease;

  public SimulationWorker(
      Clock clock,
      SimulationRepository simulations,
      Repositories.Violations violations,
      Repositories.Actions actions,
      EnforcementPolicySource policies,
      MarketRegistry markets,
      SimulationForms forms,
      @ConfigProperty(name = "creatorgov.simulation.lease", defaultValue = "5m") Duration lease) {
    this.clock = clock;
    this.simulations = simulations;
    this.violations = violations;
    this.actions = actions;
    this.policies = policies;
    this.markets = markets;
    this.forms = forms;
    this.lease = lease;
  }

  @Scheduled(
      every = "${creatorgov.simulation.poll-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> runDue() {
    OffsetDateTime now = StoredTime.now(clock);
    return Panache.withTransaction(
            () ->
                simulations
                    .purge(now.minus(RETENTION))
                    .chain(() -> simulations.claim(now, now.plus(lease), 1)))
        .chain(this::runAll)
        .onFailure()
        .invoke(f -> LOG.warnf(f, "simulation round failed; retrying next round"))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  private Uni<Void> runAll(List<Claimed> claims) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Claimed c : claims) {
      chain = chain.chain(() -> runOne(c));
    }
    return chain;
  }

  private Uni<Void> runOne(Claimed claim) {
    return Panache.withSession(() -> load(new Run(claim)))
        .chain(this::fetchPinned)
        .map(this::replay)
        .chain(this::store)
        .onFailure()
        .recoverWithUni(f -> failed(claim, f));
  }

  // ---- (2) read the pinned run and the recorded history
  // ------------------------------------------

  private Uni<Run> load(Run run) {
    return simulations
        .findById(run.claim.simulationId())
        .invoke(s -> run.sim = s)
        .chain(() -> simulations.candidates(run.claim.simulationId()))
        .invoke(
            c ->
                c.forEach(
                    (market, bytes) -> run.candidate.put(market, ResolvedRules.fromStored(bytes))))
        .chain(() -> violations.observedIn(run.markets(), run.sim.windowStart, run.sim.windowEnd))
        .invoke(w -> run.window = w)
        .chain(() -> actionsOf(run.window))
        .invoke(a -> a.forEach(x -> run.actions.put(x.actionId, x)))
        .chain(() -> violations.observedBefore(run.creators(), run.markets(), run.sim.windowStart))
        .invoke(p -> run.prior = p)
        .chain(() -> simulations.standingStarts(run.markets(), run.creators()))
        .invoke(s -> run.starts = s)
        .replaceWith(run);
  }

  private Uni<List<EnforcementActionEntity>> actionsOf(List<ViolationEntity> window) {
    if (window.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return actions.list("actionId in ?1", window.stream().map(v -> v.actionId).toList());
  }

  // ---- (3) the versions the recorded decisions pinned, no transaction open ---------------------

  private Uni<Run> fetchPinned(Run run) {
    Set<Pin> pins = new LinkedHashSet<>();
    for (ViolationEntity v : run.window) {
      EnforcementActionEntity a = run.actions.get(v.actionId);
      if (a != null) {
        pins.add(new Pin(v.cataloguePolicyKey, v.market, v.cataloguePolicyVersion));
        String standing = policies.standingKey();
        pins.add(new Pin(standing, v.market, versionOf(a, standing)));
      }
    }
    Uni<Run> chain = Uni.createFrom().item(run);
    for (Pin pin : pins) {
      chain =
          chain.chain(
              r ->
                  policies
                      .pinned(pin.key(), pin.market(), pin.version())
                      .map(p -> keep(r, pin, p)));
    }
    return CallerContext.resumeOn(chain);
  }

  private static Run keep(Run run, Pin pin, ResolvedRules policy) {
    run.pinned.put(pin, policy);
    return run;
  }

  /** The version of {@code key} an action pinned (its ground or one of its other policies). */
  static int versionOf(EnforcementActionEntity a, String key) {
    if (a.groundPolicyKey.equals(key)) {
      return a.groundPolicyVersion;
    }
    for (String ref : a.otherPolicies.split(",")) {
      int at = ref.lastIndexOf('@');
      if (at > 0 && ref.substring(0, at).equals(key)) {
        return Integer.parseInt(ref.substring(at + 1));
      }
    }
    return 0;
  }

  // ---- (4) the replay: pure --------------------------------------------------------------------

  private Outcome replay(Run run) {
    KeyRole role = policies.roleOf(run.sim.policyKey).orElseThrow();
    Map<String, Map<String, List<ViolationEntity>>> byMarket = new TreeMap<>();
    for (ViolationEntity v : run.window) {
      if (run.actions.containsKey(v.actionId)) {
        byMarket
            .computeIfAbsent(v.market, m -> new LinkedHashMap<>())
            .computeIfAbsent(v.creatorId, c -> new ArrayList<>())
            .add(v);
      }
    }
    Map<String, List<PastViolation>> prior = new HashMap<>();
    for (ViolationEntity v : run.prior) {
      prior
          .computeIfAbsent(v.creatorId + "|" + v.market, k -> new ArrayList<>())
          .add(Histories.past(v));
    }
    Replays replays = new Replays(run, role, prior);
    byMarket.forEach(replays::market);
    SimulationReplay.Report overall = SimulationReplay.report(replays.all);
    byte[] summary = forms.summary(overall.totals(), replays.totals);
    return new Outcome(
        run.claim,
        summary,
        overall.totals().violationsReplayed(),
        overall.totals().decisionsChanged(),
        replays.rows);
  }

  /** The replays of a run, market by market, and their result rows. */
  private final class Replays {
    final Run run;
    final KeyRole role;
    final Map<String, List<PastViolation>> prior;
    final List<CreatorReplay> all = new ArrayList<>();
    final Map<String, SimulationReplay.Totals> totals = new TreeMap<>();
    final List<Row> rows = new ArrayList<>();
    final Map<ResolvedRules, StandingRules> rules = new IdentityHashMap<>();

    Replays(Run run, KeyRole role, Map<String, List<PastViolation>> prior) {
      this.run = run;
      this.role = role;
      this.prior = prior;
    }

    void market(String market, Map<String, List<ViolationEntity>> byCreator) {
      ZoneId zone = markets.find(market).orElseThrow().zone();
      List<CreatorReplay> replays = new ArrayList<>();
      Map<String, ViolationMeta> meta = new HashMap<>();
      byCreator.forEach(
          (creator, window) -> replays.add(creator(market, zone, creator, window, meta)));
      SimulationReplay.Report report = SimulationReplay.report(replays);
      all.addAll(replays);
      totals.put(market, report.totals());
      for (SimulationReplay.Changed changed : report.changed()) {
        byte[] result =
            forms.result(market, changed, meta, run.sim.policyKey, policies.standingKey());
        rows.add(
            new Row(
                market,
                changed.replay().creatorId(),
                changed.change().change().name(),
                changed.change().decisionChanges().size(),
                result));
      }
    }

    private CreatorReplay creator(
        String market,
        ZoneId zone,
        String creatorId,
        List<ViolationEntity> window,
        Map<String, ViolationMeta> meta) {
      List<Replayed> replayed = new ArrayList<>();
      StandingRules recordedRules = null;
      Instant start = window.get(0).observedAt.toInstant();
      for (ViolationEntity v : window) {
        EnforcementActionEntity a = run.actions.get(v.actionId);
        int standingVersion = versionOf(a, policies.standingKey());
        recordedRules =
            standingRules(new Pin(policies.standingKey(), market, standingVersion), zone);
        replayed.add(replayed(market, zone, v, a, recordedRules));
        meta.put(
            v.violationId,
            new ViolationMeta(
                v.actionId,
                role == KeyRole.CATALOGUE
                    ? v.cataloguePolicyVersion
                    : versionOf(a, run.sim.policyKey),
                v.cataloguePolicyKey));
        start = v.observedAt.toInstant().isBefore(start) ? v.observedAt.toInstant() : start;
      }
      List<PastViolation> before = prior.getOrDefault(creatorId + "|" + market, List.of());
      for (PastViolation p : before) {
        start = p.observedTime().isBefore(start) ? p.observedTime() : start;
      }
      OffsetDateTime seen = run.starts.get(creatorId + "|" + market);
      if (seen != null && seen.toInstant().isBefore(start)) {
        start = seen.toInstant();
      }
      return SimulationReplay.replay(
          creatorId, before, replayed, recordedRules, run.sim.windowEnd.toInstant(), start);
    }

    private Replayed replayed(
        String market,
        ZoneId zone,
        ViolationEntity v,
        EnforcementActionEntity a,
        StandingRules recordedRules) {
      ResolvedRules candidate = run.candidate.get(market);
      StandingRules simulatedRules =
          role == KeyRole.STANDING ? rulesOf(candidate, zone) : recordedRules;
      boolean catalogueCandidate =
          role == KeyRole.CATALOGUE && v.cataloguePolicyKey.equals(run.sim.policyKey);
      ResolvedRules catalogue =
          catalogueCandidate
              ? candidate
              : run.pinned.get(new Pin(v.cataloguePolicyKey, market, v.cataloguePolicyVersion));
      CatalogueEntry entry = catalogue.catalogueEntry(v.violationCode).orElse(null);
      return new Replayed(
          v.violationId,
          v.violationCode,
          v.observedAt.toInstant(),
          "REVERSED".equals(v.state),
          v.pointsAdded,
          v.scoreDeducted,
          SimulationReplay.recordedAction(
              v.violationId,
              ActionType.valueOf(a.actionType),
              restrictions(a.restrictionTypes),
              seconds(a.durationSeconds),
              determiningRule(a.rulesApplied)),
          entry,
          simulatedRules);
    }

    private StandingRules standingRules(Pin pin, ZoneId zone) {
      return rulesOf(run.pinned.get(pin), zone);
    }

    private StandingRules rulesOf(ResolvedRules policy, ZoneId zone) {
      return rules.computeIfAbsent(policy, p -> p.standingRules(zone));
    }
  }

  /**
   * The rule reference of the determinative line of a recorded decision's rules ({@code
   * kind|policy|rule_ref|determinative|description} per line); null when none is recorded.
   */
  static String determiningRule(String rulesApplied) {
    if (rulesApplied == null) {
      return null;
    }
    for (String line : rulesApplied.split("\n")) {
      String[] f = line.split("\\|", 5);
      if (f.length == 5 && Boolean.parseBoolean(f[3])) {
        return f[2];
      }
    }
    return null;
  }

  /** A recorded duration in seconds, or null. */
  private static Duration seconds(Long seconds) {
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }

  private static Set<RestrictionKind> restrictions(String names) {
    Set<RestrictionKind> kinds = EnumSet.noneOf(RestrictionKind.class);
    if (names != null && !names.isEmpty()) {
      Arrays.stream(names.split(",")).map(RestrictionKind::valueOf).forEach(kinds::add);
    }
    return kinds;
  }

  // ---- (5) store: a short transaction ---------------------------------------------------------

  private Uni<Void> store(Outcome o) {
    OffsetDateTime now = StoredTime.now(clock);
    return Panache.withTransaction(
        () ->
            simulations
                .finish(o.claim(), "SUCCEEDED", o.summary(), o.violations(), o.changed(), null, now)
                .chain(stillOurs -> stillOurs ? saveRows(o) : Uni.createFrom().voidItem()));
  }

  private Uni<Void> saveRows(Outcome o) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Row row : o.rows()) {
      chain =
          chain.chain(
              () ->
                  simulations.saveResult(
                      o.claim().simulationId(),
                      row.market(),
                      row.creatorId(),
                      row.kind(),
                      row.decisionChanges(),
                      row.result()));
    }
    return chain;
  }

  /**
   * A run that failed: a dependency that could not answer leaves it RUNNING, to be claimed again
   * when its lease runs out (up to {@value #MAX_ATTEMPTS} attempts); anything else fails it.
   */
  private Uni<Void> failed(Claimed claim, Throwable f) {
    if (retryable(f) && claim.attempt() < MAX_ATTEMPTS) {
      LOG.warnf(
          f,
          "simulation %s: attempt %d failed; retried after its lease",
          claim.simulationId(),
          claim.attempt());
      return Uni.createFrom().voidItem();
    }
    LOG.errorf(f, "simulation %s failed", claim.simulationId());
    OffsetDateTime now = StoredTime.now(clock);
    return Panache.withTransaction(
            () ->
                simulations.finish(
                    claim,
                    "FAILED",
                    new byte[0],
                    0,
                    0,
                    "the simulation could not be completed (simulation "
                        + claim.simulationId()
                        + ")",
                    now))
        .replaceWithVoid();
  }

  private static boolean retryable(Throwable f) {
    return (f instanceof ApiException e
            && e.reason() == ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE)
        || f.getClass().getName().startsWith("org.eclipse.microprofile.faulttolerance.exceptions");
  }
}
