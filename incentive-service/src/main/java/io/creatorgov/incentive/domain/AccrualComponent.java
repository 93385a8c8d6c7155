package io.creatorgov.incentive.domain;

import io.creatorgov.kit.money.MoneyAmount;
import java.util.List;

/** The accrual of one monetary rule for one record: asked for, booked, and what reduced it. */
public record AccrualComponent(
    RewardKind kind,
    List<Integer> milestoneIndexes,
    MoneyAmount requested,
    MoneyAmount granted,
    AccrualCapReason cappedBy) {
  public AccrualComponent {
    milestoneIndexes = List.copyOf(milestoneIndexes);
  }
}
