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
import io.creatorgov.enforcement.repository.SimulationRepository.CreatorKey;
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
import java.util.HashSet;
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
 * is taken over when its lease runs out) and purges simulations past their 30 days; (2) a short
 * transaction reads the pinned candidate, counts the window's violations and discards what an
 * earlier attempt stored; then the window is replayed in batches of {@code batch-creators} (market,
 * creator) pairs, keyset-paged in (market, creator id) order, so memory stays bounded whatever the
 * market's size. Per batch: (3) a read-only session loads those creators' violations of the window,
 * their actions, their earlier violations and first-seen times; (4) outside any transaction, the
 * policy versions the batch's recorded decisions pinned are read from policy-service; (5) the
 * replay is pure ({@link SimulationReplay}, {@link
 * io.creatorgov.enforcement.domain.SimulationDiff}); (6) a short transaction stores the batch's
 * results, the progress (violations replayed of the window's), the partial totals and a renewed
 * lease — only if the simulation is still this attempt's RUNNING one, else the run stops. Finally a
 * short transaction marks it SUCCEEDED with the totals. A cancelled or failed simulation keeps no
 * results. Nothing is written outside the simulation tables.
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

  /** What a run carries from batch to batch: the pinned inputs, the position and the totals. */
  private static final class Run {
    final Claimed claim;
    SimulationEntity sim;
    KeyRole role;
    final Map<String, ResolvedRules> candidate = new HashMap<>();
    long total;
    long replayed;
    CreatorKey after = CreatorKey.FIRST;
    boolean more = true;
    boolean ours = true;
    SimulationReplay.Totals overall = SimulationReplay.Totals.none();
    final Map<String, SimulationReplay.Totals> perMarket = new TreeMap<>();
    Batch batch;

    Run(Claimed claim) {
      this.claim = claim;
    }

    List<String> markets() {
      return List.of(sim.markets.split(","));
    }

    /** Percent of the window's violations replayed; 100 only once the run has finished. */
    int progress() {
      return total == 0 ? 99 : (int) Math.min(99, replayed * 100 / total);
    }
  }

  /** One batch of (market, creator) pairs and what it reads; dropped once stored. */
  private static final class Batch {
    final List<CreatorKey> keys;
    final Set<CreatorKey> wanted;
    List<ViolationEntity> window = List.of();
    final Map<String, EnforcementActionEntity> actions = new HashMap<>();
    List<ViolationEntity> prior = List.of();
    Map<String, OffsetDateTime> starts = Map.of();
    final Map<Pin, ResolvedRules> pinned = new HashMap<>();
    final Map<ResolvedRules, StandingRules> rules = new IdentityHashMap<>();
    final List<Row> rows = new ArrayList<>();

    Batch(List<CreatorKey> keys) {
      this.keys = keys;
      this.wanted = new HashSet<>(keys);
    }

    Set<String> creators() {
      Set<String> creators = new LinkedHashSet<>();
      keys.forEach(k -> creators.add(k.creatorId()));
      return creators;
    }

    boolean wants(ViolationEntity v) {
      return wanted.contains(new CreatorKey(v.market, v.creatorId));
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
  private final int batchCreators;

  public SimulationWorker(
      Clock clock,
      SimulationRepository simulations,
      Repositories.Violations violations,
      Repositories.Actions actions,
      EnforcementPolicySource policies,
      MarketRegistry markets,
      SimulationForms forms,
      @ConfigProperty(name = "creatorgov.simulation.lease", defaultValue = "5m") Duration lease,
      @ConfigProperty(name = "creatorgov.simulation.batch-creators", defaultValue = "200")
          int batchCreators) {
    this.clock = clock;
    this.simulations = simulations;
    this.violations = violations;
    this.actions = actions;
    this.policies = policies;
    this.markets = markets;
    this.forms = forms;
    this.lease = lease;
    this.batchCreators = batchCreators;
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
    return Panache.withTransaction(() -> begin(new Run(claim)))
        .chain(this::batches)
        .chain(this::store)
        .onFailure()
        .recoverWithUni(f -> failed(claim, f));
  }

  // ---- (2) the pinned run, the window's size, a clean slate ------------------------------------

  private Uni<Run> begin(Run run) {
    return simulations
        .findById(run.claim.simulationId())
        .invoke(s -> run.sim = s)
        .invoke(() -> run.role = policies.roleOf(run.sim.policyKey).orElseThrow())
        .chain(() -> simulations.candidates(run.claim.simulationId()))
        .invoke(c -> c.forEach((m, bytes) -> run.candidate.put(m, ResolvedRules.fromStored(bytes))))
        .chain(() -> simulations.windowCount(run.markets(), run.sim.windowStart, run.sim.windowEnd))
        .invoke(n -> run.total = n)
        .chain(() -> simulations.deleteResults(run.claim.simulationId()))
        .replaceWith(run);
  }

  /** Replays batch after batch until the window is done or the run is no longer ours. */
  private Uni<Run> batches(Run run) {
    return batch(run).chain(r -> r.more && r.ours ? batches(r) : Uni.createFrom().item(r));
  }

  private Uni<Run> batch(Run run) {
    return Panache.withSession(() -> load(run))
        .chain(this::fetchPinned)
        .map(this::replay)
        .chain(this::saveBatch);
  }

  // ---- (3) one batch of the recorded history ---------------------------------------------------

  private Uni<Run> load(Run run) {
    return simulations
        .windowCreators(
            run.markets(), run.sim.windowStart, run.sim.windowEnd, run.after, batchCreators)
        .invoke(keys -> run.batch = new Batch(keys))
        .chain(() -> windowOf(run))
        .invoke(w -> run.batch.window = w)
        .chain(() -> actionsOf(run.batch.window))
        .invoke(a -> a.forEach(x -> run.batch.actions.put(x.actionId, x)))
        .chain(
            () ->
                violations.observedBefore(run.batch.creators(), run.markets(), run.sim.windowStart))
        .invoke(p -> run.batch.prior = p)
        .chain(() -> simulations.standingStarts(run.markets(), run.batch.creators()))
        .invoke(s -> run.batch.starts = s)
        .replaceWith(run);
  }

  /** The batch's violations of the window (only its own (market, creator) pairs). */
  private Uni<List<ViolationEntity>> windowOf(Run run) {
    return violations
        .observedBy(run.batch.creators(), run.markets(), run.sim.windowStart, run.sim.windowEnd)
        .map(all -> all.stream().filter(run.batch::wants).toList());
  }

  private Uni<List<EnforcementActionEntity>> actionsOf(List<ViolationEntity> window) {
    if (window.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return actions.list("actionId in ?1", window.stream().map(v -> v.actionId).toList());
  }

  // ---- (4) the versions the batch's recorded decisions pinned, no transaction open -------------

  private Uni<Run> fetchPinned(Run run) {
    Set<Pin> pins = new LinkedHashSet<>();
    for (ViolationEntity v : run.batch.window) {
      EnforcementActionEntity a = run.batch.actions.get(v.actionId);
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
    run.batch.pinned.put(pin, policy);
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

  // ---- (5) the replay of one batch: pure --------------------------------------------------------

  private Run replay(Run run) {
    Batch batch = run.batch;
    Map<String, Map<String, List<ViolationEntity>>> byMarket = new TreeMap<>();
    for (ViolationEntity v : batch.window) {
      if (batch.actions.containsKey(v.actionId)) {
        byMarket
            .computeIfAbsent(v.market, m -> new LinkedHashMap<>())
            .computeIfAbsent(v.creatorId, c -> new ArrayList<>())
            .add(v);
      }
    }
    Map<String, List<PastViolation>> prior = new HashMap<>();
    for (ViolationEntity v : batch.prior) {
      prior
          .computeIfAbsent(v.creatorId + "|" + v.market, k -> new ArrayList<>())
          .add(Histories.past(v));
    }
    Replays replays = new Replays(run, prior);
    byMarket.forEach(replays::market);
    run.replayed += batch.window.size();
    run.more = batch.keys.size() == batchCreators;
    if (!batch.keys.isEmpty()) {
      run.after = batch.keys.get(batch.keys.size() - 1);
    }
    return run;
  }

  /** The replays of a batch, market by market: adds to the run's totals and the batch's rows. */
  private final class Replays {
    final Run run;
    final Batch batch;
    final KeyRole role;
    final Map<String, List<PastViolation>> prior;

    Replays(Run run, Map<String, List<PastViolation>> prior) {
      this.run = run;
      this.batch = run.batch;
      this.role = run.role;
      this.prior = prior;
    }

    void market(String market, Map<String, List<ViolationEntity>> byCreator) {
      ZoneId zone = markets.find(market).orElseThrow().zone();
      List<CreatorReplay> replays = new ArrayList<>();
      Map<String, ViolationMeta> meta = new HashMap<>();
      byCreator.forEach(
          (creator, window) -> replays.add(creator(market, zone, creator, window, meta)));
      SimulationReplay.Report report = SimulationReplay.report(replays);
      run.overall = run.overall.plus(report.totals());
      run.perMarket.merge(market, report.totals(), SimulationReplay.Totals::plus);
      for (SimulationReplay.Changed changed : report.changed()) {
        byte[] result =
            forms.result(market, changed, meta, run.sim.policyKey, policies.standingKey());
        batch.rows.add(
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
        EnforcementActionEntity a = batch.actions.get(v.actionId);
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
      OffsetDateTime seen = batch.starts.get(creatorId + "|" + market);
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
              : batch.pinned.get(new Pin(v.cataloguePolicyKey, market, v.cataloguePolicyVersion));
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
      return rulesOf(batch.pinned.get(pin), zone);
    }

    private StandingRules rulesOf(ResolvedRules policy, ZoneId zone) {
      return batch.rules.computeIfAbsent(policy, p -> p.standingRules(zone));
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

  // ---- (6) store a batch, then the end: short transactions ------------------------------------

  private Uni<Run> saveBatch(Run run) {
    OffsetDateTime now = StoredTime.now(clock);
    byte[] summary = forms.summary(run.overall, run.perMarket);
    return Panache.withTransaction(
            () ->
                simulations
                    .progress(
                        run.claim,
                        run.progress(),
                        summary,
                        run.overall.violationsReplayed(),
                        run.overall.decisionsChanged(),
                        now.plus(lease),
                        now)
                    .call(stillOurs -> stillOurs ? saveRows(run) : Uni.createFrom().voidItem()))
        .map(stillOurs -> next(run, stillOurs));
  }

  private static Run next(Run run, boolean stillOurs) {
    run.ours = stillOurs;
    run.batch = null;
    return run;
  }

  private Uni<Void> saveRows(Run run) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Row row : run.batch.rows) {
      chain =
          chain.chain(
              () ->
                  simulations.saveResult(
                      run.claim.simulationId(),
                      row.market(),
                      row.creatorId(),
                      row.kind(),
                      row.decisionChanges(),
                      row.result()));
    }
    return chain;
  }

  private Uni<Void> store(Run run) {
    if (!run.ours) {
      LOG.infof("simulation %s: no longer this run's; stopped", run.claim.simulationId());
      return Uni.createFrom().voidItem();
    }
    OffsetDateTime now = StoredTime.now(clock);
    byte[] summary = forms.summary(run.overall, run.perMarket);
    return Panache.withTransaction(
            () ->
                simulations.finish(
                    run.claim,
                    "SUCCEEDED",
                    summary,
                    run.overall.violationsReplayed(),
                    run.overall.decisionsChanged(),
                    null,
                    now))
        .replaceWithVoid();
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
                simulations
                    .finish(
                        claim,
                        "FAILED",
                        new byte[0],
                        0,
                        0,
                        "the simulation could not be completed (simulation "
                            + claim.simulationId()
                            + ")",
                        now)
                    .call(failedNow -> discard(failedNow, claim)))
        .replaceWithVoid();
  }

  /** A run that just failed keeps no results. */
  private Uni<Void> discard(boolean failedNow, Claimed claim) {
    return failedNow
        ? simulations.deleteResults(claim.simulationId())
        : Uni.createFrom().voidItem();
  }

  private static boolean retryable(Throwable f) {
    return (f instanceof ApiException e
            && e.reason() == ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE)
        || f.getClass().getName().startsWith("org.eclipse.microprofile.faulttolerance.exceptions");
  }
}
