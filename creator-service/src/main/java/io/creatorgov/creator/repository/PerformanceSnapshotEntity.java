package io.creatorgov.creator.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A recorded performance snapshot (the contract message as payload). */
@Entity
@Table(name = "performance_snapshot")
public class PerformanceSnapshotEntity {
  @Id public String snapshotId;
  public String creatorId;
  public byte[] payload;
  public OffsetDateTime periodEnd;
  public OffsetDateTime createdAt;
}
