package io.creatorgov.kit.error;

import java.util.Objects;

/**
 * One invalid request field, by its path in the request message (for example {@code creator.handle}
 * or {@code rules.thresholds[2].points}), with a description a caller can fix.
 */
public record FieldViolation(String field, String description) {
  public FieldViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(description, "description");
  }
}
