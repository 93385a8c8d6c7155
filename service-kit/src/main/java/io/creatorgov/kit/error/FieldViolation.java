package io.creatorgov.kit.error;

import io.creatorgov.common.v1.ErrorReason;
import java.util.Objects;

/**
 * One invalid request field, by its path in the request message (for example {@code creator.handle}
 * or {@code rules.thresholds[2].points}), with a description a caller can fix, and the reason the
 * contract documents for this kind of violation (INVALID_ARGUMENT unless a more precise one, such
 * as UNKNOWN_MARKET or CURRENCY_MISMATCH, applies).
 */
public record FieldViolation(String field, String description, ErrorReason reason) {
  public FieldViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(reason, "reason");
    if (ErrorCatalog.codeOf(reason) != io.grpc.Status.Code.INVALID_ARGUMENT) {
      throw new IllegalArgumentException(reason + " is not an INVALID_ARGUMENT reason");
    }
  }

  /** A violation with the generic reason INVALID_ARGUMENT. */
  public FieldViolation(String field, String description) {
    this(field, description, ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
  }
}
