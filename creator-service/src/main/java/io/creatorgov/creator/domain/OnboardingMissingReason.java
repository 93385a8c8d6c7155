package io.creatorgov.creator.domain;

/** Why a MISSING onboarding item is missing. */
public enum OnboardingMissingReason {
  NOT_SUBMITTED,
  REJECTED,
  OUTDATED
}
