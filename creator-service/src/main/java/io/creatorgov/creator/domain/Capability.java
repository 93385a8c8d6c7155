package io.creatorgov.creator.domain;

/** Something a creator may or may not do right now (see {@link CapabilityEvaluator}). */
public enum Capability {
  GO_LIVE,
  JOIN_CAMPAIGN,
  EARN_COMMISSION,
  RECEIVE_RECOMMENDATION_TRAFFIC,
  RUN_ADS,
  JOIN_INCENTIVE_PROGRAM
}
