package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Each violation's points expire {@code window} after its observed time: they count at every
 * instant {@code t} with {@code observed <= t < observed + window}.
 *
 * @param window how long points count (the contract allows whole days, 1–730; checked here only to
 *     be positive)
 */
public record RollingWindow(Duration window) implements PointsExpiry {

  public RollingWindow {
    Objects.requireNonNull(window, "window");
    Checks.require(Checks.positive(window), "rolling window must be positive, got " + window);
  }

  @Override
  public Instant expireTime(Instant observed, ZoneId zone) {
    return observed.plus(window);
  }
}
