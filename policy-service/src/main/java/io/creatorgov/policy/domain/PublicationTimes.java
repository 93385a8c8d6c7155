package io.creatorgov.policy.domain;

import io.creatorgov.kit.error.Violations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** When a published version takes effect. */
public final class PublicationTimes {
  private PublicationTimes() {}

  /**
   * The requested time, or {@code now} when none was requested or it lies (within {@code
   * pastTolerance}) in the past — so what was in force at a past instant never changes. A time
   * further in the past or more than {@code maxAhead} ahead is INVALID_ARGUMENT on {@code
   * effective_time}. Both instants count in microseconds, as PostgreSQL stores them.
   *
   * @param requested the requested time, or null
   */
  public static Instant effectiveFrom(
      Instant requested, Instant now, Duration pastTolerance, Duration maxAhead) {
    Instant current = now.truncatedTo(ChronoUnit.MICROS);
    if (requested == null) {
      return current;
    }
    Instant wanted = requested.truncatedTo(ChronoUnit.MICROS);
    Violations v = new Violations();
    v.require(
        wanted.isBefore(current.minus(pastTolerance)),
        "effective_time",
        "must not lie in the past (more than "
            + pastTolerance.toSeconds()
            + "s); past answers never change");
    v.require(
        wanted.isAfter(current.plus(maxAhead)),
        "effective_time",
        "must be at most " + maxAhead.toDays() + " days ahead");
    v.throwIfAny();
    return wanted.isBefore(current) ? current : wanted;
  }
}
