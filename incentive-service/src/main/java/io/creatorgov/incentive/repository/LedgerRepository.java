package io.creatorgov.incentive.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntryEntity, String> {

  /** A page of one creator's ledger in one programme, by sequence, after {@code afterSequence}. */
  public Uni<List<LedgerEntryEntity>> page(
      String programId, String creatorId, long afterSequence, int limit) {
    return find(
            "programId = ?1 and creatorId = ?2 and sequence > ?3 order by sequence",
            programId,
            creatorId,
            afterSequence)
        .page(0, limit)
        .list();
  }
}
