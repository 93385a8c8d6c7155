package io.creatorgov.kit.error;

import java.util.Objects;

/**
 * One unmet precondition: {@code type} is an UPPER_SNAKE_CASE category (for example {@code
 * ONBOARDING_ITEM}, {@code STATE}, {@code ELIGIBILITY}), {@code subject} what it concerns (for
 * example {@code tax_profile}), {@code description} how to satisfy it.
 */
public record PreconditionViolation(String type, String subject, String description) {
  public PreconditionViolation {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(description, "description");
  }
}
