package io.creatorgov.creator.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class StatusHistoryRepository implements PanacheRepositoryBase<StatusHistoryEntity, Long> {
  public Uni<List<StatusHistoryEntity>> page(String creatorId, long afterSequence, int limit) {
    return find("creatorId = ?1 and sequence > ?2 order by sequence", creatorId, afterSequence)
        .page(0, limit)
        .list();
  }
}
