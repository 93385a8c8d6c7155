package io.creatorgov.incentive.domain;

import java.util.List;

/**
 * One reward an enrolled creator earns. {@link Missing} stands for a rule whose kind was not given,
 * so that {@link ProgramRules} reports it with every other problem of the request.
 */
public sealed interface RewardRule {

  /** The rule's kind; null for {@link Missing}. */
  RewardKind kind();

  /** Extra commission in basis points of attributed GMV (1–10,000). */
  record CommissionBonus(int bonusBps) implements RewardRule {
    @Override
    public RewardKind kind() {
      return RewardKind.COMMISSION_BONUS;
    }
  }

  /** A recommendation traffic multiplier in per-mille (1,001–5,000). */
  record TrafficBoost(int multiplierPermille) implements RewardRule {
    @Override
    public RewardKind kind() {
      return RewardKind.TRAFFIC_BOOST;
    }
  }

  /** Fixed cash for reaching cumulative GMV milestones, strictly ascending (1–20). */
  record GmvMilestoneCash(List<GmvMilestone> milestones) implements RewardRule {
    public GmvMilestoneCash {
      milestones = List.copyOf(milestones);
    }

    @Override
    public RewardKind kind() {
      return RewardKind.GMV_MILESTONE_CASH;
    }
  }

  /** Cash as basis points of attributed GMV (1–10,000). */
  record GmvShareCash(int shareBps) implements RewardRule {
    @Override
    public RewardKind kind() {
      return RewardKind.GMV_SHARE_CASH;
    }
  }

  /** A rule with no kind set: never valid. */
  record Missing() implements RewardRule {
    @Override
    public RewardKind kind() {
      return null;
    }
  }
}
