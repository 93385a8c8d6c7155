package io.creatorgov.kit.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Business time for tests (the {@code Clock} a service injects, see the kit's {@code
 * ServiceClock}): the system UTC clock unless a test {@link #freezeAt freezes} it at an instant
 * (and then {@link #advance moves} it), so every other test keeps real time. A test that freezes it
 * must {@link #reset} it afterwards: all test classes share one application. A service's tests make
 * it their clock with a subclass annotated {@code @io.quarkus.test.Mock @jakarta.inject.Singleton}.
 */
public class AdjustableClock extends Clock {
  private volatile Instant frozenAt;

  /** From now on, the service reads {@code instant} as the current time. */
  public void freezeAt(Instant instant) {
    frozenAt = instant;
  }

  /** Moves frozen time forward by {@code by}; the clock must be frozen. */
  public void advance(Duration by) {
    Instant frozen = frozenAt;
    if (frozen == null) {
      throw new IllegalStateException("freeze the clock before moving it");
    }
    frozenAt = frozen.plus(by);
  }

  /** Back to the system clock. */
  public void reset() {
    frozenAt = null;
  }

  @Override
  public Instant instant() {
    Instant frozen = frozenAt;
    return frozen != null ? frozen : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("business time is UTC");
  }
}
