package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.LedgerEntryKind;
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

  /** Every entry of the programme's ledgers, by creator then sequence. */
  public Uni<List<LedgerEntryEntity>> ofProgram(String programId) {
    return find("programId = ?1 order by creatorId, sequence", programId).list();
  }

  /** One creator's entries in the programme, by sequence. */
  public Uni<List<LedgerEntryEntity>> of(String programId, String creatorId) {
    return find("programId = ?1 and creatorId = ?2 order by sequence", programId, creatorId).list();
  }

  /** The sum of one creator's entries per kind (kinds without entries absent). */
  public Uni<java.util.Map<LedgerEntryKind, Long>> totals(String programId, String creatorId) {
    return io.quarkus.hibernate.reactive.panache.Panache.getSession()
        .chain(
            s ->
                s.createQuery(
                        "select kind, sum(amountMinor) from LedgerEntryEntity"
                            + " where programId = :program and creatorId = :creator group by kind",
                        Object[].class)
                    .setParameter("program", programId)
                    .setParameter("creator", creatorId)
                    .getResultList())
        .map(
            rows -> {
              java.util.Map<LedgerEntryKind, Long> totals =
                  new java.util.EnumMap<>(LedgerEntryKind.class);
              rows.forEach(r -> totals.put((LedgerEntryKind) r[0], ((Number) r[1]).longValue()));
              return totals;
            });
  }
}
