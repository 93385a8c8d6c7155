package io.creatorgov.enforcement.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A reported violation; immutable apart from its state. Enum columns hold domain names. */
@Entity
@Table(name = "violation")
public class ViolationEntity {
  @Id public String violationId;
  public String creatorId;
  public String market;
  public String violationCode;
  public String severity;
  public String violationTitle;
  public byte[] evidence;
  public String detectionSource;
  public OffsetDateTime observedAt;
  public String liveSessionId;
  public String contentType;
  public OffsetDateTime contentTime;
  public boolean humanReviewed;
  public String noticeId;
  public String trustedFlaggerId;
  public String trustedFlaggerName;
  public String cataloguePolicyKey;
  public int cataloguePolicyVersion;
  public String modelKind;
  public int pointsAdded;
  public OffsetDateTime pointsExpireAt;
  public int scoreDeducted;
  public boolean repeatOffence;
  public int repeatCount;
  public String state;
  public String actionId;
  public String reportedBy;
  public String reportedRequestId;
  public OffsetDateTime createdAt;
  public OffsetDateTime updatedAt;
  public long etagVersion;
}
