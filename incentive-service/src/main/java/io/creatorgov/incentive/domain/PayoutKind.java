package io.creatorgov.incentive.domain;

/** Why a payout exists: settlement, an amount restored afterwards, or one to recover. */
public enum PayoutKind {
  SETTLEMENT,
  ADJUSTMENT,
  CLAWBACK
}
