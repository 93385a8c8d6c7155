package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.domain.SuspensionRule;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/**
 * An incentive programme. Reward rules, eligibility criteria, paused intervals and audit stamps are
 * kept in their stored forms ({@code service.ProgramForms}); money in the market's minor unit.
 */
@Entity
@Table(name = "program")
public class ProgramEntity {
  @Id public String programId;
  public String market;
  public String currencyCode;
  public String displayName;

  @Column(columnDefinition = "text")
  public String description;

  public OffsetDateTime windowStart;
  public OffsetDateTime windowEnd;
  public byte[] rewards;
  public byte[] eligibility;

  /** Null: no budget (every reward a traffic boost). */
  public Long budgetTotalMinor;

  /** Null: no per-creator cap. */
  public Long budgetCapMinor;

  @Enumerated(EnumType.STRING)
  public SuspensionRule suspensionRule;

  @Enumerated(EnumType.STRING)
  public ProgramState state;

  public byte[] pausedIntervals;
  public OffsetDateTime activateTime;
  public OffsetDateTime endedTime;
  public String settlementId;
  public byte[] created;
  public byte[] lastUpdated;
  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;

  /** Bumped on every write; the programme's etag. */
  @Version public long rowVersion;
}
