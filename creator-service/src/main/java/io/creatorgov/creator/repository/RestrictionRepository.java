package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.RestrictionType;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class RestrictionRepository implements PanacheRepositoryBase<RestrictionEntity, String> {

  public Uni<List<RestrictionEntity>> active(String creatorId) {
    return list(
        "creatorId = ?1 and state = ?2 order by startTime, restrictionId",
        creatorId,
        RestrictionState.ACTIVE);
  }

  public Uni<RestrictionEntity> findOnce(String creatorId, String actionId, RestrictionType type) {
    return find(
            "creatorId = ?1 and enforcementActionId = ?2 and type = ?3", creatorId, actionId, type)
        .firstResult();
  }

  public Uni<List<RestrictionEntity>> ofAction(String creatorId, String actionId) {
    return list("creatorId = ?1 and enforcementActionId = ?2", creatorId, actionId);
  }

  /** Newest start first, filtered in the database, after the cursor (start time, id). */
  public Uni<List<RestrictionEntity>> page(
      String creatorId,
      RestrictionState state,
      List<RestrictionType> types,
      String actionId,
      OffsetDateTime beforeTime,
      String beforeId,
      int limit) {
    StringBuilder q = new StringBuilder("creatorId = :creator");
    Parameters p = Parameters.with("creator", creatorId);
    if (beforeTime != null) {
      q.append(" and (startTime < :t or (startTime = :t and restrictionId < :id))");
      p = p.and("t", beforeTime).and("id", beforeId);
    }
    if (state != null) {
      q.append(" and state = :state");
      p = p.and("state", state);
    }
    if (!types.isEmpty()) {
      q.append(" and type in :types");
      p = p.and("types", types);
    }
    if (actionId != null) {
      q.append(" and enforcementActionId = :action");
      p = p.and("action", actionId);
    }
    return find(q + " order by startTime desc, restrictionId desc", p).page(0, limit).list();
  }
}
