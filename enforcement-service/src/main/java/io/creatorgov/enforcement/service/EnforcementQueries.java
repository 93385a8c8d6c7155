package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.AppealEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.Repositories.ActionCriteria;
import io.creatorgov.enforcement.repository.Repositories.Keyset;
import io.creatorgov.enforcement.repository.Repositories.QueueCriteria;
import io.creatorgov.enforcement.repository.Repositories.ViolationCriteria;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads of violations, actions, appeals and commission holds. Every reader role sees every market
 * in its scope; a {@code creator} only their own resources (NOT_RESOURCE_OWNER otherwise). Listings
 * are keyset-paged with the kit's signed page tokens, bound to the query's filters.
 */
@ApplicationScoped
public class EnforcementQueries {
  /** The reader roles that are not limited to their own resources. */
  static final Set<Role> READERS =
      EnumSet.of(
          Role.SERVICE,
          Role.MODERATOR,
          Role.CREATOR_OPS,
          Role.APPEALS_REVIEWER,
          Role.GOVERNANCE_ADMIN,
          Role.AUDITOR);

  /** A listing's resolved scope: whose, which markets, how many, from where. */
  private record Scope(String creatorId, Set<String> markets, int size, String query) {}

  /** What the decisions on a page of appeals show: the appealed actions and their violations. */
  private record Decided(
      Map<String, ActionRecord> actions, Map<String, ViolationEntity> violations) {}

  private final Repositories.Violations violations;
  private final Repositories.Actions actions;
  private final Repositories.Deliveries deliveries;
  private final Repositories.Appeals appeals;
  private final Repositories.Holds holds;
  private final ActionRecords records;
  private final MarketRegistry markets;
  private final PageTokens pageTokens;

  public EnforcementQueries(
      Repositories.Violations violations,
      Repositories.Actions actions,
      Repositories.Deliveries deliveries,
      Repositories.Appeals appeals,
      Repositories.Holds holds,
      ActionRecords records,
      MarketRegistry markets,
      PageTokens pageTokens) {
    this.violations = violations;
    this.actions = actions;
    this.deliveries = deliveries;
    this.appeals = appeals;
    this.holds = holds;
    this.records = records;
    this.markets = markets;
    this.pageTokens = pageTokens;
  }

  // ---- GetViolation, GetEnforcementAction ------------------------------------------------------

  @WithSession
  public Uni<ViolationEntity> violation(CallerIdentity caller, String violationId) {
    return violations
        .findById(violationId)
        .map(
            v -> {
              if (v == null) {
                throw ApiException.notFound("violation", violationId);
              }
              allow(caller, v.creatorId, v.market);
              return v;
            });
  }

  @WithSession
  public Uni<ActionRecord> action(CallerIdentity caller, String actionId) {
    return actions
        .findById(actionId)
        .invoke(
            a -> {
              if (a == null) {
                throw ApiException.notFound("enforcement action", actionId);
              }
              allow(caller, a.creatorId, a.market);
            })
        .chain(records::of);
  }

  private static void allow(CallerIdentity caller, String creatorId, String market) {
    caller.requireMarket(market);
    caller.requireSelfOrAnyRole(creatorId, READERS);
  }

  // ---- ListViolations ---------------------------------------------------------------------------

  /** ListViolations: newest observation first, ties by violation id. */
  @WithSession
  public Uni<Page<ViolationEntity>> violations(CallerIdentity caller, ListViolations cmd) {
    checkFilters(cmd.market(), "observed_window", cmd.observedFrom(), cmd.observedBefore());
    Scope scope =
        scope(
            caller,
            READERS,
            cmd.creatorId(),
            cmd.market(),
            cmd.pageSize(),
            "violations",
            cmd.violationCode(),
            cmd.state(),
            cmd.detectionSource(),
            cmd.observedFrom(),
            cmd.observedBefore());
    Keyset after = keyset(pageTokens.decode(cmd.pageToken(), scope.query()));
    ViolationCriteria criteria =
        new ViolationCriteria(
            scope.creatorId(),
            scope.markets(),
            blankToNull(cmd.violationCode()),
            cmd.state(),
            cmd.detectionSource(),
            at(cmd.observedFrom()),
            at(cmd.observedBefore()));
    return violations
        .page(criteria, after, scope.size() + 1)
        .map(rows -> Page.of(rows, scope.size(), last -> violationToken(scope, last)));
  }

