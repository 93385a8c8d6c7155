package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.PayoutKind;
import io.creatorgov.incentive.domain.PayoutRule;
import io.creatorgov.incentive.domain.PayoutState;
import io.creatorgov.incentive.domain.TransferState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/**
 * One payout: its amounts are immutable; only the state (HELD_BACK → PAYABLE) and the transfer
 * change. Lapses, appeal ids and released appeals are kept in their stored text forms.
 */
@Entity
@Table(name = "payout")
public class PayoutEntity {
  @Id public String payoutId;
  public String settlementId;
  public String programId;
  public String creatorId;
  public String enrollmentId;
  public String market;

  @Enumerated(EnumType.STRING)
  public PayoutKind kind;

  @Enumerated(EnumType.STRING)
  public PayoutState state;

  /** SETTLEMENT only. */
  @Enumerated(EnumType.STRING)
  public PayoutRule ruleApplied;

  public long amountMinor;
  public long balanceBeforeMinor;
  public long forfeitedMinor;

  @Enumerated(EnumType.STRING)
  public EnrollmentState enrollmentState;

  public OffsetDateTime participationStart;
  public OffsetDateTime participationEnd;
  public long participationSeconds;
  public long goodStandingSeconds;

  @Column(columnDefinition = "text")
  public String standingLapses;

  @Column(columnDefinition = "text")
  public String explanation;

  @Column(name = "held_back_for_appeals", columnDefinition = "text")
  public String heldBackForAppeals;

  /** Of the appeals held for, those since decided or withdrawn (comma-separated). */
  @Column(columnDefinition = "text")
  public String releasedAppeals;

  public String adjustsPayoutId;
  public String enforcementActionId;
  public String triggerId;

  /** Null while there is nothing to transfer. */
  @Enumerated(EnumType.STRING)
  public TransferState transferState;

  public String transferReference;

  @Column(columnDefinition = "text")
  public String failureReason;

  public byte[] transferReported;
  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;

  /** Bumped on every write; the payout's etag. */
  @Version public long rowVersion;
}
