package io.creatorgov.enforcement.domain;

/**
 * A capability limit placed on a creator for a period, applied through creator-service (the
 * contract's {@code RestrictionType}, same order).
 */
public enum RestrictionKind {
  /** The creator may not start or continue a live stream. */
  LIVE_DISABLED,
  /** Recommendation traffic to the creator's content and rooms is limited. */
  TRAFFIC_LIMITED,
  /** Commission rates cannot change and pending commission is held. */
  COMMISSION_FROZEN,
  /** The creator may not join or stay in campaigns and incentive programmes. */
  CAMPAIGN_INELIGIBLE,
  /** The creator's content may not be promoted with ads. */
  ADS_INELIGIBLE
}
