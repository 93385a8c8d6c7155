package io.creatorgov.enforcement.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

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
  }

  @ApplicationScoped
  public static class Actions implements PanacheRepositoryBase<EnforcementActionEntity, String> {
    /** The action, locked for an undo or an appeal decision (null when absent). */
    public Uni<EnforcementActionEntity> lock(String actionId) {
      return findById(actionId, LockModeType.PESSIMISTIC_WRITE);
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
}
