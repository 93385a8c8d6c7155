package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A creator's standing in a market at an instant, under the market's current standing rules: what
 * GetCreatorStanding shows. Pure: computed from the recorded violations with {@link
 * StandingCalculator#activePoints} and {@link StandingCalculator#score}; a creator without
 * violations has a clean standing (0 points, or the start score).
 *
 * @param at the instant the standing is computed for
 * @param ladder the points-ladder view; null under a health rating
 * @param health the health-rating view; null under a points ladder
 * @param activeViolations violations counting towards standing at {@code at}: not reversed,
 *     observed at or before it and, on a ladder, whose points have not expired
 */
public record CurrentStanding(Instant at, Ladder ladder, Health health, int activeViolations) {

  public CurrentStanding {
    Objects.requireNonNull(at, "at");
    Checks.require((ladder == null) != (health == null), "exactly one view is set");
  }

  /**
   * A rung of the escalation with the value that triggers it: ladder points reached, or a health
   * score at or below.
   */
  public record Rung(int value, Consequence consequence) {}

  /** Points of one active violation and when they stop counting. */
  public record ExpiringPoints(String violationId, int points, Instant expireTime) {}

  /**
   * Points-ladder view.
   *
   * @param rollingWindow the window length under a rolling window; null under a quarterly reset
   * @param nextReset the next reset under a quarterly reset; null under a rolling window
   * @param next the lowest threshold above {@code activePoints}; null when the top one is reached
   * @param pointsToNext points still needed to reach {@code next}; 0 when it is null
   * @param highestReached the highest threshold at or below {@code activePoints}; null if none
   */
  public record Ladder(
      int activePoints,
      List<ExpiringPoints> expiring,
      Duration rollingWindow,
      Instant nextReset,
      Rung next,
      int pointsToNext,
      Rung highestReached) {
    public Ladder {
      expiring = List.copyOf(expiring);
    }
  }

  /**
   * Health-rating view.
   *
   * @param next the highest milestone below {@code score}; null when the lowest is passed
   * @param scoreAboveNext {@code score - next.value}; 0 when {@code next} is null
   * @param lowestReached the lowest milestone {@code score} is at or below; null if none
   */
  public record Health(
      int score, int startScore, Rung next, int scoreAboveNext, Rung lowestReached) {}

  /**
   * The standing at {@code at}.
   *
   * @param history the creator's violations in the market (reversed ones included: they are
   *     skipped)
   * @param standingStart the start of the first earn-back period (first seen); used only by a
   *     health rating with earn-back
   */
  public static CurrentStanding at(
      StandingRules rules, List<PastViolation> history, Instant at, Instant standingStart) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(at, "at");
    if (rules.model() instanceof PointsLadder ladder) {
      return ladder(ladder, rules, history, at);
    }
    return health((HealthRating) rules.model(), history, at, standingStart);
  }

  private static CurrentStanding ladder(
      PointsLadder ladder, StandingRules rules, List<PastViolation> history, Instant at) {
    int points = StandingCalculator.activePoints(ladder, rules.marketZone(), history, at);
    List<ExpiringPoints> expiring = new ArrayList<>();
    int active = 0;
    for (PastViolation v : history) {
      if (v.reversed() || !ladder.expiry().counts(v.observedTime(), at, rules.marketZone())) {
        continue;
      }
      active++;
      if (v.points() > 0) {
        Instant expires = ladder.expiry().expireTime(v.observedTime(), rules.marketZone());
        expiring.add(new ExpiringPoints(v.violationId(), v.points(), expires));
      }
    }
    expiring.sort(
        Comparator.comparing(ExpiringPoints::expireTime)
            .thenComparing(ExpiringPoints::violationId));
    Rung next = null;
    Rung reached = null;
    for (LadderThreshold t : ladder.thresholds()) {
      if (t.points() <= points) {
        reached = new Rung(t.points(), t.consequence());
      } else if (next == null) {
        next = new Rung(t.points(), t.consequence());
      }
    }
    Duration window = ladder.expiry() instanceof RollingWindow w ? w.window() : null;
    Instant reset =
        ladder.expiry() instanceof QuarterlyReset q ? q.nextReset(at, rules.marketZone()) : null;
    Ladder view =
        new Ladder(
            points,
            expiring,
            window,
            reset,
            next,
            next == null ? 0 : next.value() - points,
            reached);
    return new CurrentStanding(at, view, null, active);
  }

  private static CurrentStanding health(
      HealthRating rating, List<PastViolation> history, Instant at, Instant standingStart) {
    Instant start = standingStart == null ? at : standingStart;
    int score = StandingCalculator.score(rating, history, at, start, ActivityLog.ALWAYS);
    int active = 0;
    for (PastViolation v : history) {
      if (!v.reversed() && !v.observedTime().isAfter(at)) {
        active++;
      }
    }
    Rung next = null;
    Rung reached = null;
    // milestones are strictly descending
    for (HealthMilestone m : rating.milestones()) {
      if (score <= m.scoreAtOrBelow()) {
        reached = new Rung(m.scoreAtOrBelow(), m.consequence());
      } else if (next == null) {
        next = new Rung(m.scoreAtOrBelow(), m.consequence());
      }
    }
    Health view =
        new Health(
            score, rating.startScore(), next, next == null ? 0 : score - next.value(), reached);
    return new CurrentStanding(at, null, view, active);
  }
}
