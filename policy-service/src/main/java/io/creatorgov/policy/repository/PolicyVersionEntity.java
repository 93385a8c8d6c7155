package io.creatorgov.policy.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/**
 * One version of a policy. The rules ({@code change_summary}, base content, overlays) are kept as
 * one serialized {@code PolicyVersion} document; what queries need (state, times, people) has its
 * own columns.
 */
@Entity
@Table(name = "policy_version")
public class PolicyVersionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "policy_version_seq")
  @SequenceGenerator(
      name = "policy_version_seq",
      sequenceName = "policy_version_seq",
      allocationSize = 50)
  public Long id;

  public String policyKey;
  public int version;

  /** DRAFT, APPROVED, PUBLISHED or RETIRED. */
  public String state;

  public byte[] document;
  public int sourceVersion;
  public OffsetDateTime effectiveFrom;
  public OffsetDateTime retiredAt;
  public String authorSubject;

  /** Newline-separated subjects who created or edited the version: none of them may approve it. */
  @Column(columnDefinition = "text")
  public String contributors;

  public byte[] author;
  public byte[] lastEditor;
  public byte[] approver;
  public byte[] publisher;
  public byte[] retirer;
  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;

  @Version public long rowVersion;
}
