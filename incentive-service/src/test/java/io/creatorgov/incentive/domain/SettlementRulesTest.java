package io.creatorgov.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.incentive.domain.SettlementRules.Line;
import io.creatorgov.incentive.domain.SettlementRules.Outcome;
import io.creatorgov.incentive.domain.SettlementRules.Participation;
import io.creatorgov.kit.money.MoneyAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettlementRulesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Participation TEN_DAYS = new Participation(T0, T0.plus(Duration.ofDays(10)));

  private static Map<RewardKind, MoneyAmount> balances(long bonus, long share) {
    Map<RewardKind, MoneyAmount> b = new LinkedHashMap<>();
    b.put(RewardKind.COMMISSION_BONUS, MoneyAmount.of(bonus, "MYR"));
    b.put(RewardKind.GMV_SHARE_CASH, MoneyAmount.of(share, "MYR"));
    return b;
  }

  private static StandingLapse lapse(int fromDay, int toDay, String action) {
    return new StandingLapse(
        "SUSPENDED", T0.plus(Duration.ofDays(fromDay)), T0.plus(Duration.ofDays(toDay)), action);
  }

  @Test
  void aCreatorInGoodStandingIsPaidInFullItemisedPerKind() {
    Outcome o =
        SettlementRules.settle(
            SuspensionRule.FORFEIT, balances(200, 100), TEN_DAYS, List.of(), false);

    assertThat(o.rule()).isEqualTo(PayoutRule.FULL);
    assertThat(o.state()).isEqualTo(PayoutState.PAYABLE);
    assertThat(o.amount()).isEqualTo(300);
    assertThat(o.lines())
        .containsExactly(
            new Line(PayoutLineKind.COMMISSION_BONUS, RewardKind.COMMISSION_BONUS, 200, 0),
            new Line(PayoutLineKind.GMV_SHARE_CASH, RewardKind.GMV_SHARE_CASH, 100, 0));
  }

  @Test
  void forfeitForfeitsEverythingOfACreatorWithALapse() {
    Outcome o =
        SettlementRules.settle(
            SuspensionRule.FORFEIT, balances(200, 100), TEN_DAYS, List.of(lapse(1, 2, "a")), false);

    assertThat(o.rule()).isEqualTo(PayoutRule.FORFEITED);
    assertThat(o.state()).isEqualTo(PayoutState.NOTHING_DUE);
    assertThat(o.amount()).isZero();
    assertThat(o.forfeited()).isEqualTo(300);
  }

  @Test
  void proRateRoundsEachKindDownAndGivesTheRemainderToTheFirstLine() {
    // 7 of 10 days in good standing: 0.7 × 333 = 233.1 → 233; kinds 0.7 × 222 = 155.4, 0.7 × 111 =
    // 77.7
    Outcome o =
        SettlementRules.settle(
            SuspensionRule.PRO_RATE,
            balances(222, 111),
            TEN_DAYS,
            List.of(lapse(2, 5, "a")),
            false);

    assertThat(o.rule()).isEqualTo(PayoutRule.PRO_RATED);
    assertThat(o.amount()).isEqualTo(233);
    assertThat(o.forfeited()).isEqualTo(100);
    assertThat(o.lines()).extracting(Line::amount).containsExactly(156L, 77L);
    assertThat(o.lines().stream().mapToLong(Line::amount).sum()).isEqualTo(o.amount());
    assertThat(o.lines().stream().mapToLong(l -> l.amount() + l.forfeited()).sum()).isEqualTo(333);
    assertThat(o.goodStanding()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void proRateWithNoGoodStandingLeftIsForfeited() {
    Outcome o =
        SettlementRules.settle(
            SuspensionRule.PRO_RATE, balances(10, 0), TEN_DAYS, List.of(lapse(0, 10, "a")), false);

    assertThat(o.rule()).isEqualTo(PayoutRule.FORFEITED);
    assertThat(o.amount()).isZero();
  }

  @Test
  void anOpenAppealHoldsBackAPayoutWithABalanceButNotAnEmptyOne() {
    assertThat(
            SettlementRules.settle(
                    SuspensionRule.FORFEIT, balances(5, 0), TEN_DAYS, List.of(), true)
                .state())
        .isEqualTo(PayoutState.HELD_BACK);
    Outcome empty =
        SettlementRules.settle(SuspensionRule.FORFEIT, balances(0, 0), TEN_DAYS, List.of(), true);
    assertThat(empty.state()).isEqualTo(PayoutState.NOTHING_DUE);
    assertThat(empty.lines()).isEmpty();
  }

  @Test
  void participationRunsFromTheLaterOfWindowAndEnrolmentToTheEarlierOfEndAndLeaving() {
    Instant end = T0.plus(Duration.ofDays(30));
    Participation enrolledLate =
        SettlementRules.participation(
            T0, T0.plus(Duration.ofDays(3)), end, EnrollmentState.ENROLLED, T0);
    Participation withdrew =
        SettlementRules.participation(
            T0, T0, end, EnrollmentState.WITHDRAWN, T0.plus(Duration.ofDays(4)));
    Participation never =
        SettlementRules.participation(
            T0, end.plusSeconds(1), end, EnrollmentState.ENROLLED, end.plusSeconds(1));

    assertThat(enrolledLate.length()).isEqualTo(Duration.ofDays(27));
    assertThat(withdrew.length()).isEqualTo(Duration.ofDays(4));
    assertThat(never.length()).isZero();
  }

  @Test
  void lapsesAreClippedToParticipationAndOnesOverturnedOnAppealDoNotCount() {
    List<StatusChange> history =
        List.of(
            new StatusChange(T0.minus(Duration.ofDays(2)), "SUSPENDED", "a1", false),
            new StatusChange(T0.plus(Duration.ofDays(1)), "ACTIVE", "", false),
            new StatusChange(T0.plus(Duration.ofDays(4)), "SUSPENDED", "a2", false),
            new StatusChange(T0.plus(Duration.ofDays(5)), "ACTIVE", "", true),
            new StatusChange(T0.plus(Duration.ofDays(8)), "BANNED", "a3", false));

    List<StandingLapse> lapses = SettlementRules.lapses(history, TEN_DAYS);

    assertThat(lapses)
        .containsExactly(
            new StandingLapse("SUSPENDED", T0, T0.plus(Duration.ofDays(1)), "a1"),
            new StandingLapse("BANNED", T0.plus(Duration.ofDays(8)), TEN_DAYS.end(), "a3"));
  }

  @Test
  void anOverturnRaisesWhatIsOwedByTheShareTheActionsLapseHadTaken() {
    List<StandingLapse> lapses = List.of(lapse(0, 5, "a1"));

    long raised =
        SettlementRules.raisedByOverturn(
            SuspensionRule.PRO_RATE, balances(1_000, 0), TEN_DAYS, lapses, "a1", 500);
    long other =
        SettlementRules.raisedByOverturn(
            SuspensionRule.PRO_RATE, balances(1_000, 0), TEN_DAYS, lapses, "zz", 500);

    assertThat(raised).isEqualTo(500);
    assertThat(other).isZero();
  }
}
