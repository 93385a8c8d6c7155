package io.creatorgov.enforcement.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A creator's standing before and after one violation stops counting (an overturned appeal, or a
 * reversal with standing restored), under the market's current model, at one instant.
 *
 * @param healthRating true under a health rating, false under a points ladder
 */
public record StandingRestoration(
    boolean healthRating, int pointsBefore, int pointsAfter, int scoreBefore, int scoreAfter) {

  /**
   * The standing with and without {@code violationId} in {@code history} (the creator's violations
   * in the market) at {@code at}. Under a points ladder the points are the active ones; under a
   * health rating the replayed score (activity is taken as compliant, as decisions take it).
   */
  public static StandingRestoration of(
      StandingRules rules,
      List<PastViolation> history,
      String violationId,
      Instant at,
      Instant standingStart) {
    Objects.requireNonNull(violationId, "violationId");
    List<PastViolation> without =
        history.stream().map(v -> v.violationId().equals(violationId) ? reversed(v) : v).toList();
    if (rules.model() instanceof PointsLadder ladder) {
      return new StandingRestoration(
          false,
          StandingCalculator.activePoints(ladder, rules.marketZone(), history, at),
          StandingCalculator.activePoints(ladder, rules.marketZone(), without, at),
          0,
          0);
    }
    HealthRating rating = (HealthRating) rules.model();
    return new StandingRestoration(
        true,
        0,
        0,
        StandingCalculator.score(rating, history, at, standingStart, ActivityLog.ALWAYS),
        StandingCalculator.score(rating, without, at, standingStart, ActivityLog.ALWAYS));
  }

  private static PastViolation reversed(PastViolation v) {
    return new PastViolation(
        v.violationId(), v.code(), v.observedTime(), v.points(), v.healthDeduction(), true);
  }
}
