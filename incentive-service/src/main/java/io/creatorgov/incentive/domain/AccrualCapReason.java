package io.creatorgov.incentive.domain;

/** The budget limit that reduced an accrual. */
public enum AccrualCapReason {
  /** Not capped: granted equals requested. */
  NONE,
  /** The programme's total budget had less room (also when both limits bind equally). */
  TOTAL_BUDGET,
  /** The creator's per-creator cap had less room. */
  CREATOR_CAP
}
