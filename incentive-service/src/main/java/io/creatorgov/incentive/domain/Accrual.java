package io.creatorgov.incentive.domain;

import io.creatorgov.kit.money.MoneyAmount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The accrual rules of RecordPerformance, pure: whether a record may accrue at all, what each
 * monetary rule asks for, how the room under the per-creator cap and the budget is allocated in the
 * programme's rule order, and the creator's position afterwards. Exact minor-unit arithmetic
 * ({@link MoneyAmount}); shares are rounded down.
 */
public final class Accrual {
  private Accrual() {}

  /** An allocation: the components in rule order, their total and the limit that bound, if any. */
  public record Grant(
      List<AccrualComponent> components, MoneyAmount requested, MoneyAmount granted) {
    public Grant {
      components = List.copyOf(components);
    }

    /** The first limit that reduced a component; NONE when everything asked for was granted. */
    public AccrualCapReason cappedBy() {
      return components.stream()
          .map(AccrualComponent::cappedBy)
          .filter(c -> c != AccrualCapReason.NONE)
          .findFirst()
          .orElse(AccrualCapReason.NONE);
    }
  }

  // ---- may it accrue at all -----------------------------------------------------------------

  /** Why a record in {@code s} accrues nothing, or NONE. */
  public static NonAccrualReason whyNot(AccrualSituation s) {
    Instant at = s.at();
    if (s.programState() == ProgramState.SETTLED) {
      return NonAccrualReason.PROGRAM_SETTLED;
    }
    if (at.isBefore(s.window().start())
        || !at.isBefore(s.window().end())
        || (s.endedTime() != null && !at.isBefore(s.endedTime()))) {
      return NonAccrualReason.OUTSIDE_WINDOW;
    }
    if (s.pausedIntervals().stream().anyMatch(i -> within(i, at))) {
      return NonAccrualReason.PROGRAM_PAUSED;
    }
    if (at.isBefore(s.enrollTime())) {
      return NonAccrualReason.BEFORE_ENROLLMENT;
    }
    boolean sinceChange = !at.isBefore(s.enrollmentChangeTime());
    if (sinceChange
        && (s.enrollmentState() == EnrollmentState.WITHDRAWN
            || s.enrollmentState() == EnrollmentState.DISQUALIFIED)) {
      return NonAccrualReason.ENROLLMENT_ENDED;
    }
    if ((sinceChange && s.enrollmentState() == EnrollmentState.PAUSED)
        || s.inactiveIntervals().stream().anyMatch(i -> within(i, at))) {
      return NonAccrualReason.ENROLLMENT_PAUSED;
    }
    if (!s.monetary()) {
      return NonAccrualReason.NO_MONETARY_REWARD;
    }
    return NonAccrualReason.NONE;
  }

  /**
   * Why a record withheld while the enrolment was inactive accrues nothing when the action behind
   * the interval is overturned or reversed, or NONE: its window and programme checks held when it
   * was recorded (it was withheld for the enrolment alone) and the programme's settlement does not
   * stand in the way (a settled programme books the reinstatement and adjusts the settlement), so
   * only a programme without monetary reward leaves it at nothing.
   */
  public static NonAccrualReason whyNotReinstated(boolean monetary) {
    return monetary ? NonAccrualReason.NONE : NonAccrualReason.NO_MONETARY_REWARD;
  }

  private static boolean within(PausedInterval i, Instant at) {
    return !at.isBefore(i.start()) && (i.open() || at.isBefore(i.end()));
  }

  // ---- what the rules ask for ---------------------------------------------------------------

  /**
   * What each monetary rule asks for from a record of {@code gmv}, in rule order. A positive (or
   * zero) GMV earns commission bonus and GMV share on the GMV and the cash of every milestone the
   * cumulative GMV newly reaches; a negative GMV takes back the same shares (never more than the
   * rule has granted) and the cash granted for every milestone it un-reaches.
   */
  public static List<AccrualClaim> claims(
      List<RewardRule> rules, RewardPosition before, MoneyAmount gmv) {
    List<AccrualClaim> claims = new ArrayList<>();
    for (RewardRule rule : rules) {
      if (rule instanceof RewardRule.CommissionBonus b) {
        claims.add(share(rule.kind(), b.bonusBps(), gmv, before.bonusGranted()));
      } else if (rule instanceof RewardRule.GmvShareCash s) {
        claims.add(share(rule.kind(), s.shareBps(), gmv, before.shareGranted()));
      } else if (rule instanceof RewardRule.GmvMilestoneCash m) {
        claims.add(milestones(m, before, gmv));
      }
    }
    return claims;
  }

  private static AccrualClaim share(RewardKind kind, int bps, MoneyAmount gmv, MoneyAmount held) {
    if (!gmv.isNegative()) {
      return new AccrualClaim(kind, List.of(), gmv.timesBasisPoints(bps));
    }
    MoneyAmount due = zero(gmv).minus(gmv).timesBasisPoints(bps).min(held);
    return new AccrualClaim(kind, List.of(), zero(gmv).minus(due));
  }

  private static AccrualClaim milestones(
      RewardRule.GmvMilestoneCash rule, RewardPosition before, MoneyAmount gmv) {
    long from = before.cumulativeGmv().amountMinor();
    long to = from + gmv.amountMinor();
    List<Integer> indexes = new ArrayList<>();
    MoneyAmount requested = zero(gmv);
    for (int i = 0; i < rule.milestones().size(); i++) {
      GmvMilestone milestone = rule.milestones().get(i);
      long threshold = milestone.gmvThreshold().amountMinor();
      if (from < threshold && threshold <= to) {
        indexes.add(i);
        requested =
            requested.plus(new MoneyAmount(milestone.cashReward().amountMinor(), gmv.currency()));
      } else if (to < threshold && threshold <= from) {
        indexes.add(i);
        requested = requested.minus(before.milestone(i));
      }
    }
    return new AccrualClaim(RewardKind.GMV_MILESTONE_CASH, indexes, requested);
  }

