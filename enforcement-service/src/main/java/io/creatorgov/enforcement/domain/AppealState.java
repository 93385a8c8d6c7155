package io.creatorgov.enforcement.domain;

/**
 * An appeal's lifecycle: OPEN → UNDER_REVIEW (optional) → UPHELD, OVERTURNED or MODIFIED by a
 * reviewer's decision, or WITHDRAWN by the creator before one. The last four are terminal.
 */
public enum AppealState {
  OPEN,
  UNDER_REVIEW,
  UPHELD,
  OVERTURNED,
  MODIFIED,
  WITHDRAWN;

  /** Waiting for a decision: the action's hold stays HELD, incentive payouts are held back. */
  public boolean isOpen() {
    return this == OPEN || this == UNDER_REVIEW;
  }
}
