package io.creatorgov.incentive.domain;

import java.time.Instant;

/** An interval a programme spent PAUSED; {@code end} is null while it is still paused. */
public record PausedInterval(Instant start, Instant end) {

  public boolean open() {
    return end == null;
  }

  public PausedInterval closedAt(Instant at) {
    return new PausedInterval(start, at);
  }
}
