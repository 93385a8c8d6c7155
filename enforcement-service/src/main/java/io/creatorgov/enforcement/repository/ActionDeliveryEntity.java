package io.creatorgov.enforcement.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One outbox row: an action's delivery to creator-service and its progress. */
@Entity
@Table(name = "action_delivery")
public class ActionDeliveryEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long deliveryId;

  public String actionId;
  public String purpose;
  public String state;
  public int attempts;
  public OffsetDateTime nextAttemptAt;
  public OffsetDateTime leaseUntil;
  public String lastError;
  public OffsetDateTime lastAttemptAt;
  public OffsetDateTime deliveredAt;
  public OffsetDateTime createdAt;
  public OffsetDateTime updatedAt;
}
