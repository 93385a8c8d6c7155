package io.creatorgov.incentive.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of the sliced budget (ADR 0006). A programme's budget is split into slices whose
 * allotments add up to the total; a creator draws from (or gives back to) its home slice when that
 * slice alone can take the whole change, and otherwise every slice is locked and {@link #settle}
 * applies the change against the whole budget and spreads what is committed and what remains evenly
 * over the slices again.
 */
public final class BudgetSlices {
  private BudgetSlices() {}

  /** The end game's outcome: the change applied (signed) and the slices to write. */
  public record Settled(long applied, List<BudgetSlice> slices, long remaining) {
    public Settled {
      slices = List.copyOf(slices);
    }
  }

  /** A creator's home slice among {@code n}: stable for a creator id. */
  public static int home(String creatorId, int n) {
    return Math.floorMod(creatorId.hashCode(), n);
  }

  /**
   * Applies {@code delta} against the whole budget {@code total} seen through every slice (all
   * locked): an accrual gets at most what remains, a give-back never takes the committed total
   * below zero; then the committed and remaining totals are spread evenly (remainders to the lowest
   * slices), so the allotments still add up to the total and every slice has room again.
   */
  public static Settled settle(List<BudgetSlice> locked, long total, long delta) {
    long committed = locked.stream().mapToLong(BudgetSlice::committed).sum();
    long room = Math.max(0, total - committed);
    long applied = delta >= 0 ? Math.min(delta, room) : Math.max(delta, -committed);
    long committedAfter = committed + applied;
    long remaining = Math.max(0, total - committedAfter);
    int n = locked.size();
    List<BudgetSlice> spread = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long c = share(committedAfter, n, i);
      spread.add(new BudgetSlice(locked.get(i).sliceNo(), c + share(remaining, n, i), c));
    }
    return new Settled(applied, spread, remaining);
  }

  private static long share(long amount, int n, int i) {
    return amount / n + (i < amount % n ? 1 : 0);
  }
}
