package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.CreatorEventType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One creator change-feed event, written in the transaction of the change. */
@Entity
@Table(name = "creator_event")
public class CreatorEventEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long sequence;

  public String eventId;
  public String creatorId;
  public String market;

  @Enumerated(EnumType.STRING)
  public CreatorEventType eventType;

  public byte[] payload;
  public OffsetDateTime occurredAt;
}
