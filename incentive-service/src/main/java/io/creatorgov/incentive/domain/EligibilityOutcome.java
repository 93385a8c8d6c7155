package io.creatorgov.incentive.domain;

/** How one condition came out. */
public enum EligibilityOutcome {
  MET,
  UNMET,
  /** The programme sets the criterion but the creator's market uses the other standing model. */
  NOT_APPLICABLE
}
