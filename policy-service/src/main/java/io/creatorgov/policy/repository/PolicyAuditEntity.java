package io.creatorgov.policy.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** Append-only audit record: who changed which policy or version, how and why. */
@Entity
@Table(name = "policy_audit")
public class PolicyAuditEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "policy_audit_seq")
  @SequenceGenerator(
      name = "policy_audit_seq",
      sequenceName = "policy_audit_seq",
      allocationSize = 50)
  public Long id;

  public String policyKey;
  public int version;
  public String action;
  public String actorSubject;
  public String actorKind;

  @Column(columnDefinition = "text")
  public String actorRoles;

  @Column(columnDefinition = "text")
  public String reason;

  public String requestId;
  public OffsetDateTime occurredAt;
}
