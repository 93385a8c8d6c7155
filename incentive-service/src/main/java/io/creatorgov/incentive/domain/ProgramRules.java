package io.creatorgov.incentive.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a programme's settings are acceptable, as the contract's Program message states it. Every
 * problem is reported (never only the first), each named by its request path under {@code
 * program.}. The market itself is the registry's to check; these rules get its currency.
 */
public final class ProgramRules {
  /** The longest window: end at most 366 days after start. */
  public static final Duration LONGEST_WINDOW = Duration.ofDays(366);

  public static final int MAX_NAME = 200;
  public static final int MAX_DESCRIPTION = 5_000;
  public static final int MAX_RULES = 4;
  public static final int MAX_MILESTONES = 20;
  public static final int MAX_CATEGORIES = 50;
  public static final int MAX_CATEGORY = 64;

  private ProgramRules() {}

  /**
   * Every problem of {@code terms}.
   *
   * @param marketCurrency the currency of the programme's market, or null when the market is not a
   *     usable one (then money is checked for amounts only; the market's problem is reported apart)
   */
  public static List<Problem> check(ProgramTerms terms, String marketCurrency) {
    List<Problem> problems = new ArrayList<>();
    checkTexts(terms, problems);
    checkWindow(terms.window(), problems);
    checkRewards(terms.rewards(), marketCurrency, problems);
    checkEligibility(terms.eligibility(), problems);
    checkBudget(terms, marketCurrency, problems);
    if (terms.suspensionRule() == null) {
      problems.add(
          Problem.invalid("program.suspension_settlement_rule", "required: FORFEIT or PRO_RATE"));
    }
    return List.copyOf(problems);
  }

  private static void checkTexts(ProgramTerms terms, List<Problem> problems) {
    int name = length(terms.displayName().strip());
    if (name == 0) {
      problems.add(Problem.invalid("program.display_name", "required: 1-200 characters"));
    } else if (name > MAX_NAME) {
      problems.add(Problem.invalid("program.display_name", "at most 200 characters"));
    }
    if (length(terms.description()) > MAX_DESCRIPTION) {
      problems.add(Problem.invalid("program.description", "at most 5,000 characters"));
    }
  }

  private static void checkWindow(ProgramWindow window, List<Problem> problems) {
    if (window.start() == null) {
      problems.add(Problem.invalid("program.window.start_time", "required"));
    }
    if (window.end() == null) {
      problems.add(Problem.invalid("program.window.end_time", "required"));
    }
    if (window.start() == null || window.end() == null) {
      return;
    }
    if (!window.end().isAfter(window.start())) {
      problems.add(Problem.invalid("program.window.end_time", "must be after start_time"));
    } else if (Duration.between(window.start(), window.end()).compareTo(LONGEST_WINDOW) > 0) {
      problems.add(
          Problem.invalid("program.window.end_time", "must be at most 366 days after start_time"));
    }
  }

  private static void checkRewards(
      List<RewardRule> rules, String currency, List<Problem> problems) {
    if (rules.isEmpty()) {
      problems.add(Problem.invalid("program.rewards", "required: 1-4 reward rules"));
    } else if (rules.size() > MAX_RULES) {
      problems.add(Problem.invalid("program.rewards", "at most 4 reward rules"));
    }
    Set<RewardKind> seen = EnumSet.noneOf(RewardKind.class);
    for (int i = 0; i < rules.size(); i++) {
      String field = "program.rewards[" + i + "]";
      RewardRule rule = rules.get(i);
      if (rule.kind() != null && !seen.add(rule.kind())) {
        problems.add(Problem.invalid(field, "at most one rule of kind " + rule.kind()));
      }
      checkRule(rule, field, currency, problems);
    }
  }

  private static void checkRule(
      RewardRule rule, String field, String currency, List<Problem> problems) {
    if (rule instanceof RewardRule.CommissionBonus b) {
      if (b.bonusBps() < 1 || b.bonusBps() > 10_000) {
        problems.add(Problem.invalid(field + ".commission_bonus.bonus_bps", "must be 1-10,000"));
      }
    } else if (rule instanceof RewardRule.TrafficBoost t) {
      if (t.multiplierPermille() < 1_001 || t.multiplierPermille() > 5_000) {
        problems.add(
            Problem.invalid(field + ".traffic_boost.multiplier_permille", "must be 1,001-5,000"));
      }
    } else if (rule instanceof RewardRule.GmvShareCash s) {
      if (s.shareBps() < 1 || s.shareBps() > 10_000) {
        problems.add(Problem.invalid(field + ".gmv_share_cash.share_bps", "must be 1-10,000"));
      }
    } else if (rule instanceof RewardRule.GmvMilestoneCash m) {
      checkMilestones(m.milestones(), field + ".gmv_milestone_cash", currency, problems);
    } else {
      problems.add(
          Problem.invalid(
              field,
              "exactly one kind must be set: commission_bonus, traffic_boost,"
                  + " gmv_milestone_cash or gmv_share_cash"));
    }
  }

