package io.creatorgov.enforcement.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An appeal against one action. States and outcomes are domain names. */
@Entity
@Table(name = "appeal")
public class AppealEntity {
  @Id public String appealId;
  public String actionId;
  public String creatorId;
  public String market;
  public String violationId;
  public String actionType;
  public String statement;
  public byte[] evidence;
  public String state;
  public OffsetDateTime appealDeadlineAt;
  public String filedBy;
  public String filedRequestId;
  public String reviewBy;
  public OffsetDateTime reviewAt;
  public String reviewRequestId;
  public String outcome;
  public String reasoning;
  public String decidedBy;
  public OffsetDateTime decidedAt;
  public String decidedRequestId;
  public String replacementActionId;
  public String withdrawnBy;
  public OffsetDateTime withdrawnAt;
  public String withdrawnReason;
  public String withdrawnRequestId;
  public OffsetDateTime createdAt;
  public OffsetDateTime updatedAt;
  public long etagVersion;
}
