package io.creatorgov.policy.domain;

import io.creatorgov.kit.error.FieldViolation;
import java.util.Optional;
import java.util.regex.Pattern;

/** Policy keys: lower-case dot-separated segments, for example {@code live.prohibited-items}. */
public final class PolicyKeys {
  private static final Pattern KEY = Pattern.compile("^[a-z0-9-]+(\\.[a-z0-9-]+)+$");

  private PolicyKeys() {}

  public static boolean isValid(String key) {
    return key != null && key.length() >= 3 && key.length() <= 128 && KEY.matcher(key).matches();
  }

  /** A violation of {@code field} unless {@code key} is a valid policy key. */
  public static Optional<FieldViolation> check(String key, String field) {
    if (key == null || key.isEmpty()) {
      return Optional.of(new FieldViolation(field, "required"));
    }
    if (!isValid(key)) {
      return Optional.of(
          new FieldViolation(
              field,
              "must be 3-128 characters of lower-case dot-separated segments of [a-z0-9-], for"
                  + " example live.prohibited-items"));
    }
    return Optional.empty();
  }
}
