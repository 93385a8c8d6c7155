package io.creatorgov.incentive.domain;

/** Where a programme is in its lifecycle (see {@link ProgramLifecycle}). */
public enum ProgramState {
  /** Being prepared: every setting editable, invisible to creators. */
  DRAFT,
  /** Open: enrolment allowed, performance in the window accrues. */
  ACTIVE,
  /** Temporarily stopped: no enrolment, no accrual while paused. */
  PAUSED,
  /** Over: awaiting settlement. */
  ENDED,
  /** Settled: payouts produced; terminal and read-only. */
  SETTLED
}
