package io.creatorgov.policy.domain;

import com.google.protobuf.Duration;
import io.creatorgov.kit.error.Violations;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks shared by the per-kind content rules: field paths, enum presence, text lengths, numeric
 * ranges, list sizes, durations in whole days and violation codes. Each check adds what it finds to
 * the given {@link Violations}, so a validator's findings stay in the order it checks them.
 */
final class RuleChecks {
  static final long DAY = 86_400;
  static final int MAX_BPS = 10_000;
  static final int MAX_SCORE = 1_000;
  private static final Pattern VIOLATION_CODE = Pattern.compile("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$");

  private RuleChecks() {}

  /** {@code parent.child}, or just {@code child} at the root. */
  static String at(String parent, String child) {
    return parent == null || parent.isEmpty() ? child : parent + "." + child;
  }

  /** {@code list[index]}. */
  static String item(String list, int index) {
    return list + "[" + index + "]";
  }

  /** True for an enum value that is neither the zero value nor unrecognized. */
  static boolean known(Enum<?> value, Enum<?> unspecified) {
    return value != unspecified && !value.name().equals("UNRECOGNIZED");
  }

  /** An action type's or tier's name without its enum prefix, e.g. BAN, GOLD. */
  static String shortName(Enum<?> value) {
    return value.name().replaceFirst("^(ENFORCEMENT_ACTION_TYPE|CREATOR_TIER)_", "");
  }

  /** Checks a length in characters (blank counts as missing when required); true when valid. */
  static boolean text(Violations v, String value, String path, int min, int max) {
    int length = value.codePointCount(0, value.length());
    if (min > 0 && value.isBlank()) {
      v.add(path, "required: %d–%s characters".formatted(min, format(max)));
      return false;
    }
    if (length > max) {
      v.add(path, "must be at most %s characters, got %s".formatted(format(max), format(length)));
      return false;
    }
    return true;
  }

  /** Checks {@code min <= value <= max}; true when it holds. */
  static boolean range(Violations v, long value, String path, long min, long max) {
    if (value >= min && value <= max) {
      return true;
    }
    String bound =
        max == Long.MAX_VALUE ? format(min) + " or more" : format(min) + "–" + format(max);
    v.add(path, "must be %s, got %s".formatted(bound, format(value)));
    return false;
  }

  static void maxCount(Violations v, int count, String path, int max, String what) {
    if (count > max) {
      v.add(path, "at most %d %s allowed, got %d".formatted(max, what, count));
    }
  }

  static void countBetween(Violations v, int count, String path, int max, String what) {
    if (count == 0) {
      v.add(path, "required: 1–%d %s".formatted(max, what));
    }
    maxCount(v, count, path, max, what);
  }

  /** A required duration in whole days, 1 to {@code maxDays} days. */
  static void days(Violations v, boolean present, Duration d, String path, int maxDays) {
    if (!present) {
      v.add(path, "required: whole days, 1–%d days (1 day = 86400s)".formatted(maxDays));
    } else if (d.getNanos() != 0 || d.getSeconds() % DAY != 0 || d.getSeconds() < DAY) {
      v.add(
          path,
          "must be whole days, 1–%d days (1 day = 86400s), got %s".formatted(maxDays, show(d)));
    } else if (d.getSeconds() > maxDays * DAY) {
      v.add(path, "must be at most %d days, got %d days".formatted(maxDays, d.getSeconds() / DAY));
    }
  }

  /** A violation code (catalogue entries, repeat-offence rules), or {@code *} when wildcard. */
  static void violationCode(String code, String path, boolean wildcard, Violations v) {
    String expected =
        "an UPPER_SNAKE_CASE code of 2–64 characters matching " + VIOLATION_CODE.pattern();
    if (wildcard) {
      expected += ", or * for any code";
    }
    if (code.isEmpty()) {
      v.add(path, "required: " + expected);
    } else if (!(wildcard && code.equals("*"))
        && (code.length() < 2 || code.length() > 64 || !VIOLATION_CODE.matcher(code).matches())) {
      v.add(path, "must be %s, got '%s'".formatted(expected, code));
    }
  }

  static String show(Duration d) {
    return d.getNanos() == 0
        ? d.getSeconds() + "s"
        : "%d.%09ds".formatted(d.getSeconds(), d.getNanos());
  }

  static String format(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
