package io.creatorgov.enforcement.domain;

import java.time.Duration;

/** Argument checks of the domain's records: a broken rule is an IllegalArgumentException. */
final class Checks {
  private Checks() {}

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}
