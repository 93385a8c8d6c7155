package io.creatorgov.incentive.domain;

import java.time.Instant;
import java.util.List;

/** Programme settings for the domain tests: a valid Malaysian programme and its variations. */
final class ProgramFixtures {
  static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2027-02-01T00:00:00Z");

  private ProgramFixtures() {}

  static Money myr(long minor) {
    return new Money(minor, "MYR");
  }

  /** A commission bonus of 2 % and a 1.5× boost, budget 10,000.00 MYR, cap 500.00 MYR. */
  static ProgramTerms valid() {
    return new ProgramTerms(
        "Raya Live Sale",
        "Extra commission for Raya",
        "MY",
        new ProgramWindow(START, END),
        List.of(new RewardRule.CommissionBonus(200), new RewardRule.TrafficBoost(1_500)),
        new Eligibility(
            Tier.SILVER, 6, null, List.of(EligibleStatus.ACTIVE), List.of("beauty", "fashion")),
        new Budget(myr(1_000_000), myr(50_000)),
        SuspensionRule.PRO_RATE);
  }

  static ProgramTerms withRewards(ProgramTerms t, List<RewardRule> rewards) {
    return new ProgramTerms(
        t.displayName(),
        t.description(),
        t.market(),
        t.window(),
        rewards,
        t.eligibility(),
        t.budget(),
        t.suspensionRule());
  }

  static ProgramTerms withBudget(ProgramTerms t, Budget budget) {
    return new ProgramTerms(
        t.displayName(),
        t.description(),
        t.market(),
        t.window(),
        t.rewards(),
        t.eligibility(),
        budget,
        t.suspensionRule());
  }

  static ProgramTerms withWindow(ProgramTerms t, ProgramWindow window) {
    return new ProgramTerms(
        t.displayName(),
        t.description(),
        t.market(),
        window,
        t.rewards(),
        t.eligibility(),
        t.budget(),
        t.suspensionRule());
  }
}