  private static void checkMilestones(
      List<GmvMilestone> milestones, String field, String currency, List<Problem> problems) {
    if (milestones.isEmpty() || milestones.size() > MAX_MILESTONES) {
      problems.add(Problem.invalid(field + ".milestones", "1-20 milestones"));
    }
    Long previous = null;
    for (int i = 0; i < milestones.size(); i++) {
      String at = field + ".milestones[" + i + "]";
      GmvMilestone m = milestones.get(i);
      checkPositiveMoney(m.gmvThreshold(), at + ".gmv_threshold", currency, problems);
      checkPositiveMoney(m.cashReward(), at + ".cash_reward", currency, problems);
      if (m.gmvThreshold() == null) {
        continue;
      }
      long threshold = m.gmvThreshold().amountMinor();
      if (previous != null && threshold <= previous) {
        problems.add(
            Problem.invalid(
                at + ".gmv_threshold", "milestones must be strictly ascending by gmv_threshold"));
      }
      previous = threshold;
    }
  }

  private static void checkEligibility(Eligibility e, List<Problem> problems) {
    Integer points = e.maximumActiveViolationPoints();
    if (points != null && points < 0) {
      problems.add(
          Problem.invalid("program.eligibility.maximum_active_violation_points", "must be >= 0"));
    }
    Integer score = e.minimumHealthScore();
    if (score != null && (score < 0 || score > 1_000)) {
      problems.add(Problem.invalid("program.eligibility.minimum_health_score", "must be 0-1,000"));
    }
    if (e.categories().size() > MAX_CATEGORIES) {
      problems.add(Problem.invalid("program.eligibility.categories", "at most 50 categories"));
    }
    for (int i = 0; i < e.categories().size(); i++) {
      int length = length(e.categories().get(i));
      if (length < 1 || length > MAX_CATEGORY) {
        problems.add(
            Problem.invalid("program.eligibility.categories[" + i + "]", "1-64 characters"));
      }
    }
  }

  private static void checkBudget(ProgramTerms terms, String currency, List<Problem> problems) {
    Budget budget = terms.budget();
    if (budget == null) {
      if (terms.monetary()) {
        problems.add(
            Problem.invalid(
                "program.budget", "required: a monetary reward is paid from the budget"));
      }
      return;
    }
    if (!terms.monetary() && !terms.rewards().isEmpty()) {
      problems.add(
          Problem.invalid("program.budget", "must be unset when every reward is a traffic boost"));
    }
    if (budget.total() == null) {
      problems.add(Problem.invalid("program.budget.total", "required"));
    } else {
      checkPositiveMoney(budget.total(), "program.budget.total", currency, problems);
    }
    Money cap = budget.perCreatorCap();
    if (cap == null) {
      return;
    }
    checkPositiveMoney(cap, "program.budget.per_creator_cap", currency, problems);
    if (budget.total() != null && cap.amountMinor() > budget.total().amountMinor()) {
      problems.add(
          Problem.invalid("program.budget.per_creator_cap", "must not exceed budget.total"));
    }
  }

  private static void checkPositiveMoney(
      Money money, String field, String currency, List<Problem> problems) {
    if (money == null) {
      problems.add(Problem.invalid(field, "required"));
      return;
    }
    if (money.currencyCode().isEmpty()) {
      problems.add(Problem.invalid(field + ".currency_code", "required: ISO 4217 code"));
    } else if (currency != null && !currency.equals(money.currencyCode())) {
      problems.add(
          new Problem(
              field + ".currency_code",
              "must be " + currency + ", the currency of the programme's market",
              Problem.Kind.CURRENCY_MISMATCH));
    }
    if (!money.isPositive()) {
      problems.add(Problem.invalid(field + ".amount_minor", "must be > 0"));
    }
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
