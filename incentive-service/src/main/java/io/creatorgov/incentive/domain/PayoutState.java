package io.creatorgov.incentive.domain;

/** Where a payout stands: ready for the payouts system, nothing to pay, or held for an appeal. */
public enum PayoutState {
  PAYABLE,
  NOTHING_DUE,
  HELD_BACK
}
