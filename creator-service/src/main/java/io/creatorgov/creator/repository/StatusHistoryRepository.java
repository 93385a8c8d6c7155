package io.creatorgov.creator.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class StatusHistoryRepository implements PanacheRepositoryBase<StatusHistoryEntity, Long> {
  /** The entry an enforcement action caused (SUSPENDED or BANNED), if it was applied before. */
  public Uni<StatusHistoryEntity> causedBy(String creatorId, String kind, String actionId) {
    return find(
            "creatorId = ?1 and kind = ?2 and enforcementActionId = ?3 order by sequence",
            creatorId,
            kind,
            actionId)
        .firstResult();
  }

  public Uni<List<StatusHistoryEntity>> page(String creatorId, long afterSequence, int limit) {
    return find("creatorId = ?1 and sequence > ?2 order by sequence", creatorId, afterSequence)
        .page(0, limit)
        .list();
  }
}
