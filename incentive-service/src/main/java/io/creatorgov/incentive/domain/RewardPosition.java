package io.creatorgov.incentive.domain;

import io.creatorgov.kit.money.MoneyAmount;
import java.util.List;

/**
 * What one creator has earned in one programme, per rule: the cumulative net GMV of the records
 * that could accrue, the amount granted per GMV-based rule and per milestone, and the net accrual
 * counted against the per-creator cap.
 *
 * @param milestoneGranted granted per milestone index (0 when not reached or capped to nothing)
 */
public record RewardPosition(
    MoneyAmount cumulativeGmv,
    MoneyAmount bonusGranted,
    MoneyAmount shareGranted,
    List<MoneyAmount> milestoneGranted,
    MoneyAmount netAccrued) {

  public RewardPosition {
    milestoneGranted = List.copyOf(milestoneGranted);
  }

  /** A creator with nothing recorded yet, for a programme with {@code milestones} milestones. */
  public static RewardPosition empty(java.util.Currency currency, int milestones) {
    MoneyAmount zero = MoneyAmount.zero(currency);
    return new RewardPosition(
        zero, zero, zero, java.util.Collections.nCopies(milestones, zero), zero);
  }

  /** Granted for milestone {@code index}; 0 for an index the stored position does not know. */
  public MoneyAmount milestone(int index) {
    return index < milestoneGranted.size()
        ? milestoneGranted.get(index)
        : MoneyAmount.zero(netAccrued.currency());
  }
}
