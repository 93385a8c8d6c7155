package io.creatorgov.incentive.domain;

import java.time.Instant;

/**
 * The period in which performance earns rewards, [start, end). Either bound is null only in a
 * request that left it out ({@link ProgramRules} reports it).
 */
public record ProgramWindow(Instant start, Instant end) {

  /** Whether the window is over at {@code now}. */
  public boolean endedAt(Instant now) {
    return end != null && !now.isBefore(end);
  }
}
