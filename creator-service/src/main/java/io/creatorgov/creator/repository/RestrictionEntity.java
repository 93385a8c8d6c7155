package io.creatorgov.creator.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A capability restriction placed by an enforcement action. */
@Entity
@Table(name = "restriction")
public class RestrictionEntity {
  @Id public String restrictionId;
  public String creatorId;
  public String market;
  public String type;
  public String enforcementActionId;
  public OffsetDateTime startTime;
  public OffsetDateTime endTime;

  /** ACTIVE, LIFTED or EXPIRED. */
  public String state;

  public OffsetDateTime endedTime;
  public byte[] applied;
  public byte[] lifted;
  public String liftAppealId;
  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;
  @Version public long rowVersion;
}
