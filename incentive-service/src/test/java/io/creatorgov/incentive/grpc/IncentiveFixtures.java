package io.creatorgov.incentive.grpc;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.incentive.v1.CommissionBonusReward;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.EligibilityCriteria;
import io.creatorgov.incentive.v1.GmvMilestone;
import io.creatorgov.incentive.v1.GmvMilestoneCashReward;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.SuspensionSettlementRule;
import io.creatorgov.incentive.v1.TrafficBoostReward;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Requests and ids for the incentive tests. */
final class IncentiveFixtures {
  private IncentiveFixtures() {}

  static String requestId() {
    return "req-" + UUID.randomUUID();
  }

  static String uniqueName(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  static Money money(long minor, String currency) {
    return Money.newBuilder().setAmountMinor(minor).setCurrencyCode(currency).build();
  }

  static TimeWindow window(Instant start, Instant end) {
    return TimeWindow.newBuilder()
        .setStartTime(ProtoTime.of(start))
        .setEndTime(ProtoTime.of(end))
        .build();
  }

  /** From tomorrow for 30 days, whole seconds. */
  static TimeWindow nextMonth() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1));
    return window(start, start.plus(Duration.ofDays(30)));
  }

  /**
   * A Malaysian programme: 2 % commission bonus, 1.5× boost and two GMV milestones; SILVER or
   * better, ACTIVE only, beauty or fashion; budget 10,000.00 MYR, cap 500.00 MYR; pro-rated.
   */
  static Program.Builder program(String name) {
    return Program.newBuilder()
        .setDisplayName(name)
        .setDescription("Extra commission and traffic for the sale")
        .setMarket("MY")
        .setWindow(nextMonth())
        .addRewards(
            RewardRule.newBuilder()
                .setCommissionBonus(CommissionBonusReward.newBuilder().setBonusBps(200)))
        .addRewards(
            RewardRule.newBuilder()
                .setTrafficBoost(TrafficBoostReward.newBuilder().setMultiplierPermille(1_500)))
        .addRewards(
            RewardRule.newBuilder()
                .setGmvMilestoneCash(
                    GmvMilestoneCashReward.newBuilder()
                        .addMilestones(
                            GmvMilestone.newBuilder()
                                .setGmvThreshold(money(1_000_000, "MYR"))
                                .setCashReward(money(10_000, "MYR")))
                        .addMilestones(
                            GmvMilestone.newBuilder()
                                .setGmvThreshold(money(5_000_000, "MYR"))
                                .setCashReward(money(40_000, "MYR")))))
        .setEligibility(
            EligibilityCriteria.newBuilder()
                .setMinimumTier(CreatorTier.CREATOR_TIER_SILVER)
                .setMaximumActiveViolationPoints(6)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE)
                .addCategories("beauty")
                .addCategories("fashion"))
        .setBudget(
            ProgramBudget.newBuilder()
                .setTotal(money(1_000_000, "MYR"))
                .setPerCreatorCap(money(50_000, "MYR")))
        .setSuspensionSettlementRule(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
  }

  /**
   * A Malaysian creator who meets every condition of {@link #program}: ACTIVE, GOLD, beauty, no
   * restriction.
   */
  static io.creatorgov.creator.v1.Creator.Builder eligibleCreator(String creatorId) {
    return io.creatorgov.creator.v1.Creator.newBuilder()
        .setCreatorId(creatorId)
        .setMarket("MY")
        .setHandle("handle-" + creatorId)
        .setDisplayName("Creator " + creatorId)
        .setStatus(CreatorStatus.CREATOR_STATUS_ACTIVE)
        .setTier(CreatorTier.CREATOR_TIER_GOLD)
        .addCategories("beauty");
  }

  /** A points-ladder standing of {@code points} active points in {@code market}. */
  static io.creatorgov.enforcement.v1.CreatorStanding points(
      String creatorId, String market, int points) {
    return io.creatorgov.enforcement.v1.CreatorStanding.newBuilder()
        .setCreatorId(creatorId)
        .setMarket(market)
        .setModelKind(io.creatorgov.common.v1.StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER)
        .setPointsLadder(
            io.creatorgov.enforcement.v1.PointsLadderView.newBuilder().setActivePoints(points))
        .build();
  }

  static CreateProgramRequest create(Program.Builder program) {
    return CreateProgramRequest.newBuilder().setRequestId(requestId()).setProgram(program).build();
  }
}
