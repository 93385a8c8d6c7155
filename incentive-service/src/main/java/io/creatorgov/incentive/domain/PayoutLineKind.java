package io.creatorgov.incentive.domain;

/** What a payout line is for: one reward kind's share, an adjustment or a clawback. */
public enum PayoutLineKind {
  COMMISSION_BONUS,
  GMV_MILESTONE_CASH,
  GMV_SHARE_CASH,
  ADJUSTMENT,
  CLAWBACK;

  /** The line of a monetary reward kind's share. */
  public static PayoutLineKind of(RewardKind kind) {
    return valueOf(kind.name());
  }
}
