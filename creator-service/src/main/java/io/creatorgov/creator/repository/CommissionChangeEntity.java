package io.creatorgov.creator.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One audited commission change. */
@Entity
@Table(name = "commission_change")
public class CommissionChangeEntity {
  @Id public String changeId;
  public String creatorId;
  public String market;
  public String category;
  public Integer oldRateBps;
  public int newRateBps;
  public int capBps;
  public String capPolicyKey;
  public int capPolicyVersion;
  public boolean capFromCache;
  public byte[] changed;
  public OffsetDateTime occurredAt;
}
