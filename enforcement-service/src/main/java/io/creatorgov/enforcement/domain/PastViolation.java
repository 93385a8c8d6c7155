package io.creatorgov.enforcement.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A violation recorded earlier for the creator in the same market, with the points and deduction it
 * was recorded with.
 *
 * @param reversed true when it no longer counts for anything (overturned on appeal, or reversed
 *     with standing restored); an expired one is not reversed
 */
public record PastViolation(
    String violationId,
    String code,
    Instant observedTime,
    int points,
    int healthDeduction,
    boolean reversed) {

  public PastViolation {
    Objects.requireNonNull(violationId, "violationId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(observedTime, "observedTime");
    Checks.require(points >= 0, "points must not be negative");
    Checks.require(healthDeduction >= 0, "health deduction must not be negative");
  }
}
