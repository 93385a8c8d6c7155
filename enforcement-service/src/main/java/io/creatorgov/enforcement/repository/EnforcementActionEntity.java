package io.creatorgov.enforcement.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * An enforcement action with its statement of reasons (written once at decision). Enum columns hold
 * domain names; lists are comma-separated.
 */
@Entity
@Table(name = "enforcement_action")
public class EnforcementActionEntity {
  @Id public String actionId;
  public String creatorId;
  public String market;
  public String actionType;
  public String origin;
  public String violationId;
  public Long durationSeconds;
  public OffsetDateTime startAt;
  public OffsetDateTime endAt;
  public String restrictionTypes;
  public String targetStatus;
  public String state;
  public OffsetDateTime appliedAt;
  public OffsetDateTime appealDeadlineAt;
  public String decidedBy;
  public String decidedRequestId;
  public String statementId;
  public String restrictionCategories;
  public String territorialScope;
  public String factsAndCircumstances;
  public String groundType;
  public String legalReference;
  public String category;
  public String groundPolicyKey;
  public int groundPolicyVersion;
  public String otherPolicies;
  public String rulesApplied;
  public String explanation;
  public boolean automatedDetection;
  public String decisionAutomation;
  public String detectionSource;
  public Long appealWindowSeconds;
  public String languageCode;
  public String outOfCourtInfo;
  public String judicialRedressInfo;
  public String contentType;
  public OffsetDateTime contentTime;
  public String noticeId;
  public String trustedFlaggerId;
  public String trustedFlaggerName;
  public String violationCode;
  public String replacesActionId;
  public String replacedByActionId;
  public String appealId;
  public String reversalBasis;
  public Boolean reversalStandingRestored;
  public String reversedBy;
  public OffsetDateTime reversedAt;
  public String reversalReason;
  public String reversalRequestId;
  public OffsetDateTime createdAt;
  public OffsetDateTime updatedAt;
  public long etagVersion;
}
