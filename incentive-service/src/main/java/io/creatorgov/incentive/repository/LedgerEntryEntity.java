package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.LedgerEntryKind;
import io.creatorgov.incentive.domain.RewardKind;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One immutable entry of a creator's reward ledger in a programme. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntryEntity {
  @Id public String entryId;
  public String programId;
  public String creatorId;
  public long sequence;

  @Enumerated(EnumType.STRING)
  public LedgerEntryKind kind;

  public long amountMinor;

  /** Null for an entry acting on the whole balance. */
  @Enumerated(EnumType.STRING)
  public RewardKind rewardKind;

  public String sourceRequestId;
  public String recordId;
  public long balanceAfter;

  public OffsetDateTime createTime;

  /** FORFEIT, PAYOUT, ADJUSTMENT, RECOVERY: the payout; empty otherwise. */
  public String payoutId = "";

  /** REINSTATEMENT and ADJUSTMENT: the overturned or reversed enforcement action; else empty. */
  public String enforcementActionId = "";
}
