package io.creatorgov.enforcement.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The Panache repositories of enforcement-service's tables. */
public final class Repositories {
  private Repositories() {}

  @ApplicationScoped
  public static class Violations implements PanacheRepositoryBase<ViolationEntity, String> {
    /** The creator's violations in the market, oldest observation first: a decision's history. */
    public Uni<List<ViolationEntity>> history(String creatorId, String market) {
      return list(
          "creatorId = ?1 and market = ?2 order by observedAt, violationId", creatorId, market);
    }

    /**
     * These creators' violations in these markets observed in {@code [from, before)}, by market,
     * creator and observation.
     */
    public Uni<List<ViolationEntity>> observedBy(
        Collection<String> creators,
        Collection<String> markets,
        OffsetDateTime from,
        OffsetDateTime before) {
      if (creators.isEmpty()) {
        return Uni.createFrom().item(List.of());
      }
      return list(
          "creatorId in ?1 and market in ?2 and observedAt >= ?3 and observedAt < ?4"
              + " order by market, creatorId, observedAt, violationId",
          creators,
          markets,
          from,
          before);
    }

    /** These creators' violations in these markets observed before {@code before}. */
    public Uni<List<ViolationEntity>> observedBefore(
        Collection<String> creators, Collection<String> markets, OffsetDateTime before) {
      if (creators.isEmpty()) {
        return Uni.createFrom().item(List.of());
      }
      return list(
          "creatorId in ?1 and market in ?2 and observedAt < ?3 order by observedAt, violationId",
          creators,
          markets,
          before);
    }

    /**
     * A page of ListViolations: newest observation first, ties by violation id (descending, so the
     * keyset {@code (observedAt, violationId) < after} continues it).
     */
    public Uni<List<ViolationEntity>> page(ViolationCriteria c, Keyset after, int limit) {
      Where w = new Where();
      w.eq("creatorId", "creator", c.creatorId())
          .in("market", "markets", c.markets())
          .eq("violationCode", "code", c.violationCode())
          .eq("state", "state", c.state())
          .eq("detectionSource", "source", c.detectionSource())
          .window("observedAt", c.observedFrom(), c.observedBefore())
          .before("observedAt", "violationId", after);
      return find(w.query() + " order by observedAt desc, violationId desc", w.parameters())
          .page(0, limit)
          .list();
    }
  }

