package io.creatorgov.enforcement.config;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Enforcement time for tests: the system UTC clock unless a test {@link #freezeAt freezes} it at an
 * instant (and then {@link #advance moves} it), so every other test keeps real time. A test that
 * freezes it must {@link #reset} it afterwards: all test classes share one application.
 */
@Mock
@Singleton
public class AdjustableClock extends Clock {
  private volatile Instant frozenAt;

  /** From now on, enforcement-service reads {@code instant} as the current time. */
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
    throw new UnsupportedOperationException("enforcement time is UTC");
  }
}
