package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The appeal deadline of an action: decision time plus the market's appeal window, pinned at
 * decision. The deadline is the last instant at which an appeal is accepted (the contract's {@code
 * Redress.appeal_deadline_time}), so the window is open up to and including it.
 */
public final class AppealWindow {

  private AppealWindow() {}

  /** {@code decided + window}: the last instant an appeal is accepted. */
  public static Instant deadline(Instant decided, Duration window) {
    Objects.requireNonNull(decided, "decided");
    Objects.requireNonNull(window, "window");
    Checks.require(Checks.positive(window), "appeal window must be positive, got " + window);
    return decided.plus(window);
  }

  /** Whether an appeal filed at {@code now} is in time: {@code now <= deadline}. */
  public static boolean isOpen(Instant decided, Duration window, Instant now) {
    Objects.requireNonNull(now, "now");
    return !now.isAfter(deadline(decided, window));
  }
}
