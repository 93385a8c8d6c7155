package io.creatorgov.incentive.repository;

import io.creatorgov.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SettlementRepository implements PanacheRepositoryBase<SettlementEntity, String> {

  /** The resource type named by NOT_FOUND errors. */
  public static final String RESOURCE_TYPE = "Settlement";

  /** The unique constraint of one settlement per programme (V6__settlement.sql). */
  public static final String PROGRAM_UNIQUE = "settlement_program_unique";

  /** The programme's settlement, or null before settlement. */
  public Uni<SettlementEntity> ofProgram(String programId) {
    return find("programId", programId).firstResult();
  }

  /** The settlement; NOT_FOUND when absent. */
  public Uni<SettlementEntity> existing(String settlementId) {
    return findById(settlementId)
        .map(
            s -> {
              if (s == null) {
                throw ApiException.notFound(RESOURCE_TYPE, settlementId);
              }
              return s;
            });
  }
}
