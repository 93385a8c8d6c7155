package io.creatorgov.policy.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One change-feed event, written in the transaction of the change it reports. */
@Entity
@Table(name = "policy_change_event")
public class PolicyChangeEventEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long sequence;

  public String eventId;
  public String eventType;
  public String policyKey;
  public int version;

  @Column(columnDefinition = "text")
  public String markets;

  /** Serialized {@code PolicyChangeEvent} without sequence and resume token. */
  public byte[] payload;

  public OffsetDateTime occurredAt;
}
