package io.creatorgov.creator.domain;

/** The kinds of onboarding checklist items (see {@link OnboardingChecklistEvaluator}). */
public enum OnboardingItemKind {
  IDENTITY_VERIFICATION,
  TAX_PROFILE,
  POLICY_ACKNOWLEDGEMENT
}
