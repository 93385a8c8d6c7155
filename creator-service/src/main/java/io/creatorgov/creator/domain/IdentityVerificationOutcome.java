package io.creatorgov.creator.domain;

/** The result of an identity verification. */
public enum IdentityVerificationOutcome {
  PASSED,
  FAILED
}
