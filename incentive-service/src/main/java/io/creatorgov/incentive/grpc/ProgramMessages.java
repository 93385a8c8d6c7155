package io.creatorgov.incentive.grpc;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.incentive.domain.Budget;
import io.creatorgov.incentive.domain.Eligibility;
import io.creatorgov.incentive.domain.EligibleStatus;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.domain.ProgramWindow;
import io.creatorgov.incentive.domain.SuspensionRule;
import io.creatorgov.incentive.domain.Tier;
import io.creatorgov.incentive.v1.CommissionBonusReward;
import io.creatorgov.incentive.v1.EligibilityCriteria;
import io.creatorgov.incentive.v1.GmvMilestoneCashReward;
import io.creatorgov.incentive.v1.GmvShareCashReward;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.SuspensionSettlementRule;
import io.creatorgov.incentive.v1.TrafficBoostReward;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.time.ProtoTime;
import java.util.ArrayList;
import java.util.List;

/** The programme's parts between the contract's messages and the domain's values, both ways. */
final class ProgramMessages {
  private ProgramMessages() {}

  // ---- contract → domain ------------------------------------------------------------------------

  static ProgramWindow window(boolean present, TimeWindow w) {
    if (!present) {
      return new ProgramWindow(null, null);
    }
    return new ProgramWindow(
        w.hasStartTime() ? ProtoTime.toInstant(w.getStartTime()) : null,
        w.hasEndTime() ? ProtoTime.toInstant(w.getEndTime()) : null);
  }

  static List<io.creatorgov.incentive.domain.RewardRule> rewards(
      List<io.creatorgov.incentive.v1.RewardRule> rules) {
    return rules.stream().map(ProgramMessages::reward).toList();
  }

  static io.creatorgov.incentive.domain.RewardRule reward(io.creatorgov.incentive.v1.RewardRule r) {
    return switch (r.getKindCase()) {
      case COMMISSION_BONUS ->
          new io.creatorgov.incentive.domain.RewardRule.CommissionBonus(
              r.getCommissionBonus().getBonusBps());
      case TRAFFIC_BOOST ->
          new io.creatorgov.incentive.domain.RewardRule.TrafficBoost(
              r.getTrafficBoost().getMultiplierPermille());
      case GMV_MILESTONE_CASH ->
          new io.creatorgov.incentive.domain.RewardRule.GmvMilestoneCash(
              r.getGmvMilestoneCash().getMilestonesList().stream()
                  .map(ProgramMessages::milestone)
                  .toList());
      case GMV_SHARE_CASH ->
          new io.creatorgov.incentive.domain.RewardRule.GmvShareCash(
              r.getGmvShareCash().getShareBps());
      case KIND_NOT_SET -> new io.creatorgov.incentive.domain.RewardRule.Missing();
    };
  }

  private static io.creatorgov.incentive.domain.GmvMilestone milestone(
      io.creatorgov.incentive.v1.GmvMilestone m) {
    return new io.creatorgov.incentive.domain.GmvMilestone(
        m.hasGmvThreshold() ? money(m.getGmvThreshold()) : null,
        m.hasCashReward() ? money(m.getCashReward()) : null);
  }

  static io.creatorgov.incentive.domain.Money money(io.creatorgov.common.v1.Money m) {
    return new io.creatorgov.incentive.domain.Money(m.getAmountMinor(), m.getCurrencyCode());
  }

  static Eligibility eligibility(boolean present, EligibilityCriteria e) {
    if (!present) {
      return Eligibility.none();
    }
    List<EligibleStatus> statuses = new ArrayList<>();
    for (int i = 0; i < e.getAllowedStatusesCount(); i++) {
      statuses.add(status(e.getAllowedStatuses(i), i));
    }
    return new Eligibility(
        tier(e.getMinimumTier()),
        e.hasMaximumActiveViolationPoints() ? e.getMaximumActiveViolationPoints() : null,
        e.hasMinimumHealthScore() ? e.getMinimumHealthScore() : null,
        statuses,
        e.getCategoriesList());
  }

  private static Tier tier(CreatorTier tier) {
    return switch (tier) {
      case CREATOR_TIER_UNSPECIFIED -> null;
      case CREATOR_TIER_BRONZE -> Tier.BRONZE;
      case CREATOR_TIER_SILVER -> Tier.SILVER;
      case CREATOR_TIER_GOLD -> Tier.GOLD;
      case CREATOR_TIER_PLATINUM -> Tier.PLATINUM;
      case UNRECOGNIZED ->
          throw ApiException.invalid("program.eligibility.minimum_tier", "unknown tier");
    };
  }

  private static EligibleStatus status(CreatorStatus status, int index) {
    return switch (status) {
      case CREATOR_STATUS_ACTIVE -> EligibleStatus.ACTIVE;
      case CREATOR_STATUS_RESTRICTED -> EligibleStatus.RESTRICTED;
      default ->
          throw ApiException.invalid(
              "program.eligibility.allowed_statuses[" + index + "]",
              "only CREATOR_STATUS_ACTIVE or CREATOR_STATUS_RESTRICTED: creators in any other"
                  + " status are never eligible");
    };
  }

  static Budget budget(boolean present, ProgramBudget b) {
    if (!present) {
      return null;
    }
    return new Budget(
        b.hasTotal() ? money(b.getTotal()) : null,
        b.hasPerCreatorCap() ? money(b.getPerCreatorCap()) : null);
  }