  @ApplicationScoped
  public static class Actions implements PanacheRepositoryBase<EnforcementActionEntity, String> {
    /** The action, locked for an undo or an appeal decision (null when absent). */
    public Uni<EnforcementActionEntity> lock(String actionId) {
      return findById(actionId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** A page of ListEnforcementActions: newest start first, ties by action id (descending). */
    public Uni<List<EnforcementActionEntity>> page(ActionCriteria c, Keyset after, int limit) {
      Where w = new Where();
      w.eq("creatorId", "creator", c.creatorId())
          .in("market", "markets", c.markets())
          .eq("state", "state", c.state())
          .eq("actionType", "type", c.actionType())
          .eq("origin", "origin", c.origin())
          .eq("violationId", "violation", c.violationId())
          .window("startAt", c.startFrom(), c.startBefore())
          .before("startAt", "actionId", after);
      return find(w.query() + " order by startAt desc, actionId desc", w.parameters())
          .page(0, limit)
          .list();
    }

    /**
     * Actions in force at {@code at}: PENDING or APPLIED, placing a restriction or a status change
     * (never a WARNING or CONTENT_REMOVAL), not ended ({@code endAt} unset or after {@code at});
     * newest first.
     */
    public Uni<List<EnforcementActionEntity>> inForce(
        String creatorId, String market, OffsetDateTime at) {
      return list(
          "creatorId = :creator and market = :market and state in ('PENDING', 'APPLIED')"
              + " and actionType not in ('WARNING', 'CONTENT_REMOVAL')"
              + " and (restrictionTypes <> '' or targetStatus is not null)"
              + " and (endAt is null or endAt > :at)"
              + " order by startAt desc, actionId desc",
          Parameters.with("creator", creatorId).and("market", market).and("at", at));
    }
  }

  @ApplicationScoped
  public static class Holds implements PanacheRepositoryBase<CommissionHoldEntity, String> {
    public Uni<CommissionHoldEntity> ofAction(String actionId) {
      return find("actionId", actionId).firstResult();
    }

    /** The action's hold, locked for a change (null when none). */
    public Uni<CommissionHoldEntity> lockOfAction(String actionId) {
      return find("actionId", actionId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * A page of ListCommissionHolds: oldest creation first, ties by hold id (ascending, so the
     * keyset {@code (createdAt, holdId) > after} continues it).
     */
    public Uni<List<CommissionHoldEntity>> page(QueueCriteria c, Keyset after, int limit) {
      Where w = new Where();
      w.eq("creatorId", "creator", c.creatorId())
          .in("market", "markets", c.markets())
          .eq("state", "state", c.state())
          .eq("actionId", "action", c.actionId())
          .after("createdAt", "holdId", after);
      return find(w.query() + " order by createdAt, holdId", w.parameters()).page(0, limit).list();
    }

    /** The hold, locked for a change (null when absent). */
    public Uni<CommissionHoldEntity> lock(String holdId) {
      return findById(holdId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * HELD holds whose settle time has passed, oldest first, locked until the settling transaction
     * ends (a second instance waits for them, then finds them settled).
     */
    public Uni<List<CommissionHoldEntity>> lockDue(java.time.OffsetDateTime now, int limit) {
      return find("state = 'HELD' and settleAt <= ?1 order by settleAt, holdId", now)
          .withLock(LockModeType.PESSIMISTIC_WRITE)
          .page(0, limit)
          .list();
    }
  }

  @ApplicationScoped
  public static class Appeals implements PanacheRepositoryBase<AppealEntity, String> {
    public Uni<AppealEntity> ofAction(String actionId) {
      return find("actionId", actionId).firstResult();
    }

    /** The appeal, locked for a change (null when absent). */
    public Uni<AppealEntity> lock(String appealId) {
      return findById(appealId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * A page of ListAppeals: oldest filing first (the review queue), ties by appeal id (ascending,
     * so the keyset {@code (createdAt, appealId) > after} continues it).
     */
    public Uni<List<AppealEntity>> page(QueueCriteria c, Keyset after, int limit) {
      Where w = new Where();
      w.eq("creatorId", "creator", c.creatorId())
          .in("market", "markets", c.markets())
          .eq("state", "state", c.state())
          .eq("actionId", "action", c.actionId())
          .after("createdAt", "appealId", after);
      return find(w.query() + " order by createdAt, appealId", w.parameters())
          .page(0, limit)
          .list();
    }

    /** The creator's OPEN and UNDER_REVIEW appeals in the market, oldest filing first. */
    public Uni<List<AppealEntity>> open(String creatorId, String market) {
      return list(
          "creatorId = ?1 and market = ?2 and state in ('OPEN', 'UNDER_REVIEW')"
              + " order by createdAt, appealId",
          creatorId,
          market);
    }
  }

  @ApplicationScoped
  public static class Deliveries implements PanacheRepositoryBase<ActionDeliveryEntity, Long> {
    public Uni<List<ActionDeliveryEntity>> ofAction(String actionId) {
      return list("actionId", actionId);
    }

    public Uni<ActionDeliveryEntity> ofAction(String actionId, String purpose) {
      return find("actionId = ?1 and purpose = ?2", actionId, purpose).firstResult();
    }
  }

  @ApplicationScoped
  public static class Events implements PanacheRepositoryBase<EnforcementEventEntity, Long> {}

  /** Where a listing continues: after the row with this time and id (null: the first page). */
  public record Keyset(OffsetDateTime time, String id) {
    public static final Keyset FIRST = new Keyset(null, null);
  }

  /**
   * ListViolations' filters in stored terms; null (or an empty market set) matches all.
   *
   * @param markets the markets to list (empty: every market)
   * @param observedBefore exclusive end of the observation window
   */
  public record ViolationCriteria(
      String creatorId,
      Set<String> markets,
      String violationCode,
      String state,
      String detectionSource,
      OffsetDateTime observedFrom,
      OffsetDateTime observedBefore) {}

  /**
   * ListEnforcementActions' filters in stored terms; null (or an empty market set) matches all.
   *
   * @param startBefore exclusive end of the start window
   */
  public record ActionCriteria(
      String creatorId,
      Set<String> markets,
      String state,
      String actionType,
      String origin,
      String violationId,
      OffsetDateTime startFrom,
      OffsetDateTime startBefore) {}

  /**
   * ListAppeals' and ListCommissionHolds' filters in stored terms; null (or an empty market set)
   * matches all.
   *
   * @param markets the markets to list (empty: every market)
   * @param state a stored state name (an appeal's or a hold's)
   * @param actionId the action appealed, or the COMMISSION_FREEZE that opened the hold
   */
  public record QueueCriteria(
      String creatorId, Set<String> markets, String state, String actionId) {}

  /** A conjunction of optional conditions with named parameters. */
  private static final class Where {
    private final StringBuilder query = new StringBuilder("1 = 1");
    private Parameters parameters = new Parameters();

    Where eq(String field, String name, Object value) {
      if (value != null) {
        query.append(" and ").append(field).append(" = :").append(name);
        parameters = parameters.and(name, value);
      }
      return this;
    }

    Where in(String field, String name, Collection<?> values) {
      if (values != null && !values.isEmpty()) {
        query.append(" and ").append(field).append(" in :").append(name);
        parameters = parameters.and(name, values);
      }
      return this;
    }

    Where window(String field, OffsetDateTime from, OffsetDateTime before) {
      if (from != null) {
        query.append(" and ").append(field).append(" >= :windowFrom");
        parameters = parameters.and("windowFrom", from);
      }
      if (before != null) {
        query.append(" and ").append(field).append(" < :windowBefore");
        parameters = parameters.and("windowBefore", before);
      }
      return this;
    }

    Where before(String timeField, String idField, Keyset after) {
      if (after.time() != null) {
        query
            .append(" and (")
            .append(timeField)
            .append(" < :afterTime or (")
            .append(timeField)
            .append(" = :afterTime and ")
            .append(idField)
            .append(" < :afterId))");
        parameters = parameters.and("afterTime", after.time()).and("afterId", after.id());
      }
      return this;
    }

    /** Rows after the keyset in ascending (time, id) order. */
    Where after(String timeField, String idField, Keyset after) {
      if (after.time() != null) {
        query
            .append(" and (")
            .append(timeField)
            .append(" > :afterTime or (")
            .append(timeField)
            .append(" = :afterTime and ")
            .append(idField)
            .append(" > :afterId))");
        parameters = parameters.and("afterTime", after.time()).and("afterId", after.id());
      }
      return this;
    }

    String query() {
      return query.toString();
    }

    Parameters parameters() {
      return parameters;
    }
  }
}
