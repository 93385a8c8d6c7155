package io.creatorgov.enforcement.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A COMMISSION_FREEZE's hold over the sales in its window. States and reasons are domain names. */
@Entity
@Table(name = "commission_hold")
public class CommissionHoldEntity {
  @Id public String holdId;
  public String actionId;
  public String creatorId;
  public String market;
  public String state;
  public OffsetDateTime salesStart;
  public OffsetDateTime salesEnd;
  public OffsetDateTime settleAt;
  public Long amountMinor;
  public String currencyCode;
  public OffsetDateTime amountAsOf;
  public String amountReportedBy;
  public OffsetDateTime amountReportedAt;
  public String amountRequestId;
  public OffsetDateTime settledAt;
  public String settlementReason;
  public String settledBy;
  public String settledRequestId;
  public OffsetDateTime createdAt;
  public OffsetDateTime updatedAt;
  public long etagVersion;
}
