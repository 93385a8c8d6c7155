package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.StatusChangeKind;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class StatusHistoryRepository implements PanacheRepositoryBase<StatusHistoryEntity, Long> {
  /** The entry an enforcement action caused (SUSPENDED or BANNED), if it was applied before. */
  public Uni<StatusHistoryEntity> causedBy(
      String creatorId, StatusChangeKind kind, String actionId) {
    return find(
            "creatorId = ?1 and kind = ?2 and enforcementActionId = ?3 order by sequence",
            creatorId,
            kind,
            actionId)
        .firstResult();
  }

  /** The next position in a creator's own history (1 for the first entry). */
  public Uni<Long> nextCreatorSequence(String creatorId) {
    return getSession()
        .chain(
            session ->
                session
                    .createQuery(
                        "select coalesce(max(h.creatorSequence), 0) + 1 from StatusHistoryEntity h"
                            + " where h.creatorId = :creatorId",
                        Long.class)
                    .setParameter("creatorId", creatorId)
                    .getSingleResult());
  }

  public Uni<List<StatusHistoryEntity>> page(String creatorId, long afterSequence, int limit) {
    return find("creatorId = ?1 and sequence > ?2 order by sequence", creatorId, afterSequence)
        .page(0, limit)
        .list();
  }
}
