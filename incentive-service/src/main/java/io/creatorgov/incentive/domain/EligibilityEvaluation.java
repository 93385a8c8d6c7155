package io.creatorgov.incentive.domain;

import java.time.Instant;
import java.util.List;

/** A complete evaluation: every condition's result, the data used and when it ran. */
public record EligibilityEvaluation(
    List<ConditionResult> conditions, EligibilitySnapshot snapshot, Instant evaluateTime) {

  public EligibilityEvaluation {
    conditions = List.copyOf(conditions);
  }

  /** True when no condition is UNMET. */
  public boolean eligible() {
    return unmet().isEmpty();
  }

  /** The UNMET conditions, in condition order. */
  public List<ConditionResult> unmet() {
    return conditions.stream().filter(c -> c.outcome() == EligibilityOutcome.UNMET).toList();
  }
}
