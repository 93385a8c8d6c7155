package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.AccrualCapReason;
import io.creatorgov.incentive.domain.NonAccrualReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One accepted performance record and the accrual it produced; components in their stored form
 * ({@code service.AccrualForms}), money in the programme currency's minor unit.
 */
@Entity
@Table(name = "performance_record")
public class PerformanceRecordEntity {
  @Id public String recordId;
  public String requestId;
  public String programId;
  public String creatorId;
  public OffsetDateTime attributionTime;
  public OffsetDateTime periodStart;
  public OffsetDateTime periodEnd;
  public long gmvMinor;
  public long orderCount;
  public long liveSeconds;
  public int liveNanos;
  public String sourceReference;
  public long requestedMinor;
  public long grantedMinor;

  @Enumerated(EnumType.STRING)
  public AccrualCapReason cappedBy;

  @Enumerated(EnumType.STRING)
  public NonAccrualReason nonAccrualReason;

  @Column(columnDefinition = "text")
  public String components;

  public long netAccruedAfter;
  public long budgetRemainingAfter;
  public OffsetDateTime recordTime;
  public byte[] created;

  /** When the record, withheld while the enrolment was inactive, was accrued on reinstatement. */
  public OffsetDateTime reinstatedTime;
}
