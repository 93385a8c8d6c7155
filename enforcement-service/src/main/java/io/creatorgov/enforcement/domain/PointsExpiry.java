package io.creatorgov.enforcement.domain;

import java.time.Instant;
import java.time.ZoneId;

/**
 * When points-ladder points stop counting: a {@link RollingWindow} per violation or a {@link
 * QuarterlyReset} of all points.
 */
public sealed interface PointsExpiry permits RollingWindow, QuarterlyReset {

  /**
   * When the points of a violation observed at {@code observed} stop counting.
   *
   * @param zone the market's time zone (quarter boundaries are local midnights)
   */
  Instant expireTime(Instant observed, ZoneId zone);

  /**
   * Whether the points of a violation observed at {@code observed} count at {@code at}: it was
   * observed at or before {@code at} and {@code at} is before its {@link #expireTime}.
   */
  default boolean counts(Instant observed, Instant at, ZoneId zone) {
    return !observed.isAfter(at) && at.isBefore(expireTime(observed, zone));
  }
}
