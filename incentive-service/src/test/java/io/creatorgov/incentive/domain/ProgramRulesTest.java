package io.creatorgov.incentive.domain;

import static io.creatorgov.incentive.domain.ProgramFixtures.END;
import static io.creatorgov.incentive.domain.ProgramFixtures.START;
import static io.creatorgov.incentive.domain.ProgramFixtures.myr;
import static io.creatorgov.incentive.domain.ProgramFixtures.valid;
import static io.creatorgov.incentive.domain.ProgramFixtures.withBudget;
import static io.creatorgov.incentive.domain.ProgramFixtures.withRewards;
import static io.creatorgov.incentive.domain.ProgramFixtures.withWindow;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramRulesTest {

  private static List<String> fields(ProgramTerms terms) {
    return ProgramRules.check(terms, "MYR").stream().map(Problem::field).toList();
  }

  @Test
  void aCompleteProgrammeInTheMarketCurrencyHasNoProblem() {
    assertThat(ProgramRules.check(valid(), "MYR")).isEmpty();
  }

  @Test
  void theWindowMustEndAfterItStarts() {
    assertThat(fields(withWindow(valid(), new ProgramWindow(END, START))))
        .containsExactly("program.window.end_time");
    assertThat(fields(withWindow(valid(), new ProgramWindow(START, START))))
        .containsExactly("program.window.end_time");
  }

  @Test
  void theWindowLastsAtMost366Days() {
    assertThat(
            fields(withWindow(valid(), new ProgramWindow(START, START.plus(Duration.ofDays(366))))))
        .isEmpty();
    assertThat(
            fields(
                withWindow(
                    valid(),
                    new ProgramWindow(START, START.plus(Duration.ofDays(366)).plusSeconds(1)))))
        .containsExactly("program.window.end_time");
  }

  @Test
  void bothWindowBoundsAreRequired() {
    assertThat(fields(withWindow(valid(), new ProgramWindow(null, null))))
        .containsExactly("program.window.start_time", "program.window.end_time");
  }

  @Test
  void budgetMoneyInAnotherCurrencyIsACurrencyMismatch() {
    List<Problem> problems =
        ProgramRules.check(
            withBudget(valid(), new Budget(new Money(1_000_000, "IDR"), myr(100))), "MYR");
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("program.budget.total.currency_code");
              assertThat(p.kind()).isEqualTo(Problem.Kind.CURRENCY_MISMATCH);
            });
  }

  @Test
  void theCapMayNotExceedTheBudget() {
    assertThat(fields(withBudget(valid(), new Budget(myr(1_000), myr(1_001)))))
        .containsExactly("program.budget.per_creator_cap");
    assertThat(fields(withBudget(valid(), new Budget(myr(1_000), myr(1_000))))).isEmpty();
  }

  @Test
  void amountsArePositive() {
    assertThat(fields(withBudget(valid(), new Budget(myr(0), myr(-1)))))
        .contains(
            "program.budget.total.amount_minor", "program.budget.per_creator_cap.amount_minor");
  }

  @Test
  void aMonetaryRewardNeedsABudgetAndBoostsAloneMustHaveNone() {
    assertThat(fields(withBudget(valid(), null))).containsExactly("program.budget");
    ProgramTerms boostOnly = withRewards(valid(), List.of(new RewardRule.TrafficBoost(2_000)));
    assertThat(fields(boostOnly)).containsExactly("program.budget");
    assertThat(fields(withBudget(boostOnly, null))).isEmpty();
  }

  @Test
  void rewardsAreOneToFourWithOneRulePerKind() {
    assertThat(fields(withRewards(valid(), List.of()))).containsExactly("program.rewards");
    assertThat(
            fields(
                withRewards(
                    valid(),
                    List.of(
                        new RewardRule.CommissionBonus(100), new RewardRule.CommissionBonus(200)))))
        .containsExactly("program.rewards[1]");
    assertThat(fields(withRewards(valid(), List.of(new RewardRule.Missing()))))
        .contains("program.rewards[0]");
  }

  @Test
  void rewardRatesStayInTheirRanges() {
    assertThat(
            fields(
                withRewards(
                    valid(),
                    List.of(
                        new RewardRule.CommissionBonus(10_001),
                        new RewardRule.TrafficBoost(1_000),
                        new RewardRule.GmvShareCash(0)))))
        .containsExactly(
            "program.rewards[0].commission_bonus.bonus_bps",
            "program.rewards[1].traffic_boost.multiplier_permille",
            "program.rewards[2].gmv_share_cash.share_bps");
  }

  @Test
  void milestonesAscendStrictlyInTheMarketCurrency() {
    RewardRule milestones =
        new RewardRule.GmvMilestoneCash(
            List.of(
                new GmvMilestone(myr(100_000), myr(5_000)),
                new GmvMilestone(myr(100_000), new Money(9_000, "SGD"))));
    List<Problem> problems = ProgramRules.check(withRewards(valid(), List.of(milestones)), "MYR");
    assertThat(problems)
        .extracting(Problem::field)
        .containsExactly(
            "program.rewards[0].gmv_milestone_cash.milestones[1].cash_reward.currency_code",
            "program.rewards[0].gmv_milestone_cash.milestones[1].gmv_threshold");
  }

  @Test
  void everyProblemIsReportedNotOnlyTheFirst() {
    ProgramTerms bad =
        new ProgramTerms(
            "  ",
            "",
            "MY",
            new ProgramWindow(END, START),
            List.of(),
            Eligibility.none().withMinimumHealthScore(1_001),
            null,
            null);
    assertThat(fields(bad))
        .containsExactlyInAnyOrder(
            "program.display_name",
            "program.window.end_time",
            "program.rewards",
            "program.eligibility.minimum_health_score",
            "program.suspension_settlement_rule");
  }

  @Test
  void withoutAUsableMarketMoneyIsCheckedForAmountsOnly() {
    assertThat(ProgramRules.check(withBudget(valid(), new Budget(new Money(1, "IDR"), null)), null))
        .isEmpty();
  }
}
