package io.creatorgov.enforcement.domain;

import java.util.Objects;

/**
 * One rung of the points ladder.
 *
 * @param points active points at or above which the consequence applies (1–10,000)
 * @param consequence what happens when the creator reaches this rung
 */
public record LadderThreshold(int points, Consequence consequence) {

  public LadderThreshold {
    Checks.require(
        points >= 1 && points <= 10_000, "threshold points must be 1-10,000, got " + points);
    Objects.requireNonNull(consequence, "consequence");
  }
}
