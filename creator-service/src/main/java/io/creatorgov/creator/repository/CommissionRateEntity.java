package io.creatorgov.creator.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A creator's commission rate for one category, with the cap it was checked against. */
@Entity
@Table(name = "commission_rate")
@IdClass(CommissionRateEntity.Key.class)
public class CommissionRateEntity {
  @Id public String creatorId;
  @Id public String category;
  public int rateBps;
  public int capBps;
  public String capPolicyKey;
  public int capPolicyVersion;
  public byte[] lastChange;
  public OffsetDateTime updateTime;

  /** Composite key. */
  public static class Key implements Serializable {
    public String creatorId;
    public String category;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(k.creatorId, creatorId)
          && Objects.equals(k.category, category);
    }

    @Override
    public int hashCode() {
      return Objects.hash(creatorId, category);
    }
  }
}
