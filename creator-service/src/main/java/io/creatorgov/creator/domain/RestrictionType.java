package io.creatorgov.creator.domain;

/** Which capability limit a restriction is (see {@link CapabilityEvaluator#deniedBy}). */
public enum RestrictionType {
  LIVE_DISABLED,
  TRAFFIC_LIMITED,
  COMMISSION_FROZEN,
  CAMPAIGN_INELIGIBLE,
  ADS_INELIGIBLE
}
