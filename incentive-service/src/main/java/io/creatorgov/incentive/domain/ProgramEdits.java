package io.creatorgov.incentive.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * UpdateProgram's rules: which update-mask paths exist, which may change in which state, and the
 * settings that result from applying the named fields of a request to the current ones.
 */
public final class ProgramEdits {
  private ProgramEdits() {}

  /** Every path UpdateProgram accepts. */
  public static final List<String> PATHS =
      List.of(
          "display_name",
          "description",
          "market",
          "window",
          "rewards",
          "eligibility",
          "eligibility.minimum_tier",
          "eligibility.maximum_active_violation_points",
          "eligibility.minimum_health_score",
          "eligibility.allowed_statuses",
          "eligibility.categories",
          "budget",
          "budget.total",
          "budget.per_creator_cap",
          "suspension_settlement_rule");

  /** What may change while ACTIVE or PAUSED (the budget total only upwards). */
  private static final Set<String> WHILE_RUNNING = Set.of("description", "budget.total");

  /** The paths of {@code paths} UpdateProgram does not know (unknown, output-only, {@code *}). */
  public static List<String> unknownPaths(List<String> paths) {
    return paths.stream().filter(p -> !PATHS.contains(p)).toList();
  }

  /**
   * The paths that may not change in {@code state}: none in DRAFT; all but {@code description} and
   * {@code budget.total} while ACTIVE or PAUSED; every path once ENDED or SETTLED (read-only).
   */
  public static List<String> lockedPaths(ProgramState state, List<String> paths) {
    return switch (state) {
      case DRAFT -> List.of();
      case ACTIVE, PAUSED -> paths.stream().filter(p -> !WHILE_RUNNING.contains(p)).toList();
      case ENDED, SETTLED -> List.copyOf(paths);
    };
  }

  /** {@code current} with the fields named by {@code paths} taken from {@code given}. */
  public static ProgramTerms apply(ProgramTerms current, ProgramTerms given, List<String> paths) {
    ProgramTerms t = current;
    for (String path : paths) {
      t = applyOne(t, given, path);
    }
    return t;
  }

  /**
   * A budget decrease while the programme runs (only increases are allowed then): the problem, or
   * none.
   */
  public static List<Problem> runningBudgetProblems(
      ProgramState state, ProgramTerms current, ProgramTerms updated) {
    if (state != ProgramState.ACTIVE && state != ProgramState.PAUSED) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    Money before = current.budget() == null ? null : current.budget().total();
    Money after = updated.budget() == null ? null : updated.budget().total();
    if (before != null && after != null && after.amountMinor() < before.amountMinor()) {
      problems.add(
          Problem.invalid(
              "program.budget.total",
              "may only increase while the programme is "
                  + state
                  + " (now "
                  + before.amountMinor()
                  + ")"));
    }
    return problems;
  }

  private static ProgramTerms applyOne(ProgramTerms t, ProgramTerms g, String path) {
    Eligibility e = t.eligibility();
    Budget b = t.budget() == null ? new Budget(null, null) : t.budget();
    return switch (path) {
      case "display_name" -> with(t, g.displayName(), t.description(), t.market(), t.window());
      case "description" -> with(t, t.displayName(), g.description(), t.market(), t.window());
      case "market" -> with(t, t.displayName(), t.description(), g.market(), t.window());
      case "window" -> with(t, t.displayName(), t.description(), t.market(), g.window());
      case "rewards" -> withRewards(t, g.rewards());
      case "eligibility" -> withEligibility(t, g.eligibility());
      case "eligibility.minimum_tier" ->
          withEligibility(t, e.withMinimumTier(g.eligibility().minimumTier()));
      case "eligibility.maximum_active_violation_points" ->
          withEligibility(
              t,
              e.withMaximumActiveViolationPoints(g.eligibility().maximumActiveViolationPoints()));
      case "eligibility.minimum_health_score" ->
          withEligibility(t, e.withMinimumHealthScore(g.eligibility().minimumHealthScore()));
      case "eligibility.allowed_statuses" ->
          withEligibility(t, e.withAllowedStatuses(g.eligibility().allowedStatuses()));
      case "eligibility.categories" ->
          withEligibility(t, e.withCategories(g.eligibility().categories()));
      case "budget" -> withBudget(t, g.budget());
      case "budget.total" -> withBudget(t, b.withTotal(total(g)));
      case "budget.per_creator_cap" -> withBudget(t, b.withPerCreatorCap(cap(g)));
      case "suspension_settlement_rule" -> withRule(t, g.suspensionRule());
      default -> throw new IllegalArgumentException("unknown update path " + path);
    };
  }

  private static Money total(ProgramTerms g) {
    return g.budget() == null ? null : g.budget().total();
  }

  private static Money cap(ProgramTerms g) {
    return g.budget() == null ? null : g.budget().perCreatorCap();
  }

  private static ProgramTerms with(
      ProgramTerms t, String name, String description, String market, ProgramWindow window) {
    return new ProgramTerms(
        name,
        description,
        market,
        window,
        t.rewards(),
        t.eligibility(),
        t.budget(),
        t.suspensionRule());
  }

  private static ProgramTerms withRewards(ProgramTerms t, List<RewardRule> rewards) {
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

  private static ProgramTerms withEligibility(ProgramTerms t, Eligibility eligibility) {
    return new ProgramTerms(
        t.displayName(),
        t.description(),
        t.market(),
        t.window(),
        t.rewards(),
        eligibility,
        t.budget(),
        t.suspensionRule());
  }

  private static ProgramTerms withBudget(ProgramTerms t, Budget budget) {
    boolean empty = budget == null || (budget.total() == null && budget.perCreatorCap() == null);
    return new ProgramTerms(
        t.displayName(),
        t.description(),
        t.market(),
        t.window(),
        t.rewards(),
        t.eligibility(),
        empty ? null : budget,
        t.suspensionRule());
  }

  private static ProgramTerms withRule(ProgramTerms t, SuspensionRule rule) {
    return new ProgramTerms(
        t.displayName(),
        t.description(),
        t.market(),
        t.window(),
        t.rewards(),
        t.eligibility(),
        t.budget(),
        rule);
  }
}
