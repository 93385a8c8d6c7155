package io.creatorgov.incentive.domain;

/** Where an enrolment is (see {@link EnrollmentLifecycle}). */
public enum EnrollmentState {
  ENROLLED,
  WITHDRAWN,
  DISQUALIFIED,
  COMPLETED,
  PAUSED
}
