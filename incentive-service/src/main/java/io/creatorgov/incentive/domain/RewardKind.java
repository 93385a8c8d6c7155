package io.creatorgov.incentive.domain;

/** The kinds of reward a programme offers; at most one rule of each kind per programme. */
public enum RewardKind {
  COMMISSION_BONUS(true),
  TRAFFIC_BOOST(false),
  GMV_MILESTONE_CASH(true),
  GMV_SHARE_CASH(true);

  private final boolean monetary;

  RewardKind(boolean monetary) {
    this.monetary = monetary;
  }

  /** Whether the reward is paid from the programme's budget. */
  public boolean monetary() {
    return monetary;
  }
}
