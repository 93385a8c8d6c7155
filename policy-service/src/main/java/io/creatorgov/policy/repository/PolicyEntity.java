package io.creatorgov.policy.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A policy: a stable key, its kind and descriptive fields. Versions hold the rules. */
@Entity
@Table(name = "policy")
public class PolicyEntity {
  @Id
  @Column(name = "policy_key")
  public String policyKey;

  public String kind;
  public String title;

  @Column(columnDefinition = "text")
  public String description;

  public int latestVersion;

  /** Serialized {@code creatorgov.common.v1.AuditStamp}. */
  public byte[] createdBy;

  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;

  @Version public long rowVersion;
}
