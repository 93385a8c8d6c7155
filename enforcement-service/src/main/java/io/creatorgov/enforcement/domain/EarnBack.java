package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Earn-back of health score: every compliant period (a period of {@code period} length, counted
 * back to back from the standing start, with at least one qualifying activity and no confirmed
 * violation) earns {@code pointsPerPeriod}, never raising the score above {@code capScore}.
 *
 * @param pointsPerPeriod score earned per compliant period (1 or more)
 * @param period length of a period (the contract allows whole days, 1–365; checked here only to be
 *     positive)
 * @param capScore the score earn-back never raises above; 0 means the model's maximum score (a
 *     {@link HealthRating} replaces 0 with its {@code maxScore})
 */
public record EarnBack(int pointsPerPeriod, Duration period, int capScore) {

  public EarnBack {
    Checks.require(pointsPerPeriod >= 1, "points per period must be 1 or more");
    Objects.requireNonNull(period, "period");
    Checks.require(Checks.positive(period), "earn-back period must be positive, got " + period);
    Checks.require(capScore >= 0, "cap score must not be negative");
  }
}
