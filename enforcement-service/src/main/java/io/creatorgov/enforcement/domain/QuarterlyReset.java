package io.creatorgov.enforcement.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * All points reset at 00:00 local time (the market's zone) on the first day of each quarter;
 * quarters start every three months from {@code firstQuarterStartMonth}. A violation's points count
 * until the start of the quarter after the one it was observed in.
 *
 * @param firstQuarterStartMonth month (1–12) that starts the first quarter; 0 is read as 1
 *     (January, April, July, October) and stored as 1
 */
public record QuarterlyReset(int firstQuarterStartMonth) implements PointsExpiry {

  public QuarterlyReset {
    Checks.require(
        firstQuarterStartMonth >= 0 && firstQuarterStartMonth <= 12,
        "first quarter start month must be 0-12, got " + firstQuarterStartMonth);
    if (firstQuarterStartMonth == 0) {
      firstQuarterStartMonth = 1;
    }
  }

  /** The start of the quarter that contains {@code at}, in the market's zone. */
  public Instant quarterStart(Instant at, ZoneId zone) {
    return quarterStartLocal(at, zone).toInstant();
  }

  /** The next reset after {@code at}: the start of the following quarter. */
  public Instant nextReset(Instant at, ZoneId zone) {
    ZonedDateTime start = quarterStartLocal(at, zone);
    return start.toLocalDate().plusMonths(3).atStartOfDay(zone).toInstant();
  }

  @Override
  public Instant expireTime(Instant observed, ZoneId zone) {
    return nextReset(observed, zone);
  }

  private ZonedDateTime quarterStartLocal(Instant at, ZoneId zone) {
    LocalDate local = at.atZone(zone).toLocalDate();
    int monthsIntoQuarter = Math.floorMod(local.getMonthValue() - firstQuarterStartMonth, 3);
    return local.withDayOfMonth(1).minusMonths(monthsIntoQuarter).atStartOfDay(zone);
  }
}
