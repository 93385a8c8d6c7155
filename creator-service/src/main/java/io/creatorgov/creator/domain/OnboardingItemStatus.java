package io.creatorgov.creator.domain;

/** Whether an onboarding checklist item is satisfied. */
public enum OnboardingItemStatus {
  MET,
  MISSING,
  NOT_REQUIRED
}
