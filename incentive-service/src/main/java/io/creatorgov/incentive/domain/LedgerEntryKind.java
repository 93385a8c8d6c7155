package io.creatorgov.incentive.domain;

/** The kind of a reward ledger entry (see the contract's LedgerEntryKind for the signs). */
public enum LedgerEntryKind {
  /** Reward earned from a performance record (amount > 0). */
  ACCRUAL,
  /** Earlier accrual taken back by a negative record before settlement (amount < 0). */
  REVERSAL,
  /** Balance forfeited at settlement under the suspension rule (amount < 0). */
  FORFEIT,
  /** Balance moved to a payout (amount < 0). */
  PAYOUT,
  /** Reward withheld by an overturned or reversed action, accrued on reinstatement (> 0). */
  REINSTATEMENT,
  /** After settlement: an amount owed because the facts behind the settlement changed (> 0). */
  ADJUSTMENT,
  /** After settlement: reward taken back by a refund of GMV already paid for (< 0). */
  CLAWBACK,
  /** The clawed-back amount handed to a CLAWBACK payout for recovery (> 0). */
  RECOVERY
}
