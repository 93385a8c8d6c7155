package io.creatorgov.incentive.domain;

/** The kind of a reward ledger entry (the ones this service books so far). */
public enum LedgerEntryKind {
  /** Reward earned from a performance record (amount > 0). */
  ACCRUAL,
  /** Earlier accrual taken back by a negative record before settlement (amount < 0). */
  REVERSAL,
  /**
   * Reward for a record withheld while the enrolment was PAUSED or DISQUALIFIED, accrued when the
   * enforcement action behind it was overturned or reversed (amount > 0).
   */
  REINSTATEMENT
}
