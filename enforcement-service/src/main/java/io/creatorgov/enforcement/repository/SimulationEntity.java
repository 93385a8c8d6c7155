package io.creatorgov.enforcement.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A policy simulation: the pinned candidate and window, its state (PENDING, RUNNING, SUCCEEDED,
 * FAILED, CANCELLED) and, once finished, its totals. Markets are comma-separated.
 */
@Entity
@Table(name = "simulation")
public class SimulationEntity {
  @Id public String simulationId;
  public String policyKey;
  public int policyVersion;
  public String candidateContentHash;
  public String markets;
  public OffsetDateTime windowStart;
  public OffsetDateTime windowEnd;
  public String state;
  public int progressPercent;
  public byte[] summary;
  public long violationsReplayed;
  public long decisionsChanged;
  public String error;
  public int attempts;
  public OffsetDateTime leaseUntil;
  public String createdBy;
  public byte[] createdActor;
  public String createdRequestId;
  public OffsetDateTime createdAt;
  public OffsetDateTime startAt;
  public OffsetDateTime endAt;
  public OffsetDateTime updatedAt;
  public long etagVersion;
}
