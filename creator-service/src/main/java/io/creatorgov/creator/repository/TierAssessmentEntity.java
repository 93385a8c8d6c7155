package io.creatorgov.creator.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One tier assessment (the contract message as payload). */
@Entity
@Table(name = "tier_assessment")
public class TierAssessmentEntity {
  @Id public String assessmentId;
  public String creatorId;
  public byte[] payload;
  public boolean tierChanged;
  public OffsetDateTime assessTime;
}
