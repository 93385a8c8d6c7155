package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.NonAccrualReason;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class PerformanceRecordRepository
    implements PanacheRepositoryBase<PerformanceRecordEntity, String> {

  /**
   * The creator's records withheld because the enrolment was inactive (ENROLLMENT_PAUSED or
   * ENROLLMENT_ENDED), attributed at or after {@code since} and not yet accrued on a reinstatement,
   * oldest attribution first (then as recorded).
   */
  public Uni<List<PerformanceRecordEntity>> withheldSince(
      String programId, String creatorId, OffsetDateTime since) {
    return find(
            "programId = ?1 and creatorId = ?2 and attributionTime >= ?3"
                + " and nonAccrualReason in ?4 and reinstatedTime is null"
                + " order by attributionTime, recordTime, recordId",
            programId,
            creatorId,
            since,
            List.of(NonAccrualReason.ENROLLMENT_PAUSED, NonAccrualReason.ENROLLMENT_ENDED))
        .list();
  }
}
