package io.creatorgov.incentive.domain;

/** The result of checking one condition, with what was required and what the creator has. */
public record ConditionResult(
    EligibilityCondition condition,
    EligibilityOutcome outcome,
    EligibilityValue expected,
    EligibilityValue actual,
    String message) {}
