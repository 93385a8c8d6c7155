package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.Consequence;

/**
 * How one violation moved a creator's standing, for the response and the STANDING_CHANGED event.
 *
 * @param healthRating true under a health rating, false under a points ladder
 * @param threshold the ladder threshold's points or the milestone's score newly reached; null if
 *     none
 * @param thresholdConsequence that threshold's or milestone's consequence; null if none
 * @param reversal true when the violation was reversed (its standing given back), false when it was
 *     recorded
 */
public record StandingMove(
    String creatorId,
    String market,
    String violationId,
    boolean healthRating,
    int pointsBefore,
    int pointsAfter,
    int scoreBefore,
    int scoreAfter,
    Integer threshold,
    Consequence thresholdConsequence,
    boolean reversal) {

  /** A violation that stopped counting: the standing given back. */
  static StandingMove restored(
      String creatorId,
      String market,
      String violationId,
      io.creatorgov.enforcement.domain.StandingRestoration r) {
    return new StandingMove(
        creatorId,
        market,
        violationId,
        r.healthRating(),
        r.pointsBefore(),
        r.pointsAfter(),
        r.scoreBefore(),
        r.scoreAfter(),
        null,
        null,
        true);
  }
}
