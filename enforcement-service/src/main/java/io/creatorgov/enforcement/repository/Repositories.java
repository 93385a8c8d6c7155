package io.creatorgov.enforcement.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
  public static class Actions implements PanacheRepositoryBase<EnforcementActionEntity, String> {}

  @ApplicationScoped
  public static class Deliveries implements PanacheRepositoryBase<ActionDeliveryEntity, Long> {
    public Uni<ActionDeliveryEntity> ofAction(String actionId, String purpose) {
      return find("actionId = ?1 and purpose = ?2", actionId, purpose).firstResult();
    }
  }

  @ApplicationScoped
  public static class Events implements PanacheRepositoryBase<EnforcementEventEntity, Long> {}
}
