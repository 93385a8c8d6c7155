package io.creatorgov.kit.time;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times as the database keeps them: UTC, to the microsecond. */
public final class StoredTime {
  private StoredTime() {}

  /** Now on {@code clock}, at the database's precision. */
  public static OffsetDateTime now(Clock clock) {
    return clock.instant().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  /** Now on the system clock, at the database's precision. */
  public static OffsetDateTime now() {
    return now(Clock.systemUTC());
  }
}
