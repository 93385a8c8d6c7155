package io.creatorgov.incentive.domain;

/** Which settlement rule decided a creator's SETTLEMENT payout. */
public enum PayoutRule {
  FULL,
  PRO_RATED,
  FORFEITED
}
