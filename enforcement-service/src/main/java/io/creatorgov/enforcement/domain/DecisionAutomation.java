package io.creatorgov.enforcement.domain;

/** How automated a decision was (the contract's {@code DecisionAutomation}, same order). */
public enum DecisionAutomation {
  /** The rules decided and no human looked at the case. */
  FULLY_AUTOMATED,
  /** A human took part before the rules chose the action. */
  PARTIALLY_AUTOMATED,
  /** A human decided. */
  NOT_AUTOMATED
}
