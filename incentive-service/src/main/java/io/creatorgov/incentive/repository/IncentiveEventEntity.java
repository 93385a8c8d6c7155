package io.creatorgov.incentive.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One incentive change-feed event, written in the transaction of the change. */
@Entity
@Table(name = "incentive_event")
public class IncentiveEventEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long sequence;

  public String eventId;
  public String programId;
  public String creatorId;
  public String market;
  public String eventType;
  public byte[] payload;
  public OffsetDateTime occurredAt;
}
