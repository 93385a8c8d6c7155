package io.creatorgov.creator.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class RestrictionRepository implements PanacheRepositoryBase<RestrictionEntity, String> {

  public Uni<List<RestrictionEntity>> active(String creatorId) {
    return list("creatorId = ?1 and state = 'ACTIVE' order by startTime, restrictionId", creatorId);
  }

  public Uni<RestrictionEntity> findOnce(String creatorId, String actionId, String type) {
    return find(
            "creatorId = ?1 and enforcementActionId = ?2 and type = ?3", creatorId, actionId, type)
        .firstResult();
  }

  public Uni<List<RestrictionEntity>> ofAction(String creatorId, String actionId) {
    return list("creatorId = ?1 and enforcementActionId = ?2", creatorId, actionId);
  }

  public Uni<List<RestrictionEntity>> page(String creatorId, String afterId, int limit) {
    return find(
            "creatorId = ?1 and restrictionId > ?2 order by restrictionId",
            creatorId,
            afterId == null ? "" : afterId)
        .page(0, limit)
        .list();
  }
}
