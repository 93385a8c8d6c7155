package io.creatorgov.incentive.domain;

/** Why a performance record accrued nothing, independent of budget. */
public enum NonAccrualReason {
  NONE,
  OUTSIDE_WINDOW,
  PROGRAM_PAUSED,
  BEFORE_ENROLLMENT,
  ENROLLMENT_ENDED,
  NO_MONETARY_REWARD,
  ENROLLMENT_PAUSED,
  PROGRAM_SETTLED
}
