package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.SuspensionRule;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The one settlement of a programme (V6__settlement.sql: unique per programme). */
@Entity
@Table(name = "settlement")
public class SettlementEntity {
  @Id public String settlementId;
  public String programId;
  public String requestId;

  @Enumerated(EnumType.STRING)
  @Column(name = "suspension_rule")
  public SuspensionRule suspensionRule;

  public int payoutCount;
  public int fullCount;
  public int proRatedCount;
  public int forfeitedCount;
  public int heldBackCount;
  public long totalBalanceMinor;
  public long totalPaidMinor;
  public long totalForfeitedMinor;
  public OffsetDateTime standingReadTime;
  public OffsetDateTime settleTime;
  public byte[] created;
}