  static SuspensionRule suspensionRule(SuspensionSettlementRule rule) {
    return switch (rule) {
      case SUSPENSION_SETTLEMENT_RULE_FORFEIT -> SuspensionRule.FORFEIT;
      case SUSPENSION_SETTLEMENT_RULE_PRO_RATE -> SuspensionRule.PRO_RATE;
      default -> null;
    };
  }

  /** A state filter: UNSPECIFIED means any (null). */
  static ProgramState stateFilter(io.creatorgov.incentive.v1.ProgramState state) {
    return switch (state) {
      case PROGRAM_STATE_UNSPECIFIED -> null;
      case PROGRAM_STATE_DRAFT -> ProgramState.DRAFT;
      case PROGRAM_STATE_ACTIVE -> ProgramState.ACTIVE;
      case PROGRAM_STATE_PAUSED -> ProgramState.PAUSED;
      case PROGRAM_STATE_ENDED -> ProgramState.ENDED;
      case PROGRAM_STATE_SETTLED -> ProgramState.SETTLED;
      case UNRECOGNIZED -> throw ApiException.invalid("state", "unknown programme state");
    };
  }

  static List<PausedInterval> pausedIntervals(List<TimeWindow> windows) {
    return windows.stream()
        .map(
            w ->
                new PausedInterval(
                    ProtoTime.toInstant(w.getStartTime()),
                    w.hasEndTime() ? ProtoTime.toInstant(w.getEndTime()) : null))
        .toList();
  }

  // ---- domain → contract ------------------------------------------------------------------------

  static TimeWindow window(ProgramWindow w) {
    return TimeWindow.newBuilder()
        .setStartTime(ProtoTime.of(w.start()))
        .setEndTime(ProtoTime.of(w.end()))
        .build();
  }

  static TimeWindow interval(PausedInterval interval) {
    TimeWindow.Builder w = TimeWindow.newBuilder().setStartTime(ProtoTime.of(interval.start()));
    if (interval.end() != null) {
      w.setEndTime(ProtoTime.of(interval.end()));
    }
    return w.build();
  }

  static io.creatorgov.incentive.v1.RewardRule reward(
      io.creatorgov.incentive.domain.RewardRule rule) {
    var r = io.creatorgov.incentive.v1.RewardRule.newBuilder();
    if (rule instanceof io.creatorgov.incentive.domain.RewardRule.CommissionBonus b) {
      r.setCommissionBonus(CommissionBonusReward.newBuilder().setBonusBps(b.bonusBps()));
    } else if (rule instanceof io.creatorgov.incentive.domain.RewardRule.TrafficBoost t) {
      r.setTrafficBoost(
          TrafficBoostReward.newBuilder().setMultiplierPermille(t.multiplierPermille()));
    } else if (rule instanceof io.creatorgov.incentive.domain.RewardRule.GmvShareCash s) {
      r.setGmvShareCash(GmvShareCashReward.newBuilder().setShareBps(s.shareBps()));
    } else if (rule instanceof io.creatorgov.incentive.domain.RewardRule.GmvMilestoneCash m) {
      var cash = GmvMilestoneCashReward.newBuilder();
      m.milestones().forEach(ms -> cash.addMilestones(milestone(ms)));
      r.setGmvMilestoneCash(cash);
    }
    return r.build();
  }

  private static io.creatorgov.incentive.v1.GmvMilestone milestone(
      io.creatorgov.incentive.domain.GmvMilestone m) {
    return io.creatorgov.incentive.v1.GmvMilestone.newBuilder()
        .setGmvThreshold(money(m.gmvThreshold()))
        .setCashReward(money(m.cashReward()))
        .build();
  }

  static io.creatorgov.common.v1.Money money(io.creatorgov.incentive.domain.Money m) {
    return io.creatorgov.common.v1.Money.newBuilder()
        .setAmountMinor(m.amountMinor())
        .setCurrencyCode(m.currencyCode())
        .build();
  }

  static EligibilityCriteria eligibility(Eligibility e) {
    var c = EligibilityCriteria.newBuilder();
    if (e.minimumTier() != null) {
      c.setMinimumTier(CreatorTier.valueOf("CREATOR_TIER_" + e.minimumTier().name()));
    }
    if (e.maximumActiveViolationPoints() != null) {
      c.setMaximumActiveViolationPoints(e.maximumActiveViolationPoints());
    }
    if (e.minimumHealthScore() != null) {
      c.setMinimumHealthScore(e.minimumHealthScore());
    }
    e.allowedStatuses()
        .forEach(s -> c.addAllowedStatuses(CreatorStatus.valueOf("CREATOR_STATUS_" + s.name())));
    c.addAllCategories(e.categories());
    return c.build();
  }

  static ProgramBudget budget(Budget b) {
    var budget = ProgramBudget.newBuilder().setTotal(money(b.total()));
    if (b.perCreatorCap() != null) {
      budget.setPerCreatorCap(money(b.perCreatorCap()));
    }
    return budget.build();
  }

  static SuspensionSettlementRule suspensionRule(SuspensionRule rule) {
    return SuspensionSettlementRule.valueOf("SUSPENSION_SETTLEMENT_RULE_" + rule.name());
  }

  static io.creatorgov.incentive.v1.ProgramState state(ProgramState state) {
    return io.creatorgov.incentive.v1.ProgramState.valueOf("PROGRAM_STATE_" + state.name());
  }
}
