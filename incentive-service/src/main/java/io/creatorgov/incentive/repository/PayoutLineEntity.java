package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.PayoutLineKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One line of a payout, with the ledger entries that explain it (comma-separated ids). */
@Entity
@Table(name = "payout_line")
public class PayoutLineEntity {
  @Id public String lineId;
  public String payoutId;
  public int lineNo;

  @Enumerated(EnumType.STRING)
  public PayoutLineKind kind;

  public long amountMinor;
  public long forfeitedMinor;

  @Column(columnDefinition = "text")
  public String ledgerEntryIds;
}