  private String violationToken(Scope scope, ViolationEntity last) {
    return pageTokens.encode(scope.query(), cursor(last.observedAt, last.violationId));
  }

  // ---- ListEnforcementActions -------------------------------------------------------------------

  /** ListEnforcementActions: newest start first, ties by action id. */
  @WithSession
  public Uni<Page<ActionRecord>> actions(CallerIdentity caller, ListActions cmd) {
    checkFilters(cmd.market(), "start_window", cmd.startFrom(), cmd.startBefore());
    Scope scope =
        scope(
            caller,
            READERS,
            cmd.creatorId(),
            cmd.market(),
            cmd.pageSize(),
            "actions",
            cmd.state(),
            cmd.actionType(),
            cmd.origin(),
            cmd.violationId(),
            cmd.startFrom(),
            cmd.startBefore());
    Keyset after = keyset(pageTokens.decode(cmd.pageToken(), scope.query()));
    ActionCriteria criteria =
        new ActionCriteria(
            scope.creatorId(),
            scope.markets(),
            cmd.state(),
            cmd.actionType(),
            cmd.origin(),
            blankToNull(cmd.violationId()),
            at(cmd.startFrom()),
            at(cmd.startBefore()));
    return actions
        .page(criteria, after, scope.size() + 1)
        .map(rows -> Page.of(rows, scope.size(), last -> actionToken(scope, last)))
        .chain(this::withDeliveries);
  }

  private String actionToken(Scope scope, EnforcementActionEntity last) {
    return pageTokens.encode(scope.query(), cursor(last.startAt, last.actionId));
  }

  /** The page's actions with their application progress, read in one query. */
  private Uni<Page<ActionRecord>> withDeliveries(Page<EnforcementActionEntity> page) {
    return records.ofAll(page.items()).map(byAction -> page.map(a -> byAction.get(a.actionId)));
  }

  // ---- ListAppeals
  // -------------------------------------------------------------------------------

  /** ListAppeals: oldest filing first (the review queue order), ties by appeal id. */
  @WithSession
  public Uni<Page<Appeals.AppealResult>> appeals(CallerIdentity caller, ListAppeals cmd) {
    checkFilters(cmd.market(), "", null, null);
    Scope scope =
        scope(
            caller,
            Appeals.APPEAL_READERS,
            cmd.creatorId(),
            cmd.market(),
            cmd.pageSize(),
            "appeals",
            cmd.state(),
            cmd.actionId());
    Keyset after = keyset(pageTokens.decode(cmd.pageToken(), scope.query()));
    QueueCriteria criteria =
        new QueueCriteria(
            scope.creatorId(), scope.markets(), cmd.state(), blankToNull(cmd.actionId()));
    return appeals
        .page(criteria, after, scope.size() + 1)
        .map(rows -> Page.of(rows, scope.size(), last -> appealToken(scope, last)))
        .chain(this::withDecisions);
  }

  private String appealToken(Scope scope, AppealEntity last) {
    return pageTokens.encode(scope.query(), cursor(last.createdAt, last.appealId));
  }

  /**
   * The page's appeals as shown; a decided appeal shows its consequences, read from its action's
   * record and violation (two batched queries each, none for a page without decisions).
   */
  private Uni<Page<Appeals.AppealResult>> withDecisions(Page<AppealEntity> page) {
    List<AppealEntity> decided = page.items().stream().filter(p -> p.outcome != null).toList();
    if (decided.isEmpty()) {
      return Uni.createFrom().item(page.map(Appeals.AppealResult::undecided));
    }
    List<String> actionIds = decided.stream().map(p -> p.actionId).toList();
    List<String> violationIds =
        decided.stream().map(p -> p.violationId).filter(Objects::nonNull).toList();
    return actions
        .list("actionId in ?1", actionIds)
        .chain(records::ofAll)
        .chain(byAction -> violationsById(violationIds).map(byId -> new Decided(byAction, byId)))
        .map(d -> page.map(p -> appealView(p, d)));
  }

