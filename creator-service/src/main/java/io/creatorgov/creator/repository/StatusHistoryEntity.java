package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.ReversalBasis;
import io.creatorgov.creator.domain.StatusChangeKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One append-only status history entry. */
@Entity
@Table(name = "status_history")
public class StatusHistoryEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long sequence;

  /**
   * Position in this creator's own history: 1 for registration, then +1 per entry (the contract's
   * StatusHistoryEntry.sequence). Status changes happen under the creator's row lock, and a unique
   * index on (creator_id, creator_sequence) guards it.
   */
  @Column(name = "creator_sequence")
  public long creatorSequence;

  public String entryId;
  public String creatorId;

  @Enumerated(EnumType.STRING)
  public StatusChangeKind kind;

  /** Null for the REGISTERED entry: there was no status before. */
  @Enumerated(EnumType.STRING)
  public CreatorStatus fromStatus;

  @Enumerated(EnumType.STRING)
  public CreatorStatus toStatus;

  public String enforcementActionId;
  public String appealId;

  /** The basis of an UNBAN/REINSTATE outside an appeal; null otherwise. */
  @Column(name = "reversal_basis")
  @Enumerated(EnumType.STRING)
  public ReversalBasis reversalBasis;

  public String restrictionId;
  public OffsetDateTime suspensionEndTime;
  public byte[] changed;
  public OffsetDateTime occurredAt;
}
