package io.creatorgov.creator.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A creator's measured performance over a period, as reported. Null values were not given.
 *
 * @param snapshotId assigned when recorded (empty before)
 * @param creatorId assigned when recorded (empty before)
 * @param gmv gross merchandise value in the period
 * @param qualityScore 0–1000
 */
public record PerformanceSnapshot(
    String snapshotId,
    String creatorId,
    Instant periodStart,
    Instant periodEnd,
    Money gmv,
    Duration liveDuration,
    long orders,
    int qualityScore) {

  /** The snapshot as recorded for {@code creatorId} under {@code snapshotId}. */
  public PerformanceSnapshot recordedAs(String snapshotId, String creatorId) {
    return new PerformanceSnapshot(
        snapshotId, creatorId, periodStart, periodEnd, gmv, liveDuration, orders, qualityScore);
  }
}
