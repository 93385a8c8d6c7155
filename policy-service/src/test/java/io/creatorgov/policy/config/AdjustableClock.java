package io.creatorgov.policy.config;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Policy time for tests: the system UTC clock unless a test {@link #freezeAt freezes} it at an
 * instant, so every other test keeps real time. A test that freezes it must {@link #reset} it in a
 * {@code finally}.
 */
@Mock
@Singleton
public class AdjustableClock extends Clock {
  private volatile Instant frozenAt;

  /** From now on, policy-service reads {@code instant} as the current time. */
  public void freezeAt(Instant instant) {
    frozenAt = instant;
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
    throw new UnsupportedOperationException("policy time is UTC");
  }
}
