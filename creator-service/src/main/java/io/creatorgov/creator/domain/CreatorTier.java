package io.creatorgov.creator.domain;

/**
 * A creator's performance tier, lowest first (the order {@link TierCalculator} compares in). {@link
 * #NONE} is the tier of a creator not activated yet: no tier has been assigned.
 */
public enum CreatorTier {
  NONE,
  BRONZE,
  SILVER,
  GOLD,
  PLATINUM
}
