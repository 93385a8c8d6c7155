package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Repeat-offence rule: when a violation matching {@code violationCode} is confirmed and, counting
 * it, the creator has at least {@code occurrences} confirmed, not-reversed matching violations
 * observed within {@code window} ending at its observed time, the escalation is a candidate
 * consequence.
 *
 * @param violationCode a catalogue code, or {@link #ANY_CODE} for every code
 * @param occurrences the number of occurrences that triggers the rule (2 or more)
 * @param window the look-back window (the contract allows whole days, 1–730; checked here only to
 *     be positive)
 * @param escalation the escalated consequence
 */
public record RepeatOffenceRule(
    String violationCode, int occurrences, Duration window, Consequence escalation) {

  /** The code that matches every violation code. */
  public static final String ANY_CODE = "*";

  public RepeatOffenceRule {
    Objects.requireNonNull(violationCode, "violationCode");
    Checks.require(!violationCode.isBlank(), "violation code must not be blank");
    Checks.require(occurrences >= 2, "occurrences must be 2 or more, got " + occurrences);
    Objects.requireNonNull(window, "window");
    Checks.require(Checks.positive(window), "window must be positive, got " + window);
    Objects.requireNonNull(escalation, "escalation");
  }

  /** Whether violations with {@code code} count for this rule. */
  public boolean matches(String code) {
    return isAnyCode() || violationCode.equals(code);
  }

  /** Whether this rule counts every violation code ({@code *}). */
  public boolean isAnyCode() {
    return ANY_CODE.equals(violationCode);
  }
}
