package io.creatorgov.incentive.domain;

import io.creatorgov.kit.money.MoneyAmount;
import java.util.List;

/**
 * What one monetary rule asks for from one record, before budget limits: positive for an accrual,
 * negative for a reversal.
 *
 * @param milestoneIndexes GMV milestone cash only: the milestones reached (accrual) or un-reached
 *     (reversal), ascending
 */
public record AccrualClaim(RewardKind kind, List<Integer> milestoneIndexes, MoneyAmount requested) {
  public AccrualClaim {
    milestoneIndexes = List.copyOf(milestoneIndexes);
  }
}
