package io.creatorgov.kit.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every field violation of a request before failing, so a caller learns about all of them
 * in one round trip.
 *
 * <pre>{@code
 * Violations v = new Violations();
 * v.require(req.getHandle().isBlank(), "handle", "must not be blank");
 * v.throwIfAny();
 * }</pre>
 */
public final class Violations {
  private final List<FieldViolation> violations = new ArrayList<>();

  /** Records a violation of {@code field} when {@code violated} is true. */
  public Violations require(boolean violated, String field, String description) {
    if (violated) {
      violations.add(new FieldViolation(field, description));
    }
    return this;
  }

  public Violations add(String field, String description) {
    violations.add(new FieldViolation(field, description));
    return this;
  }

  /** Records {@code violation} with its own reason (UNKNOWN_MARKET from MarketRegistry, say). */
  public Violations add(FieldViolation violation) {
    violations.add(violation);
    return this;
  }

  public Violations addAll(List<FieldViolation> more) {
    violations.addAll(more);
    return this;
  }

  /**
   * A text's length in characters (code points) must be between {@code min} and {@code max}:
   * "required" when a needed text is missing, otherwise the bound it breaks.
   */
  public Violations text(String value, String field, int min, int max) {
    int length = value.codePointCount(0, value.length());
    if (length < min) {
      add(field, min == 1 ? "required" : "must have at least " + min + " characters");
    } else if (length > max) {
      add(field, "must have at most " + max + " characters");
    }
    return this;
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  public List<FieldViolation> list() {
    return List.copyOf(violations);
  }

  /** Throws INVALID_ARGUMENT listing every collected violation, if there are any. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw ApiException.invalid(List.copyOf(violations));
    }
  }
}
