package io.creatorgov.incentive.domain;

/**
 * One thing wrong with a programme's settings: the request field ({@code program.window.end_time})
 * and what to fix.
 */
public record Problem(String field, String description, Kind kind) {

  /** The kind of problem: most are plain invalid values; money in a foreign currency is its own. */
  public enum Kind {
    INVALID,
    CURRENCY_MISMATCH
  }

  static Problem invalid(String field, String description) {
    return new Problem(field, description, Kind.INVALID);
  }
}
