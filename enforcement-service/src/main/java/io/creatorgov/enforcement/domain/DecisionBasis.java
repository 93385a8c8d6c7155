package io.creatorgov.enforcement.domain;

/** Which kind of rule produced a consequence (the contract's {@code RuleKind}, rule-made kinds). */
public enum DecisionBasis {
  /** The catalogue entry's default consequence for a single occurrence. */
  DEFAULT,
  /** A points-ladder threshold newly reached. */
  LADDER_THRESHOLD,
  /** A health-rating milestone crossed downwards. */
  HEALTH_MILESTONE,
  /** A repeat-offence rule that fired. */
  REPEAT_OFFENCE
}