  // ---- what fits ----------------------------------------------------------------------------

  /** The room under the per-creator cap; null when the programme has no cap. */
  public static MoneyAmount capRoom(MoneyAmount cap, RewardPosition position) {
    if (cap == null) {
      return null;
    }
    MoneyAmount room = cap.minus(position.netAccrued());
    return room.isNegative() ? zero(cap) : room;
  }

  /** The total the claims ask for (signed). */
  public static MoneyAmount requested(List<AccrualClaim> claims, MoneyAmount zero) {
    MoneyAmount total = zero;
    for (AccrualClaim c : claims) {
      total = total.plus(c.requested());
    }
    return total;
  }

  /**
   * What to ask the budget for: the positive claims' total, at most the cap room. Zero for a
   * reversal (a reversal gives budget back and is never capped).
   */
  public static MoneyAmount budgetDemand(
      List<AccrualClaim> claims, MoneyAmount capRoom, MoneyAmount zero) {
    MoneyAmount positive = zero;
    for (AccrualClaim c : claims) {
      if (!c.requested().isNegative()) {
        positive = positive.plus(c.requested());
      }
    }
    return capRoom == null ? positive : positive.min(capRoom);
  }

  /**
   * Allocates in rule order: {@code fromBudget} (what the budget granted of the demand) goes to the
   * positive claims first come first served; negative claims are booked in full. A reduced
   * component names the limit that bound: TOTAL_BUDGET when the budget had no more room ({@code
   * budgetBound}; also when it binds equally with the cap), else CREATOR_CAP.
   */
  public static Grant allocate(
      List<AccrualClaim> claims, MoneyAmount fromBudget, boolean budgetBound) {
    List<AccrualComponent> components = new ArrayList<>();
    MoneyAmount left = fromBudget;
    MoneyAmount requested = zero(fromBudget);
    MoneyAmount granted = zero(fromBudget);
    for (AccrualClaim c : claims) {
      MoneyAmount g = c.requested().isNegative() ? c.requested() : c.requested().min(left);
      if (!c.requested().isNegative()) {
        left = left.minus(g);
      }
      AccrualCapReason reason =
          g.equals(c.requested())
              ? AccrualCapReason.NONE
              : budgetBound ? AccrualCapReason.TOTAL_BUDGET : AccrualCapReason.CREATOR_CAP;
      components.add(
          new AccrualComponent(c.kind(), c.milestoneIndexes(), c.requested(), g, reason));
      requested = requested.plus(c.requested());
      granted = granted.plus(g);
    }
    return new Grant(components, requested, granted);
  }

  /** The creator's position after a record of {@code gmv} that may accrue was granted {@code g}. */
  public static RewardPosition after(
      List<RewardRule> rules, RewardPosition before, MoneyAmount gmv, Grant g) {
    MoneyAmount bonus = before.bonusGranted();
    MoneyAmount share = before.shareGranted();
    List<MoneyAmount> milestones = new ArrayList<>(before.milestoneGranted());
    for (AccrualComponent c : g.components()) {
      switch (c.kind()) {
        case COMMISSION_BONUS -> bonus = bonus.plus(c.granted());
        case GMV_SHARE_CASH -> share = share.plus(c.granted());
        case GMV_MILESTONE_CASH -> bookMilestones(milestoneRule(rules), milestones, c);
        default -> {}
      }
    }
    return new RewardPosition(
        before.cumulativeGmv().plus(gmv),
        bonus,
        share,
        milestones,
        before.netAccrued().plus(g.granted()));
  }

  /**
   * Spreads a milestone component over its milestones: an accrual in index order, each at most its
   * cash (so a capped component fills the lowest first); a reversal takes every un-reached one
   * back.
   */
  private static void bookMilestones(
      RewardRule.GmvMilestoneCash rule, List<MoneyAmount> milestones, AccrualComponent c) {
    MoneyAmount zero = zero(c.granted());
    MoneyAmount left = c.granted();
    for (int index : c.milestoneIndexes()) {
      while (milestones.size() <= index) {
        milestones.add(zero);
      }
      if (c.requested().isNegative()) {
        milestones.set(index, zero);
        continue;
      }
      long cash = rule.milestones().get(index).cashReward().amountMinor();
      MoneyAmount share = left.min(new MoneyAmount(cash, left.currency()));
      milestones.set(index, share);
      left = left.minus(share);
    }
  }

  private static RewardRule.GmvMilestoneCash milestoneRule(List<RewardRule> rules) {
    return rules.stream()
        .filter(RewardRule.GmvMilestoneCash.class::isInstance)
        .map(RewardRule.GmvMilestoneCash.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** How many milestones the programme's milestone rule has (0 without one). */
  public static int milestoneCount(List<RewardRule> rules) {
    return rules.stream()
        .filter(RewardRule.GmvMilestoneCash.class::isInstance)
        .mapToInt(r -> ((RewardRule.GmvMilestoneCash) r).milestones().size())
        .sum();
  }

  private static MoneyAmount zero(MoneyAmount like) {
    return MoneyAmount.zero(like.currency());
  }
}
