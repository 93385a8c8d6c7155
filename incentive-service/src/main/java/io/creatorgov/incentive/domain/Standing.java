package io.creatorgov.incentive.domain;

/**
 * What enforcement-service says of a creator's standing in the programme's market: the market's
 * model and the value under it (the other one null).
 */
public record Standing(Model model, Integer activePoints, Integer healthScore) {

  /** The standing models; NONE when the market has none configured. */
  public enum Model {
    POINTS_LADDER,
    HEALTH_RATING,
    NONE
  }
}
