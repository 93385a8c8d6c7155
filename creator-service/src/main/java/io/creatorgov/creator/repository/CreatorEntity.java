package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A creator: identity, lifecycle state and descriptive fields. */
@Entity
@Table(name = "creator")
public class CreatorEntity {
  @Id public String creatorId;
  public String market;
  public String handle;
  public String displayName;

  /** Newline-separated category slugs. */
  @Column(columnDefinition = "text")
  public String categories;

  @Enumerated(EnumType.STRING)
  public CreatorStatus status;

  public OffsetDateTime statusChangeTime;
  public boolean activated;
  public OffsetDateTime activateTime;
  public OffsetDateTime suspensionEndTime;
  public String suspensionActionId;
  public String banActionId;

  /** NONE until activated. */
  @Enumerated(EnumType.STRING)
  public CreatorTier tier;

  public byte[] registered;
  public byte[] lastChange;
  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;

  /** Version of the commission terms (their etag); bumped on every rate change. */
  public long commissionVersion;

  @Version public long rowVersion;
}
