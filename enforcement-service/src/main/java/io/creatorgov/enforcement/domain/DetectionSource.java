package io.creatorgov.enforcement.domain;

/** Who or what detected a violation (the contract's {@code DetectionSource}, same order). */
public enum DetectionSource {
  /** An automated signal in a moderation pipeline. */
  AUTOMATED_SIGNAL,
  /** A platform moderator. */
  MODERATOR,
  /** A buyer or viewer's notice (DSA art. 16). */
  USER_REPORT,
  /** A trusted flagger's notice (DSA art. 22). */
  TRUSTED_FLAGGER;

  /** Whether a DSA notice must accompany the report (and must be absent otherwise). */
  public boolean requiresNotice() {
    return this == USER_REPORT || this == TRUSTED_FLAGGER;
  }

  /** Whether automated means detected it ({@code automated_detection}). */
  public boolean automatedDetection() {
    return this == AUTOMATED_SIGNAL;
  }

  /**
   * How automated a decision by the rules on this report is: a moderator's report, or one whose
   * detection a human reviewed, is partially automated; otherwise the rules alone decided.
   */
  public DecisionAutomation decisionAutomation(boolean humanReviewed) {
    return humanReviewed || this == MODERATOR
        ? DecisionAutomation.PARTIALLY_AUTOMATED
        : DecisionAutomation.FULLY_AUTOMATED;
  }
}
