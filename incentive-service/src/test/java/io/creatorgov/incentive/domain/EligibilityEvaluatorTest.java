package io.creatorgov.incentive.domain;

import static io.creatorgov.incentive.domain.EligibilityCondition.CATEGORIES;
import static io.creatorgov.incentive.domain.EligibilityCondition.CREATOR_STATUS;
import static io.creatorgov.incentive.domain.EligibilityCondition.HOME_MARKET;
import static io.creatorgov.incentive.domain.EligibilityCondition.MAXIMUM_VIOLATION_POINTS;
import static io.creatorgov.incentive.domain.EligibilityCondition.MINIMUM_HEALTH_SCORE;
import static io.creatorgov.incentive.domain.EligibilityCondition.MINIMUM_TIER;
import static io.creatorgov.incentive.domain.EligibilityCondition.NO_CAMPAIGN_RESTRICTION;
import static io.creatorgov.incentive.domain.EligibilityOutcome.MET;
import static io.creatorgov.incentive.domain.EligibilityOutcome.NOT_APPLICABLE;
import static io.creatorgov.incentive.domain.EligibilityOutcome.UNMET;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EligibilityEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  /** SILVER or better, at most 6 points, a health score of 700, ACTIVE only, beauty or fashion. */
  private static final Eligibility EVERY_CRITERION =
      new Eligibility(
          Tier.SILVER, 6, 700, List.of(EligibleStatus.ACTIVE), List.of("beauty", "fashion"));

  private static CreatorFacts creator(
      String market, String status, Tier tier, List<String> cats, List<String> restrictions) {
    return new CreatorFacts(market, status, tier, cats, restrictions);
  }

  private static EligibilityEvaluation evaluate(Eligibility e, CreatorFacts c, Standing s) {
    return EligibilityEvaluator.evaluate(
        "MY", e, new EligibilitySnapshot(c, NOW, s, s == null ? null : NOW), NOW);
  }

  private static Standing points(int points) {
    return new Standing(Standing.Model.POINTS_LADDER, points, null);
  }

  @Test
  void aCreatorMeetingEveryConditionIsEligibleAndEveryConditionIsListedInContractOrder() {
    EligibilityEvaluation ev =
        evaluate(
            EVERY_CRITERION,
            creator("MY", "ACTIVE", Tier.GOLD, List.of("fashion"), List.of()),
            points(2));

    assertThat(ev.eligible()).isTrue();
    assertThat(ev.conditions())
        .extracting(ConditionResult::condition)
        .containsExactly(
            HOME_MARKET,
            CREATOR_STATUS,
            MINIMUM_TIER,
            MAXIMUM_VIOLATION_POINTS,
            MINIMUM_HEALTH_SCORE,
            CATEGORIES,
            NO_CAMPAIGN_RESTRICTION);
    assertThat(ev.conditions())
        .extracting(ConditionResult::outcome)
        .containsExactly(MET, MET, MET, MET, NOT_APPLICABLE, MET, MET);
    assertThat(ev.evaluateTime()).isEqualTo(NOW);
  }

  @Test
  void everyUnmetConditionIsReportedWithTypedExpectedAndActualValuesNotJustTheFirst() {
    EligibilityEvaluation ev =
        evaluate(
            EVERY_CRITERION,
            creator(
                "ID", "SUSPENDED", Tier.BRONZE, List.of("gaming"), List.of("CAMPAIGN_INELIGIBLE")),
            points(9));

    assertThat(ev.eligible()).isFalse();
    assertThat(ev.unmet())
        .extracting(ConditionResult::condition)
        .containsExactly(
            HOME_MARKET,
            CREATOR_STATUS,
            MINIMUM_TIER,
            MAXIMUM_VIOLATION_POINTS,
            CATEGORIES,
            NO_CAMPAIGN_RESTRICTION);
    assertThat(result(ev, HOME_MARKET).expected()).isEqualTo(new EligibilityValue.Market("MY"));
    assertThat(result(ev, HOME_MARKET).actual()).isEqualTo(new EligibilityValue.Market("ID"));
    assertThat(result(ev, CREATOR_STATUS).expected())
        .isEqualTo(new EligibilityValue.Statuses(List.of("ACTIVE")));
    assertThat(result(ev, CREATOR_STATUS).actual())
        .isEqualTo(new EligibilityValue.Statuses(List.of("SUSPENDED")));
    assertThat(result(ev, MINIMUM_TIER).expected())
        .isEqualTo(new EligibilityValue.TierValue(Tier.SILVER));
    assertThat(result(ev, MINIMUM_TIER).actual())
        .isEqualTo(new EligibilityValue.TierValue(Tier.BRONZE));
    assertThat(result(ev, MINIMUM_TIER).message())
        .isEqualTo("Tier BRONZE is below the required SILVER");
    assertThat(result(ev, MAXIMUM_VIOLATION_POINTS).expected())
        .isEqualTo(new EligibilityValue.Number(6));
    assertThat(result(ev, MAXIMUM_VIOLATION_POINTS).actual())
        .isEqualTo(new EligibilityValue.Number(9));
    assertThat(result(ev, CATEGORIES).actual())
        .isEqualTo(new EligibilityValue.Categories(List.of("gaming")));
    assertThat(result(ev, NO_CAMPAIGN_RESTRICTION).expected())
        .isEqualTo(new EligibilityValue.Restrictions(List.of()));
    assertThat(result(ev, NO_CAMPAIGN_RESTRICTION).actual())
        .isEqualTo(new EligibilityValue.Restrictions(List.of("CAMPAIGN_INELIGIBLE")));
  }

  @Test
  void aPointsMaximumDoesNotApplyInAHealthRatingMarketButTheHealthMinimumDoes() {
    Standing health = new Standing(Standing.Model.HEALTH_RATING, null, 650);
    EligibilityEvaluation ev =
        evaluate(
            EVERY_CRITERION,
            creator("MY", "ACTIVE", Tier.GOLD, List.of("beauty"), List.of()),
            health);

    assertThat(result(ev, MAXIMUM_VIOLATION_POINTS).outcome()).isEqualTo(NOT_APPLICABLE);
    assertThat(result(ev, MINIMUM_HEALTH_SCORE).outcome()).isEqualTo(UNMET);
    assertThat(result(ev, MINIMUM_HEALTH_SCORE).actual())
        .isEqualTo(new EligibilityValue.Number(650));
    assertThat(ev.unmet())
        .extracting(ConditionResult::condition)
        .containsExactly(MINIMUM_HEALTH_SCORE);
  }

  @Test
  void withoutCriteriaOnlyTheAlwaysCheckedConditionsArePresentAndNoStandingIsNeeded() {
    assertThat(EligibilityEvaluator.needsStanding(Eligibility.none())).isFalse();
    assertThat(EligibilityEvaluator.needsStanding(Eligibility.none().withMinimumHealthScore(1)))
        .isTrue();

    EligibilityEvaluation ev =
        evaluate(Eligibility.none(), creator("MY", "RESTRICTED", null, List.of(), List.of()), null);

    assertThat(ev.conditions())
        .extracting(ConditionResult::condition)
        .containsExactly(HOME_MARKET, CREATOR_STATUS, NO_CAMPAIGN_RESTRICTION);
    assertThat(ev.eligible()).as("ACTIVE and RESTRICTED are admitted by default").isTrue();
  }

  @Test
  void aCreatorWithoutATierDoesNotMeetAMinimumTier() {
    EligibilityEvaluation ev =
        evaluate(
            Eligibility.none().withMinimumTier(Tier.BRONZE),
            creator("MY", "ACTIVE", null, List.of(), List.of()),
            null);

    assertThat(result(ev, MINIMUM_TIER).outcome()).isEqualTo(UNMET);
    assertThat(result(ev, MINIMUM_TIER).actual()).isEqualTo(new EligibilityValue.TierValue(null));
  }

  private static ConditionResult result(EligibilityEvaluation ev, EligibilityCondition condition) {
    return ev.conditions().stream()
        .filter(c -> c.condition() == condition)
        .findFirst()
        .orElseThrow();
  }
}
