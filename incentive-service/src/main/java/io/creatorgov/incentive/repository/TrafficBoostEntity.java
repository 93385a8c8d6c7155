package io.creatorgov.incentive.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * What the incentive feed last announced about one enrolment's traffic boost ({@code granted}: the
 * last event was TRAFFIC_BOOST_GRANTED).
 */
@Entity
@Table(name = "traffic_boost")
public class TrafficBoostEntity {
  @Id public String enrollmentId;
  public String programId;
  public boolean granted;
  public int multiplierPermille;
  public OffsetDateTime changeTime;
}
