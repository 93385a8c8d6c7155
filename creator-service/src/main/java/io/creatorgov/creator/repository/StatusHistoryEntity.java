package io.creatorgov.creator.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
  public String kind;
  public String fromStatus;
  public String toStatus;
  public String enforcementActionId;
  public String appealId;

  /** The ReversalBasis name of an UNBAN/REINSTATE outside an appeal; empty otherwise. */
  @Column(name = "reversal_basis")
  public String reversalBasis;

  public String restrictionId;
  public OffsetDateTime suspensionEndTime;
  public byte[] changed;
  public OffsetDateTime occurredAt;
}
