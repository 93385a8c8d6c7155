package io.creatorgov.incentive.client;

import java.util.List;

/**
 * A creator's standing in a market as enforcement-service reports it, in plain values: the model
 * ({@code POINTS_LADDER} or {@code HEALTH_RATING}), its value under that model (the other one
 * null), and the creator's open appeals (OPEN or UNDER_REVIEW), which hold back settlement.
 */
public record StandingSnapshot(
    String creatorId,
    String market,
    String modelKind,
    Integer activePoints,
    Integer healthScore,
    List<String> openAppealIds) {

  public StandingSnapshot {
    openAppealIds = List.copyOf(openAppealIds);
  }

  public boolean pointsLadder() {
    return "POINTS_LADDER".equals(modelKind);
  }

  public boolean healthRating() {
    return "HEALTH_RATING".equals(modelKind);
  }
}
