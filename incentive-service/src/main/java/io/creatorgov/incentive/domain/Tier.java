package io.creatorgov.incentive.domain;

/** Creator tiers, lowest first (the order is the eligibility order). */
public enum Tier {
  BRONZE,
  SILVER,
  GOLD,
  PLATINUM
}
