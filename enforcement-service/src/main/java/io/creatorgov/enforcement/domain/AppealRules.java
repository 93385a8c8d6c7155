package io.creatorgov.enforcement.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The rules of appeals and of the money that waits for them (DSA art. 20; the contract's
 * CommissionHold "one clock"), as pure functions.
 */
public final class AppealRules {
  private AppealRules() {}

  /** Why an action cannot be appealed now; {@link #NONE} when it can. */
  public enum FilingRefusal {
    NONE,
    /** The action was reversed, overturned or modified: nothing left to appeal. */
    ACTION_CLOSED,
    /** A replacement issued by an appeal decision: it was the outcome of the one appeal. */
    REPLACEMENT_ACTION,
    /** The appeal deadline has passed (or the action has no appeal window). */
    WINDOW_CLOSED
  }

  /**
   * Whether an action in {@code actionState} of {@code origin}, with its appeal deadline ({@code
   * null}: no internal appeal), can be appealed at {@code now}. One appeal per action is the
   * database's rule (a unique key), not this one's.
   */
  public static FilingRefusal canFile(
      String actionState, String origin, Instant deadline, Instant now) {
    if (!isReversible(actionState)) {
      return FilingRefusal.ACTION_CLOSED;
    }
    if ("APPEAL_MODIFICATION".equals(origin)) {
      return FilingRefusal.REPLACEMENT_ACTION;
    }
    if (deadline == null || !now.isBefore(deadline)) {
      return FilingRefusal.WINDOW_CLOSED;
    }
    return FilingRefusal.NONE;
  }

  /**
   * Whether an action in {@code state} can still be undone (appeal, reversal): PENDING, APPLIED and
   * EXPIRED can; REVERSED, OVERTURNED and MODIFIED are final.
   */
  public static boolean isReversible(String state) {
    return "PENDING".equals(state) || "APPLIED".equals(state) || "EXPIRED".equals(state);
  }

  /**
   * When a hold is settled at the latest if no appeal is open: the later of its sales window's end
   * and the action's appeal deadline (null: none).
   */
  public static Instant settleTime(Instant salesEnd, Instant appealDeadline) {
    return appealDeadline != null && appealDeadline.isAfter(salesEnd) ? appealDeadline : salesEnd;
  }

  /**
   * What the settlement job does with a HELD hold at {@code now}: nothing before {@code settleAt}
   * or while an appeal is open; otherwise forfeit it, because nobody appealed or the appeal was
   * withdrawn. (Decided appeals settle their hold themselves.)
   *
   * @param appeal the action's appeal state; null when none was filed
   */
  public static Optional<HoldSettlement> dueSettlement(
      Instant now, Instant settleAt, AppealState appeal) {
    if (now.isBefore(settleAt) || (appeal != null && appeal.isOpen())) {
      return Optional.empty();
    }
    return Optional.of(
        appeal == AppealState.WITHDRAWN
            ? HoldSettlement.APPEAL_WITHDRAWN
            : HoldSettlement.NOT_APPEALED);
  }

  /**
   * Whether withdrawing an appeal at {@code now} forfeits the hold at once (its settle time has
   * passed) rather than leaving it HELD until then.
   */
  public static boolean withdrawalForfeitsNow(Instant now, Instant settleAt) {
    return !now.isBefore(settleAt);
  }
}
