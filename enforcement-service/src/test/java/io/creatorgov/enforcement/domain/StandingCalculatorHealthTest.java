package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.StandingFixtures.AT_3;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_6;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_7;
import static io.creatorgov.enforcement.domain.StandingFixtures.FAKE_DISCOUNT;
import static io.creatorgov.enforcement.domain.StandingFixtures.JAKARTA;
import static io.creatorgov.enforcement.domain.StandingFixtures.LISTING_SPAM;
import static io.creatorgov.enforcement.domain.StandingFixtures.MILESTONES;
import static io.creatorgov.enforcement.domain.StandingFixtures.MINOR_SAFETY;
import static io.creatorgov.enforcement.domain.StandingFixtures.idHealthRating;
import static io.creatorgov.enforcement.domain.StandingFixtures.past;
import static io.creatorgov.enforcement.domain.StandingFixtures.reversed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandingCalculatorHealthTest {
  /** Onboarding: earn-back periods are counted from here. */
  private static final Instant ONBOARDED = Instant.parse("2025-02-03T03:00:00Z");

  private static Instant day(long days) {
    return ONBOARDED.plus(Duration.ofDays(days));
  }

  private static Decision decide(
      StandingRules rules,
      CatalogueEntry entry,
      Instant at,
      List<PastViolation> history,
      ActivityLog activity) {
    return StandingCalculator.decide(rules, entry, at, history, ONBOARDED, activity);
  }

  private static StandingRules withRating(HealthRating rating) {
    return new StandingRules(rating, List.of(), JAKARTA);
  }

  @Test
  void deductionsCrossEachMilestoneOnceAndNotAgainWhileTheScoreStaysBelowIt() {
    CatalogueEntry[] walk = {FAKE_DISCOUNT, FAKE_DISCOUNT, LISTING_SPAM, FAKE_DISCOUNT};
    int[] expectedAfter = {170, 140, 130, 100};
    Integer[] expectedMilestone = {null, 150, null, 100};
    Consequence[] expected = {Consequence.contentRemoval(), AT_3, Consequence.warning(), AT_6};
    List<PastViolation> history = new ArrayList<>();
    for (int i = 0; i < walk.length; i++) {
      Instant at = day(i + 1);
      Decision d = decide(idHealthRating(), walk[i], at, history, ActivityLog.NEVER);

      assertThat(d.scoreBefore())
          .as("before #%d", i + 1)
          .isEqualTo(i == 0 ? 200 : expectedAfter[i - 1]);
      assertThat(d.scoreAfter()).as("after #%d", i + 1).isEqualTo(expectedAfter[i]);
      assertThat(d.thresholdReached()).as("milestone #%d", i + 1).isEqualTo(expectedMilestone[i]);
      assertThat(d.consequence()).as("consequence #%d", i + 1).isEqualTo(expected[i]);
      assertThat(d.basis())
          .isEqualTo(
              expectedMilestone[i] == null
                  ? DecisionBasis.DEFAULT
                  : DecisionBasis.HEALTH_MILESTONE);
      history.add(past(walk[i], at));
    }
  }

  @Test
  void healthDecisionsCarryNoPoints() {
    Decision d = decide(idHealthRating(), FAKE_DISCOUNT, day(1), List.of(), ActivityLog.NEVER);

    assertThat(d.pointsBefore()).isZero();
    assertThat(d.pointsAfter()).isZero();
    assertThat(d.pointsExpireTime()).isNull();
  }

  @Test
  void theScoreIsFlooredAtTheMinimumAndTheMostSevereCrossedMilestoneApplies() {
    List<PastViolation> history =
        List.of(
            past(FAKE_DISCOUNT, day(1)), past(FAKE_DISCOUNT, day(2)), past(LISTING_SPAM, day(3)));

    Decision d = decide(idHealthRating(), MINOR_SAFETY, day(4), history, ActivityLog.NEVER);

    // 130 - 200 floors at 0, crossing 100, 50 and 0: the BAN at 0 is the most severe
    assertThat(d.scoreBefore()).isEqualTo(130);
    assertThat(d.scoreAfter()).isZero();
    assertThat(d.thresholdReached()).isZero();
    assertThat(d.consequence()).isEqualTo(Consequence.ban());
    // the catalogue default is a BAN too: on a tie the default stands
    assertThat(d.basis()).isEqualTo(DecisionBasis.DEFAULT);
    assertThat(d.rulesFired())
        .extracting(FiredRule::basis, FiredRule::index, FiredRule::determinative)
        .containsExactly(
            tuple(DecisionBasis.DEFAULT, -1, true),
            tuple(DecisionBasis.HEALTH_MILESTONE, 3, false));
  }

  @Test
  void atTheMinimumAFurtherViolationCrossesNothing() {
    List<PastViolation> history = List.of(past(MINOR_SAFETY, day(1)));

    Decision d = decide(idHealthRating(), LISTING_SPAM, day(2), history, ActivityLog.NEVER);

    assertThat(d.scoreBefore()).isZero();
    assertThat(d.scoreAfter()).isZero();
    assertThat(d.thresholdReached()).isNull();
    assertThat(d.consequence()).isEqualTo(Consequence.warning());
  }

  @Test
  void compliantWeeksWithActivityEarnScoreBack() {
    List<PastViolation> history = List.of(past(FAKE_DISCOUNT, day(1)));

    Decision withActivity =
        decide(idHealthRating(), LISTING_SPAM, day(28), history, ActivityLog.ALWAYS);
    Decision withoutActivity =
        decide(idHealthRating(), LISTING_SPAM, day(28), history, ActivityLog.NEVER);

    // week 1 had the violation; weeks 2, 3 and 4 earn 10 each
    assertThat(withActivity.scoreBefore()).isEqualTo(200);
    assertThat(withoutActivity.scoreBefore()).isEqualTo(170);
  }

  @Test
  void onlyPeriodsWithQualifyingActivityEarnScoreBack() {
    List<PastViolation> history = List.of(past(FAKE_DISCOUNT, day(1)));
    List<Instant> asked = new ArrayList<>();
    ActivityLog secondWeekOnly =
        (from, to) -> {
          asked.add(from);
          assertThat(Duration.between(from, to)).isEqualTo(DAYS_7);
          return from.equals(day(7));
        };

    Decision d = decide(idHealthRating(), LISTING_SPAM, day(28), history, secondWeekOnly);

    assertThat(d.scoreBefore()).isEqualTo(180);
    // the week with the violation is never compliant, whatever the activity
    assertThat(asked).containsExactly(day(7), day(14), day(21));
  }

  @Test
  void aPeriodStillRunningEarnsNothing() {
    Decision d =
        decide(
            idHealthRating(), LISTING_SPAM, day(7).minusSeconds(1), List.of(), ActivityLog.ALWAYS);

    assertThat(d.scoreBefore()).isEqualTo(200);
  }

  @Test
  void aViolationAtAPeriodsEndBelongsToTheNextPeriod() {
    List<PastViolation> history = List.of(past(FAKE_DISCOUNT, day(7)));

    Decision d = decide(idHealthRating(), LISTING_SPAM, day(10), history, ActivityLog.ALWAYS);

    // week 1 [day 0, day 7) is compliant: 210, then the deduction at day 7: 180
    assertThat(d.scoreBefore()).isEqualTo(180);
  }

  @Test
  void earnBackNeverRaisesTheScoreAboveTheCap() {
    HealthRating capped =
        new HealthRating(0, 1_000, 200, new EarnBack(10, DAYS_7, 220), MILESTONES);

    Decision d = decide(withRating(capped), LISTING_SPAM, day(70), List.of(), ActivityLog.ALWAYS);

    assertThat(d.scoreBefore()).isEqualTo(220);
    assertThat(d.scoreAfter()).isEqualTo(210);
  }

  @Test
  void aCapOfZeroMeansTheMaximumScore() {
    HealthRating rating = new HealthRating(0, 250, 200, new EarnBack(10, DAYS_7, 0), MILESTONES);

    assertThat(rating.earnBack().capScore()).isEqualTo(250);
    assertThat(StandingCalculator.score(rating, List.of(), day(70), ONBOARDED, ActivityLog.ALWAYS))
        .isEqualTo(250);
  }

  @Test
  void earnBackAndDeductionsApplyInTimeOrderAgainstTheCap() {
    HealthRating capped =
        new HealthRating(0, 1_000, 200, new EarnBack(10, DAYS_7, 210), MILESTONES);
    List<PastViolation> history = List.of(past(FAKE_DISCOUNT, day(15)));

    Decision d = decide(withRating(capped), LISTING_SPAM, day(28), history, ActivityLog.ALWAYS);

    // week 1: 210 (cap); week 2: still 210; day 15: 180; week 3 not compliant; week 4: 190.
    // Deducting after all earn-back would give 180.
    assertThat(d.scoreBefore()).isEqualTo(190);
  }

  @Test
  void earnBackAndDeductionsApplyInTimeOrderAgainstTheFloor() {
    List<PastViolation> history = List.of(past(MINOR_SAFETY, day(1)), past(MINOR_SAFETY, day(2)));

    Decision d = decide(idHealthRating(), LISTING_SPAM, day(21), history, ActivityLog.ALWAYS);

    // day 1: 0; day 2: still 0; weeks 2 and 3 earn 20. Earning first and deducting the 400
    // afterwards would floor at 0.
    assertThat(d.scoreBefore()).isEqualTo(20);
  }

  @Test
  void aMilestoneAppliesAgainAfterTheScoreRecoveredAboveIt() {
    List<PastViolation> history = List.of(past(FAKE_DISCOUNT, day(1)), past(FAKE_DISCOUNT, day(2)));

    // 140 after day 2; weeks 2 and 3 earn 20: 160, then 130 crosses 150 again
    Decision d = decide(idHealthRating(), FAKE_DISCOUNT, day(21), history, ActivityLog.ALWAYS);

    assertThat(d.scoreBefore()).isEqualTo(160);
    assertThat(d.scoreAfter()).isEqualTo(130);
    assertThat(d.thresholdReached()).isEqualTo(150);
    assertThat(d.consequence()).isEqualTo(AT_3);
  }

  @Test
  void reversedViolationsDeductNothingAndLeaveTheirPeriodCompliant() {
    List<PastViolation> history = List.of(reversed(MINOR_SAFETY, day(1)));

    Decision d = decide(idHealthRating(), LISTING_SPAM, day(7), history, ActivityLog.ALWAYS);

    assertThat(d.scoreBefore()).isEqualTo(210);
  }
}
