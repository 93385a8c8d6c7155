package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.client.EnforcementPolicySource;
import io.creatorgov.enforcement.client.StandingPolicy;
import io.creatorgov.enforcement.domain.CurrentStanding;
import io.creatorgov.enforcement.domain.PastViolation;
import io.creatorgov.enforcement.repository.AppealEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.StandingRepository;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GetCreatorStanding: a creator's standing in a market now, computed under the market's current
 * standing policy from the recorded violations (never from the stored running totals, so points
 * that expired since the last decision no longer count). In named steps (ADR 0004):
 *
 * <ol>
 *   <li>remote read, no session open: the standing policy in force now (near cache);
 *   <li>one read-only session: the creator's first-seen time, violations, actions in force and open
 *       appeals in the market;
 *   <li>compute (pure, {@link CurrentStanding}) and map.
 * </ol>
 *
 * The creator's existence is not checked against creator-service: a creator without violations has
 * a clean standing.
 */
@ApplicationScoped
public class CreatorStandings {
  /** Who may read any creator's standing; a {@code creator} reads only their own. */
  static final Set<Role> STANDING_READERS = standingReaders();

  /** What the standing needs from the database. */
  private record Recorded(
      String creatorId,
      String market,
      OffsetDateTime standingStart,
      List<ViolationEntity> violations) {}

  /** The database's part of a standing, with the policy read before it. */
  private record Loaded(
      StandingPolicy policy,
      Instant at,
      Recorded recorded,
      List<EnforcementActionEntity> inForce,
      Map<String, ActionRecord> records,
      List<AppealEntity> openAppeals) {}

  private final Clock clock;
  private final EnforcementPolicySource policies;
  private final MarketRegistry markets;
  private final StandingRepository standings;
  private final Repositories.Violations violations;
  private final Repositories.Actions actions;
  private final ActionRecords records;
  private final Repositories.Appeals appeals;

  public CreatorStandings(
      Clock clock,
      EnforcementPolicySource policies,
      MarketRegistry markets,
      StandingRepository standings,
      Repositories.Violations violations,
      Repositories.Actions actions,
      ActionRecords records,
      Repositories.Appeals appeals) {
    this.clock = clock;
    this.policies = policies;
    this.markets = markets;
    this.standings = standings;
    this.violations = violations;
    this.actions = actions;
    this.records = records;
    this.appeals = appeals;
  }

  public Uni<StandingView> standing(CallerIdentity caller, String creatorId, String market) {
    check(caller, creatorId, market);
    Instant now = StoredTime.now(clock).toInstant();
    // 1. remote read, before any session or transaction
    return CallerContext.resumeOn(policies.standing(market, now))
        // 2. the database, in a read-only session of its own
        .chain(policy -> Panache.withSession(() -> load(creatorId, market, policy, now)))
        // 3. compute and map
        .map(loaded -> view(creatorId, market, loaded));
  }

  /** Market (enabled, in scope) and ownership, before anything is read. */
  private void check(CallerIdentity caller, String creatorId, String market) {
    markets.require(market, "market");
    caller.requireMarket(market);
    caller.requireSelfOrAnyRole(creatorId, STANDING_READERS);
  }

  private Uni<Loaded> load(String creatorId, String market, StandingPolicy policy, Instant now) {
    return standings
        .standingStart(creatorId, market)
        .chain(start -> recorded(creatorId, market, start))
        .chain(recorded -> inForce(creatorId, market, policy, now, recorded))
        .chain(this::withDeliveries)
        .chain(this::withOpenAppeals);
  }

  private Uni<Recorded> recorded(String creatorId, String market, OffsetDateTime start) {
    return violations
        .history(creatorId, market)
        .map(history -> new Recorded(creatorId, market, start, history));
  }

  private Uni<Loaded> inForce(
      String creatorId, String market, StandingPolicy policy, Instant now, Recorded recorded) {
    return actions
        .inForce(creatorId, market, now.atOffset(ZoneOffset.UTC))
        .map(list -> new Loaded(policy, now, recorded, list, Map.of(), List.of()));
  }

  /** The actions in force with their records (application, undo, hold), as GetEnforcementAction. */
  private Uni<Loaded> withDeliveries(Loaded l) {
    return records
        .ofAll(l.inForce())
        .map(
            byAction ->
                new Loaded(l.policy(), l.at(), l.recorded(), l.inForce(), byAction, List.of()));
  }

  /** The creator's OPEN and UNDER_REVIEW appeals in the market, oldest filing first. */
  private Uni<Loaded> withOpenAppeals(Loaded l) {
    String creatorId = l.recorded().creatorId();
    return appeals
        .open(creatorId, l.recorded().market())
        .map(open -> new Loaded(l.policy(), l.at(), l.recorded(), l.inForce(), l.records(), open));
  }

  private static StandingView view(String creatorId, String market, Loaded l) {
    List<PastViolation> history = l.recorded().violations().stream().map(Histories::past).toList();
    CurrentStanding standing =
        CurrentStanding.at(
            l.policy().rules(), history, l.at(), standingStart(l.recorded(), l.at()));
    List<ActionRecord> inForce =
        l.inForce().stream().map(a -> l.records().get(a.actionId)).toList();
    return new StandingView(
        creatorId,
        market,
        l.policy().version().key(),
        l.policy().version().version(),
        standing,
        inForce,
        l.openAppeals());
  }

  /**
   * First seen, as decisions count it: the standing row's creation or an earlier observation; now
   * for a creator never seen in the market.
   */
  private static Instant standingStart(Recorded recorded, Instant now) {
    Instant start = recorded.standingStart() == null ? now : recorded.standingStart().toInstant();
    for (ViolationEntity v : recorded.violations()) {
      Instant observed = v.observedAt.toInstant();
      start = observed.isBefore(start) ? observed : start;
    }
    return start;
  }

  private static Set<Role> standingReaders() {
    Set<Role> roles = EnumSet.copyOf(EnforcementQueries.READERS);
    roles.add(Role.INCENTIVE_MANAGER);
    return Set.copyOf(roles);
  }
}
