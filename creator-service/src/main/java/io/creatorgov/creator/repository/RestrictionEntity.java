package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.RestrictionType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

  @Enumerated(EnumType.STRING)
  public RestrictionType type;

  public String enforcementActionId;
  public OffsetDateTime startTime;
  public OffsetDateTime endTime;

  @Enumerated(EnumType.STRING)
  public RestrictionState state;

  public OffsetDateTime endedTime;
  public byte[] applied;
  public byte[] lifted;
  public String liftAppealId;
  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;
  @Version public long rowVersion;
}
