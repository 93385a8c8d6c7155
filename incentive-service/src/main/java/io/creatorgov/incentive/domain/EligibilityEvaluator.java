package io.creatorgov.incentive.domain;

import io.creatorgov.incentive.domain.EligibilityValue.Categories;
import io.creatorgov.incentive.domain.EligibilityValue.Market;
import io.creatorgov.incentive.domain.EligibilityValue.Number;
import io.creatorgov.incentive.domain.EligibilityValue.Restrictions;
import io.creatorgov.incentive.domain.EligibilityValue.Statuses;
import io.creatorgov.incentive.domain.EligibilityValue.TierValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a creator against a programme's eligibility: every condition, never stopping at the
 * first unmet one. The always-checked conditions (home market, status, no campaign restriction) are
 * always present; the configurable ones when the programme sets them.
 */
public final class EligibilityEvaluator {
  /** The restriction that keeps a creator out of every programme. */
  public static final String CAMPAIGN_INELIGIBLE = "CAMPAIGN_INELIGIBLE";

  /** The statuses admitted when a programme names none. */
  static final List<EligibleStatus> DEFAULT_STATUSES =
      List.of(EligibleStatus.ACTIVE, EligibleStatus.RESTRICTED);

  private EligibilityEvaluator() {}

  /** Whether evaluating {@code eligibility} needs the creator's standing (enforcement-service). */
  public static boolean needsStanding(Eligibility eligibility) {
    return eligibility.maximumActiveViolationPoints() != null
        || eligibility.minimumHealthScore() != null;
  }

  /**
   * The evaluation of the creator in {@code snapshot} against a programme of {@code market} with
   * {@code eligibility}; {@code snapshot.standing()} must be present when {@link #needsStanding}.
   */
  public static EligibilityEvaluation evaluate(
      String market, Eligibility eligibility, EligibilitySnapshot snapshot, Instant now) {
    CreatorFacts c = snapshot.creator();
    List<ConditionResult> results = new ArrayList<>();
    results.add(homeMarket(market, c));
    results.add(status(eligibility, c));
    if (eligibility.minimumTier() != null) {
      results.add(tier(eligibility.minimumTier(), c));
    }
    if (eligibility.maximumActiveViolationPoints() != null) {
      results.add(points(eligibility.maximumActiveViolationPoints(), snapshot.standing()));
    }
    if (eligibility.minimumHealthScore() != null) {
      results.add(health(eligibility.minimumHealthScore(), snapshot.standing()));
    }
    if (!eligibility.categories().isEmpty()) {
      results.add(categories(eligibility.categories(), c));
    }
    results.add(noCampaignRestriction(c));
    return new EligibilityEvaluation(results, snapshot, now);
  }

  private static ConditionResult homeMarket(String market, CreatorFacts c) {
    boolean met = market.equals(c.homeMarket());
    return result(
        EligibilityCondition.HOME_MARKET,
        met,
        new Market(market),
        new Market(c.homeMarket()),
        met
            ? "Home market " + c.homeMarket() + " is the programme's market"
            : "Home market " + c.homeMarket() + " is not the programme's market " + market);
  }

  private static ConditionResult status(Eligibility e, CreatorFacts c) {
    List<EligibleStatus> allowed =
        e.allowedStatuses().isEmpty() ? DEFAULT_STATUSES : e.allowedStatuses();
    List<String> names = allowed.stream().map(Enum::name).toList();
    boolean met = names.contains(c.status());
    return result(
        EligibilityCondition.CREATOR_STATUS,
        met,
        new Statuses(names),
        new Statuses(List.of(c.status())),
        "Status "
            + c.status()
            + (met ? " is one of " : " is not one of the allowed ")
            + String.join(", ", names));
  }

  private static ConditionResult tier(Tier minimum, CreatorFacts c) {
    boolean met = c.tier() != null && c.tier().compareTo(minimum) >= 0;
    String actual = c.tier() == null ? "no tier yet" : "Tier " + c.tier();
    return result(
        EligibilityCondition.MINIMUM_TIER,
        met,
        new TierValue(minimum),
        new TierValue(c.tier()),
        actual + (met ? " meets the required " : " is below the required ") + minimum);
  }

  private static ConditionResult points(int maximum, Standing s) {
    if (s.model() != Standing.Model.POINTS_LADDER) {
      return notApplicable(
          EligibilityCondition.MAXIMUM_VIOLATION_POINTS,
          new Number(maximum),
          standingValue(s),
          "The market uses " + s.model() + ", not violation points; the maximum does not apply");
    }
    int points = s.activePoints() == null ? 0 : s.activePoints();
    boolean met = points <= maximum;
    return result(
        EligibilityCondition.MAXIMUM_VIOLATION_POINTS,
        met,
        new Number(maximum),
        new Number(points),
        points
            + " active violation points "
            + (met ? "are within" : "exceed")
            + " the maximum "
            + maximum);
  }

  private static ConditionResult health(int minimum, Standing s) {
    if (s.model() != Standing.Model.HEALTH_RATING) {
      return notApplicable(
          EligibilityCondition.MINIMUM_HEALTH_SCORE,
          new Number(minimum),
          standingValue(s),
          "The market uses " + s.model() + ", not a health score; the minimum does not apply");
    }
    int score = s.healthScore() == null ? 0 : s.healthScore();
    boolean met = score >= minimum;
    return result(
        EligibilityCondition.MINIMUM_HEALTH_SCORE,
        met,
        new Number(minimum),
        new Number(score),
        "Health score " + score + (met ? " meets" : " is below") + " the minimum " + minimum);
  }

  /** The value the market's model does have (null when it has none). */
  private static EligibilityValue standingValue(Standing s) {
    Integer value = s.model() == Standing.Model.POINTS_LADDER ? s.activePoints() : s.healthScore();
    return value == null ? null : new Number(value);
  }

  private static ConditionResult categories(List<String> required, CreatorFacts c) {
    boolean met = c.categories().stream().anyMatch(required::contains);
    return result(
        EligibilityCondition.CATEGORIES,
        met,
        new Categories(required),
        new Categories(c.categories()),
        (c.categories().isEmpty()
                ? "No category"
                : "Categories " + String.join(", ", c.categories()))
            + (met ? " include one of " : " include none of ")
            + String.join(", ", required));
  }

  private static ConditionResult noCampaignRestriction(CreatorFacts c) {
    boolean restricted = c.restrictionTypes().contains(CAMPAIGN_INELIGIBLE);
    return result(
        EligibilityCondition.NO_CAMPAIGN_RESTRICTION,
        !restricted,
        new Restrictions(List.of()),
        new Restrictions(restricted ? List.of(CAMPAIGN_INELIGIBLE) : List.of()),
        restricted
            ? "A CAMPAIGN_INELIGIBLE restriction is in force"
            : "No CAMPAIGN_INELIGIBLE restriction is in force");
  }

  private static ConditionResult result(
      EligibilityCondition condition,
      boolean met,
      EligibilityValue expected,
      EligibilityValue actual,
      String message) {
    return new ConditionResult(
        condition,
        met ? EligibilityOutcome.MET : EligibilityOutcome.UNMET,
        expected,
        actual,
        message);
  }

  private static ConditionResult notApplicable(
      EligibilityCondition condition,
      EligibilityValue expected,
      EligibilityValue actual,
      String message) {
    return new ConditionResult(
        condition, EligibilityOutcome.NOT_APPLICABLE, expected, actual, message);
  }
}