  private Uni<Map<String, ViolationEntity>> violationsById(List<String> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return violations
        .list("violationId in ?1", ids)
        .map(found -> found.stream().collect(Collectors.toMap(v -> v.violationId, v -> v)));
  }

  private static Appeals.AppealResult appealView(AppealEntity p, Decided d) {
    if (p.outcome == null) {
      return Appeals.AppealResult.undecided(p);
    }
    ViolationEntity violation = p.violationId == null ? null : d.violations().get(p.violationId);
    return new Appeals.AppealResult(p, d.actions().get(p.actionId), violation, null, null);
  }

  // ---- ListCommissionHolds ----------------------------------------------------------------------

  /** ListCommissionHolds: oldest creation first (the payouts work list), ties by hold id. */
  @WithSession
  public Uni<Page<CommissionHoldEntity>> holds(CallerIdentity caller, ListCommissionHolds cmd) {
    checkFilters(cmd.market(), "", null, null);
    Scope scope =
        scope(
            caller,
            READERS,
            cmd.creatorId(),
            cmd.market(),
            cmd.pageSize(),
            "holds",
            cmd.state(),
            cmd.actionId());
    Keyset after = keyset(pageTokens.decode(cmd.pageToken(), scope.query()));
    QueueCriteria criteria =
        new QueueCriteria(
            scope.creatorId(), scope.markets(), cmd.state(), blankToNull(cmd.actionId()));
    return holds
        .page(criteria, after, scope.size() + 1)
        .map(rows -> Page.of(rows, scope.size(), last -> holdToken(scope, last)));
  }

  private String holdToken(Scope scope, CommissionHoldEntity last) {
    return pageTokens.encode(scope.query(), cursor(last.createdAt, last.holdId));
  }

  // ---- listing rules ----------------------------------------------------------------------------

  /**
   * Service rules of a listing's filters: a market filter must be a configured market (a disabled
   * one still lists its history) and a time window must end after it starts.
   */
  private void checkFilters(String market, String windowField, Instant from, Instant before) {
    Violations v = new Violations();
    if (!market.isEmpty() && markets.find(market).isEmpty()) {
      markets.check(market, "market").ifPresent(v::add);
    }
    v.require(
        from != null && before != null && !before.isAfter(from),
        windowField + ".end_time",
        "must be after start_time");
    v.throwIfAny();
  }

  /**
   * Whose resources and which markets the caller lists, and the page size. A {@code creator}
   * (without a reader role) lists only their own: an empty creator filter becomes them, another
   * creator is NOT_RESOURCE_OWNER. A market filter must be in the caller's scope; without one a
   * scoped caller lists its markets only.
   */
  private Scope scope(
      CallerIdentity caller,
      Set<Role> readers,
      String creatorId,
      String market,
      int pageSize,
      String listing,
      Object... filters) {
    String creator = creatorId;
    if (!caller.hasAnyRole(readers) && creator.isEmpty()) {
      creator = caller.subject();
    }
    if (!creator.isEmpty()) {
      caller.requireSelfOrAnyRole(creator, readers);
    }
    Set<String> inMarkets;
    if (!market.isEmpty()) {
      caller.requireMarket(market);
      inMarkets = Set.of(market);
    } else {
      inMarkets = new TreeSet<>(caller.marketScope());
    }
    int size = PageSize.resolve(pageSize);
    StringBuilder query = new StringBuilder(listing);
    query
        .append('|')
        .append(creator)
        .append('|')
        .append(String.join(",", new TreeSet<>(inMarkets)));
    for (Object filter : filters) {
      query.append('|').append(filter == null ? "" : filter);
    }
    return new Scope(creator.isEmpty() ? null : creator, inMarkets, size, query.toString());
  }

  private static String cursor(OffsetDateTime time, String id) {
    return time.toInstant() + "|" + id;
  }

  private static Keyset keyset(String cursor) {
    if (cursor == null) {
      return Keyset.FIRST;
    }
    int bar = cursor.indexOf('|');
    return new Keyset(at(Instant.parse(cursor.substring(0, bar))), cursor.substring(bar + 1));
  }

  private static OffsetDateTime at(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
