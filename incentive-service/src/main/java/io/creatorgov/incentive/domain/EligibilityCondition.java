package io.creatorgov.incentive.domain;

/** The eligibility conditions, in the contract's order (the order an evaluation lists them in). */
public enum EligibilityCondition {
  /** Always checked: the creator's home market is the programme's. */
  HOME_MARKET,
  /** Always checked: the creator's status is one the programme admits. */
  CREATOR_STATUS,
  /** When the programme sets a minimum tier. */
  MINIMUM_TIER,
  /** When the programme sets a points maximum (applies in points-ladder markets). */
  MAXIMUM_VIOLATION_POINTS,
  /** When the programme sets a health minimum (applies in health-rating markets). */
  MINIMUM_HEALTH_SCORE,
  /** When the programme lists categories. */
  CATEGORIES,
  /** Always checked: no campaign-ineligible restriction in force. */
  NO_CAMPAIGN_RESTRICTION
}
