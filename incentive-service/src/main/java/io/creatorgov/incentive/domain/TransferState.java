package io.creatorgov.incentive.domain;

/** Where the money of a PAYABLE payout stands, as the payouts system reports it. */
public enum TransferState {
  PENDING,
  PAID,
  FAILED,
  REISSUED
}
