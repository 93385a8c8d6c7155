package io.creatorgov.incentive.domain;

/** How a creator suspended or banned during their participation is settled. */
public enum SuspensionRule {
  /** The whole balance is forfeited. */
  FORFEIT,
  /** The balance is multiplied by the share of participation spent in good standing. */
  PRO_RATE
}
