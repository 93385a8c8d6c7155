package io.creatorgov.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.kit.money.MoneyAmount;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccrualTest {
  private static final Currency MYR = Currency.getInstance("MYR");
  private static final MoneyAmount ZERO = MoneyAmount.zero(MYR);
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-12-31T00:00:00Z");

  /** 2 % bonus, 1 % share, milestones 10,000.00 → 100.00 and 50,000.00 → 400.00. */
  private static final List<RewardRule> RULES =
      List.of(
          new RewardRule.CommissionBonus(200),
          new RewardRule.TrafficBoost(1_500),
          new RewardRule.GmvShareCash(100),
          new RewardRule.GmvMilestoneCash(
              List.of(
                  new GmvMilestone(new Money(1_000_000, "MYR"), new Money(10_000, "MYR")),
                  new GmvMilestone(new Money(5_000_000, "MYR"), new Money(40_000, "MYR")))));

  private static MoneyAmount myr(long minor) {
    return new MoneyAmount(minor, MYR);
  }

  private static RewardPosition empty() {
    return RewardPosition.empty(MYR, 2);
  }

  @Test
  void positiveGmvEarnsSharesRoundedDownAndEveryMilestoneNewlyReached() {
    List<AccrualClaim> claims = Accrual.claims(RULES, empty(), myr(5_000_099));

    assertThat(claims)
        .extracting(AccrualClaim::kind)
        .containsExactly(
            RewardKind.COMMISSION_BONUS, RewardKind.GMV_SHARE_CASH, RewardKind.GMV_MILESTONE_CASH);
    assertThat(claims.get(0).requested()).isEqualTo(myr(100_001));
    assertThat(claims.get(1).requested()).isEqualTo(myr(50_000));
    assertThat(claims.get(2).milestoneIndexes()).containsExactly(0, 1);
    assertThat(claims.get(2).requested()).isEqualTo(myr(50_000));
  }

  @Test
  void aMilestoneAlreadyReachedIsNotEarnedAgain() {
    RewardPosition reached =
        new RewardPosition(myr(1_000_000), ZERO, ZERO, List.of(myr(10_000), ZERO), myr(10_000));

    List<AccrualClaim> claims = Accrual.claims(RULES, reached, myr(10));

    assertThat(claims.get(2).milestoneIndexes()).isEmpty();
    assertThat(claims.get(2).requested()).isEqualTo(ZERO);
  }

  @Test
  void negativeGmvReversesSharesNeverBelowZeroAndUnreachesMilestones() {
    RewardPosition before =
        new RewardPosition(
            myr(1_200_000), myr(5_000), myr(12_000), List.of(myr(7_000), ZERO), myr(24_000));

    List<AccrualClaim> claims = Accrual.claims(RULES, before, myr(-300_000));

    assertThat(claims.get(0).requested()).isEqualTo(myr(-5_000)); // 2 % of 3,000.00 capped at 50.00
    assertThat(claims.get(1).requested()).isEqualTo(myr(-3_000));
    assertThat(claims.get(2).milestoneIndexes()).containsExactly(0);
    assertThat(claims.get(2).requested()).isEqualTo(myr(-7_000)); // what was granted for it
  }

  @Test
  void theBudgetGrantIsAllocatedInRuleOrderAndNamesTheLimitThatBound() {
    List<AccrualClaim> claims =
        List.of(
            new AccrualClaim(RewardKind.COMMISSION_BONUS, List.of(), myr(300)),
            new AccrualClaim(RewardKind.GMV_MILESTONE_CASH, List.of(0), myr(500)));

    Accrual.Grant capped = Accrual.allocate(claims, myr(600), false);
    Accrual.Grant budget = Accrual.allocate(claims, myr(600), true);

    assertThat(capped.granted()).isEqualTo(myr(600));
    assertThat(capped.requested()).isEqualTo(myr(800));
    assertThat(capped.components().get(0).granted()).isEqualTo(myr(300));
    assertThat(capped.components().get(0).cappedBy()).isEqualTo(AccrualCapReason.NONE);
    assertThat(capped.components().get(1).granted()).isEqualTo(myr(300));
    assertThat(capped.cappedBy()).isEqualTo(AccrualCapReason.CREATOR_CAP);
    assertThat(budget.cappedBy()).isEqualTo(AccrualCapReason.TOTAL_BUDGET);
  }

  @Test
  void capRoomLimitsTheDemandAndIsNeverNegative() {
    RewardPosition over = new RewardPosition(ZERO, ZERO, ZERO, List.of(ZERO, ZERO), myr(900));
    List<AccrualClaim> claims =
        List.of(new AccrualClaim(RewardKind.COMMISSION_BONUS, List.of(), myr(300)));

    MoneyAmount room = Accrual.capRoom(myr(1_000), over);

    assertThat(Accrual.budgetDemand(claims, room, ZERO)).isEqualTo(myr(100));
    assertThat(Accrual.capRoom(myr(500), over)).isEqualTo(ZERO);
    assertThat(Accrual.capRoom(null, over)).isNull();
  }

  @Test
  void aCappedMilestoneKeepsWhatWasGrantedForItAndItsReversalTakesExactlyThatBack() {
    RewardPosition before = empty();
    MoneyAmount gmv = myr(5_000_000);
    List<AccrualClaim> claims = Accrual.claims(RULES, before, gmv);
    // 20,000 of 100,000 + 50,000 + 50,000 requested fits: bonus first, nothing for the rest
    Accrual.Grant grant = Accrual.allocate(claims, myr(120_000), false);
    RewardPosition after = Accrual.after(RULES, before, gmv, grant);

    assertThat(after.bonusGranted()).isEqualTo(myr(100_000));
    assertThat(after.shareGranted()).isEqualTo(myr(20_000));
    assertThat(after.milestoneGranted()).containsExactly(ZERO, ZERO);
    assertThat(after.netAccrued()).isEqualTo(myr(120_000));

    Accrual.Grant partial = Accrual.allocate(claims, myr(165_000), false);
    RewardPosition more = Accrual.after(RULES, before, gmv, partial);
    assertThat(more.milestoneGranted()).containsExactly(myr(10_000), myr(5_000));

    List<AccrualClaim> reversal = Accrual.claims(RULES, more, myr(-4_500_000));
    assertThat(reversal.get(2).milestoneIndexes()).containsExactly(0, 1);
    assertThat(reversal.get(2).requested()).isEqualTo(myr(-15_000));
    RewardPosition back =
        Accrual.after(RULES, more, myr(-4_500_000), Accrual.allocate(reversal, ZERO, false));
    assertThat(back.milestoneGranted()).containsExactly(ZERO, ZERO);
    assertThat(back.cumulativeGmv()).isEqualTo(myr(500_000));
    assertThat(back.bonusGranted()).isEqualTo(myr(10_000));
    assertThat(back.shareGranted()).isEqualTo(myr(5_000)); // 45,000 of 50,000 taken back
  }

  private AccrualSituation at(
      Instant at, ProgramState state, EnrollmentState enrollment, boolean monetary) {
    return new AccrualSituation(
        state,
        new ProgramWindow(START, END),
        null,
        List.of(new PausedInterval(START.plusSeconds(3_600), START.plusSeconds(7_200))),
        monetary,
        enrollment,
        START.plusSeconds(60),
        START.plusSeconds(86_400),
        List.of(new PausedInterval(START.plusSeconds(10_000), START.plusSeconds(20_000))),
        at,
        false);
  }

  @Test
  void eachReasonInItsOrder() {
    Instant inside = START.plusSeconds(30_000);
    assertThat(Accrual.whyNot(at(inside, ProgramState.ACTIVE, EnrollmentState.ENROLLED, true)))
        .isEqualTo(NonAccrualReason.NONE);
    assertThat(Accrual.whyNot(at(inside, ProgramState.SETTLED, EnrollmentState.ENROLLED, true)))
        .isEqualTo(NonAccrualReason.PROGRAM_SETTLED);
    assertThat(Accrual.whyNot(at(END, ProgramState.ENDED, EnrollmentState.ENROLLED, true)))
        .isEqualTo(NonAccrualReason.OUTSIDE_WINDOW);
    assertThat(
            Accrual.whyNot(
                at(START.plusSeconds(3_600), ProgramState.ACTIVE, EnrollmentState.ENROLLED, true)))
        .isEqualTo(NonAccrualReason.PROGRAM_PAUSED);
    assertThat(
            Accrual.whyNot(
                at(START.plusSeconds(10), ProgramState.ACTIVE, EnrollmentState.ENROLLED, true)))
        .isEqualTo(NonAccrualReason.BEFORE_ENROLLMENT);
    assertThat(
            Accrual.whyNot(
                at(START.plusSeconds(15_000), ProgramState.ACTIVE, EnrollmentState.ENROLLED, true)))
        .isEqualTo(NonAccrualReason.ENROLLMENT_PAUSED);
    assertThat(
            Accrual.whyNot(
                at(START.plusSeconds(90_000), ProgramState.ACTIVE, EnrollmentState.PAUSED, true)))
        .isEqualTo(NonAccrualReason.ENROLLMENT_PAUSED);
    assertThat(
            Accrual.whyNot(
                at(
                    START.plusSeconds(90_000),
                    ProgramState.ACTIVE,
                    EnrollmentState.WITHDRAWN,
                    true)))
        .isEqualTo(NonAccrualReason.ENROLLMENT_ENDED);
    assertThat(
            Accrual.whyNot(
                at(
                    START.plusSeconds(30_000),
                    ProgramState.ACTIVE,
                    EnrollmentState.WITHDRAWN,
                    true)))
        .isEqualTo(NonAccrualReason.NONE); // before the withdrawal
    assertThat(Accrual.whyNot(at(inside, ProgramState.ACTIVE, EnrollmentState.ENROLLED, false)))
        .isEqualTo(NonAccrualReason.NO_MONETARY_REWARD);
  }
}
