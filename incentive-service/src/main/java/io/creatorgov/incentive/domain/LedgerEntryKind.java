package io.creatorgov.incentive.domain;

/** The kind of a reward ledger entry (the ones this service books so far). */
public enum LedgerEntryKind {
  /** Reward earned from a performance record (amount > 0). */
  ACCRUAL,
  /** Earlier accrual taken back by a negative record before settlement (amount < 0). */
  REVERSAL
}
