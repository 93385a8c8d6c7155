package io.creatorgov.enforcement.domain;

import java.util.List;
import java.util.Objects;

/**
 * Points-ladder standing model: a creator's active points are the points of their confirmed,
 * not-reversed violations that have not expired; when a violation makes active points reach or pass
 * a threshold not reached before it, that threshold's consequence applies (the highest one reached
 * if several).
 *
 * @param expiry when points stop counting
 * @param thresholds 1–20 rungs, strictly ascending by points
 */
public record PointsLadder(PointsExpiry expiry, List<LadderThreshold> thresholds)
    implements StandingModel {

  public PointsLadder {
    Objects.requireNonNull(expiry, "expiry");
    thresholds = List.copyOf(thresholds);
    Checks.require(
        !thresholds.isEmpty() && thresholds.size() <= 20, "a ladder has 1-20 thresholds");
    for (int i = 1; i < thresholds.size(); i++) {
      Checks.require(
          thresholds.get(i).points() > thresholds.get(i - 1).points(),
          "thresholds must be strictly ascending by points");
    }
  }
}
