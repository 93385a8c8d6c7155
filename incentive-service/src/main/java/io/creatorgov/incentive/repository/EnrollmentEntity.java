package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.EnrollmentStateReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/**
 * A creator's enrolment in a programme. The admitting evaluation, the closed inactive intervals and
 * the audit stamps are kept in their stored forms ({@code service.EnrollmentForms}).
 */
@Entity
@Table(name = "enrollment")
public class EnrollmentEntity {
  @Id public String enrollmentId;
  public String programId;
  public String creatorId;
  public String market;

  @Enumerated(EnumType.STRING)
  public EnrollmentState state;

  @Enumerated(EnumType.STRING)
  public EnrollmentStateReason stateReason;

  @Column(columnDefinition = "text")
  public String stateMessage;

  public OffsetDateTime enrollTime;
  public OffsetDateTime stateChangeTime;
  public byte[] evaluation;
  public String enforcementActionId;
  public byte[] inactiveIntervals;
  public byte[] created;
  public byte[] lastUpdated;
  public OffsetDateTime createTime;
  public OffsetDateTime updateTime;

  /** Bumped on every write; the enrolment's etag. */
  @Version public long rowVersion;
}
