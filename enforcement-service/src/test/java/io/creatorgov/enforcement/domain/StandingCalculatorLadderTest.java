package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.StandingFixtures.AT_12;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_15;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_3;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_6;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_9;
import static io.creatorgov.enforcement.domain.StandingFixtures.COUNTERFEIT_GOODS;
import static io.creatorgov.enforcement.domain.StandingFixtures.DANGEROUS_GOODS;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_90;
import static io.creatorgov.enforcement.domain.StandingFixtures.FAKE_DISCOUNT;
import static io.creatorgov.enforcement.domain.StandingFixtures.KUALA_LUMPUR;
import static io.creatorgov.enforcement.domain.StandingFixtures.LISTING_SPAM;
import static io.creatorgov.enforcement.domain.StandingFixtures.MINOR_SAFETY;
import static io.creatorgov.enforcement.domain.StandingFixtures.jpRollingLadder;
import static io.creatorgov.enforcement.domain.StandingFixtures.local;
import static io.creatorgov.enforcement.domain.StandingFixtures.myQuarterlyLadder;
import static io.creatorgov.enforcement.domain.StandingFixtures.past;
import static io.creatorgov.enforcement.domain.StandingFixtures.reversed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandingCalculatorLadderTest {
  private static final Instant T0 = Instant.parse("2025-05-01T02:00:00Z");

  private static Decision decide(
      StandingRules rules, CatalogueEntry entry, Instant at, List<PastViolation> history) {
    return StandingCalculator.decide(rules, entry, at, history, null, ActivityLog.ALWAYS);
  }

  @Test
  void walkingUpTheLadderBringsEachThresholdOnceAsItIsReached() {
    StandingRules rules = jpRollingLadder();
    CatalogueEntry[] walk = {
      LISTING_SPAM, FAKE_DISCOUNT, FAKE_DISCOUNT, LISTING_SPAM, FAKE_DISCOUNT,
      LISTING_SPAM, FAKE_DISCOUNT, LISTING_SPAM, FAKE_DISCOUNT, LISTING_SPAM
    };
    int[] expectedAfter = {1, 3, 5, 6, 8, 9, 11, 12, 14, 15};
    Integer[] expectedThreshold = {null, 3, null, 6, null, 9, null, 12, null, 15};
    Consequence[] expectedConsequence = {
      Consequence.warning(), AT_3, Consequence.contentRemoval(), AT_6,
      Consequence.contentRemoval(), AT_9, Consequence.contentRemoval(), AT_12,
      Consequence.contentRemoval(), AT_15
    };
    List<PastViolation> history = new ArrayList<>();
    for (int i = 0; i < walk.length; i++) {
      // five days apart: all inside the 90-day window, never ten inside 30 days
      Instant at = T0.plus(Duration.ofDays(5L * i));
      Decision d = decide(rules, walk[i], at, history);

      assertThat(d.pointsBefore())
          .as("points before #%d", i + 1)
          .isEqualTo(i == 0 ? 0 : expectedAfter[i - 1]);
      assertThat(d.pointsAfter()).as("points after #%d", i + 1).isEqualTo(expectedAfter[i]);
      assertThat(d.thresholdReached()).as("threshold #%d", i + 1).isEqualTo(expectedThreshold[i]);
      assertThat(d.consequence()).as("consequence #%d", i + 1).isEqualTo(expectedConsequence[i]);
      if (expectedThreshold[i] == null) {
        assertThat(d.basis()).isEqualTo(DecisionBasis.DEFAULT);
        assertThat(d.rulesFired()).hasSize(1);
      } else {
        assertThat(d.basis()).isEqualTo(DecisionBasis.LADDER_THRESHOLD);
        assertThat(d.determinativeRule().index()).isEqualTo(i / 2);
      }
      assertThat(d.repeatOffence()).isFalse();
      assertThat(d.pointsExpireTime()).isEqualTo(at.plus(DAYS_90));
      assertThat(d.scoreBefore()).isZero();
      history.add(past(walk[i], at));
    }
  }

  @Test
  void aJumpOverSeveralThresholdsReportsTheHighestAndTheMoreSevereDefaultStillWins() {
    List<PastViolation> history = List.of(past(FAKE_DISCOUNT, T0));

    Decision d = decide(jpRollingLadder(), DANGEROUS_GOODS, T0.plus(Duration.ofDays(1)), history);

    // 2 -> 8 passes 3 and 6: threshold 6 (TRAFFIC_RESTRICTION 14 days) is the one reached,
    // but the catalogue's SUSPENSION is the more severe action type
    assertThat(d.thresholdReached()).isEqualTo(6);
    assertThat(d.consequence()).isEqualTo(DANGEROUS_GOODS.defaultConsequence());
    assertThat(d.basis()).isEqualTo(DecisionBasis.DEFAULT);
    assertThat(d.rulesFired())
        .extracting(FiredRule::basis, FiredRule::index, FiredRule::determinative)
        .containsExactly(
            tuple(DecisionBasis.DEFAULT, -1, true),
            tuple(DecisionBasis.LADDER_THRESHOLD, 1, false));
  }

  @Test
  void aThresholdAlreadyReachedIsNotReachedAgainByTheNextViolation() {
    List<PastViolation> history = List.of(past(COUNTERFEIT_GOODS, T0)); // 3 points

    Decision d = decide(jpRollingLadder(), LISTING_SPAM, T0.plus(Duration.ofDays(1)), history);

    assertThat(d.pointsBefore()).isEqualTo(3);
    assertThat(d.pointsAfter()).isEqualTo(4);
    assertThat(d.thresholdReached()).isNull();
    assertThat(d.consequence()).isEqualTo(Consequence.warning());
    assertThat(d.rulesFired()).hasSize(1);
  }

  @Test
  void aViolationWithoutPointsReachesNoThreshold() {
    CatalogueEntry noPoints =
        new CatalogueEntry(
            "NOTE_ONLY",
            "note",
            Severity.LOW,
            0,
            0,
            Consequence.warning(),
            "",
            GroundType.INCOMPATIBLE_WITH_TERMS,
            "terms",
            "OTHER");
    List<PastViolation> history = List.of(past(FAKE_DISCOUNT, T0)); // 2 points

    Decision d = decide(jpRollingLadder(), noPoints, T0.plus(Duration.ofDays(1)), history);

    assertThat(d.pointsAfter()).isEqualTo(2);
    assertThat(d.thresholdReached()).isNull();
  }

  @Test
  void reversedViolationsAddNoPoints() {
    List<PastViolation> history =
        List.of(reversed(COUNTERFEIT_GOODS, T0), past(FAKE_DISCOUNT, T0.plus(Duration.ofDays(1))));

    Decision d = decide(jpRollingLadder(), LISTING_SPAM, T0.plus(Duration.ofDays(2)), history);

    assertThat(d.pointsBefore()).isEqualTo(2);
    assertThat(d.pointsAfter()).isEqualTo(3);
    assertThat(d.consequence()).isEqualTo(AT_3);
  }

  @Test
  void rollingWindowPointsStopCountingExactlyWhenTheWindowEnds() {
    List<PastViolation> history = List.of(past(COUNTERFEIT_GOODS, T0));
    Instant expiry = T0.plus(DAYS_90);

    Decision justBefore = decide(jpRollingLadder(), LISTING_SPAM, expiry.minusNanos(1), history);
    Decision atTheEnd = decide(jpRollingLadder(), LISTING_SPAM, expiry, history);

    assertThat(justBefore.pointsBefore()).isEqualTo(3);
    assertThat(atTheEnd.pointsBefore()).isZero();
    assertThat(atTheEnd.pointsAfter()).isEqualTo(1);
  }

  @Test
  void rollingWindowPointsExpireTheirWindowAfterTheViolation() {
    Instant at = T0.plusSeconds(12_345);

    Decision d = decide(jpRollingLadder(), FAKE_DISCOUNT, at, List.of());

    assertThat(d.pointsExpireTime()).isEqualTo(at.plus(DAYS_90));
  }

  @Test
  void violationsObservedAfterTheDecidedOneAreIgnored() {
    List<PastViolation> history = List.of(past(COUNTERFEIT_GOODS, T0.plus(Duration.ofDays(2))));

    Decision d = decide(jpRollingLadder(), FAKE_DISCOUNT, T0, history);

    assertThat(d.pointsBefore()).isZero();
  }

  @Test
  void quarterlyPointsResetAtLocalMidnightOnTheFirstDayOfTheQuarter() {
    StandingRules rules = myQuarterlyLadder();
    // 23:30 on 31 March in Kuala Lumpur (UTC+8) is 15:30 UTC, still in the first quarter
    Instant lastQuarter = local("2025-03-31T23:30:00", KUALA_LUMPUR);
    List<PastViolation> history = List.of(past(COUNTERFEIT_GOODS, lastQuarter));

    Decision sameNight =
        decide(rules, LISTING_SPAM, local("2025-03-31T23:45:00", KUALA_LUMPUR), history);
    // 00:30 on 1 April local is still 31 March in UTC: the reset follows the market's clock
    Instant nextQuarter = local("2025-04-01T00:30:00", KUALA_LUMPUR);
    Decision nextMorning = decide(rules, LISTING_SPAM, nextQuarter, history);

    assertThat(nextQuarter).isBefore(Instant.parse("2025-04-01T00:00:00Z"));
    assertThat(sameNight.pointsBefore()).isEqualTo(3);
    assertThat(nextMorning.pointsBefore()).isZero();
    assertThat(nextMorning.pointsAfter()).isEqualTo(1);
  }

  @Test
  void quarterlyPointsExpireAtTheNextLocalQuarterStart() {
    Decision d =
        decide(
            myQuarterlyLadder(),
            FAKE_DISCOUNT,
            local("2025-03-31T23:30:00", KUALA_LUMPUR),
            List.of());

    assertThat(d.pointsExpireTime()).isEqualTo(local("2025-04-01T00:00:00", KUALA_LUMPUR));
    assertThat(d.pointsExpireTime()).isEqualTo(Instant.parse("2025-03-31T16:00:00Z"));
    // half an hour later it is 1 April locally (still 31 March in UTC): the next reset is July's
    Decision nextQuarter =
        decide(
            myQuarterlyLadder(),
            FAKE_DISCOUNT,
            local("2025-04-01T00:30:00", KUALA_LUMPUR),
            List.of());
    assertThat(nextQuarter.pointsExpireTime())
        .isEqualTo(local("2025-07-01T00:00:00", KUALA_LUMPUR));
  }

  @Test
  void quartersStartingInFebruaryResetOnTheFirstOfMayNotApril() {
    StandingRules rules =
        new StandingRules(
            new PointsLadder(new QuarterlyReset(2), StandingFixtures.THRESHOLDS),
            StandingFixtures.REPEAT_RULES,
            KUALA_LUMPUR);
    List<PastViolation> march =
        List.of(past(COUNTERFEIT_GOODS, local("2025-03-31T23:30:00", KUALA_LUMPUR)));
    List<PastViolation> april =
        List.of(past(COUNTERFEIT_GOODS, local("2025-04-30T23:30:00", KUALA_LUMPUR)));

    Decision acrossApril1 =
        decide(rules, LISTING_SPAM, local("2025-04-01T00:30:00", KUALA_LUMPUR), march);
    Decision acrossMay1 =
        decide(rules, LISTING_SPAM, local("2025-05-01T00:30:00", KUALA_LUMPUR), april);

    assertThat(acrossApril1.pointsBefore()).isEqualTo(3);
    assertThat(acrossMay1.pointsBefore()).isZero();
    assertThat(acrossApril1.pointsExpireTime())
        .isEqualTo(local("2025-05-01T00:00:00", KUALA_LUMPUR));
  }

  @Test
  void activePointsAtAnInstantCountOnlyUnexpiredUnreversedViolations() {
    PointsLadder ladder = (PointsLadder) jpRollingLadder().model();
    List<PastViolation> history =
        List.of(
            past(COUNTERFEIT_GOODS, T0),
            past(FAKE_DISCOUNT, T0.plus(Duration.ofDays(60))),
            reversed(MINOR_SAFETY, T0.plus(Duration.ofDays(61))));

    assertThat(
            StandingCalculator.activePoints(
                ladder, KUALA_LUMPUR, history, T0.plus(Duration.ofDays(61))))
        .isEqualTo(5);
    assertThat(
            StandingCalculator.activePoints(
                ladder, KUALA_LUMPUR, history, T0.plus(Duration.ofDays(100))))
        .isEqualTo(2);
  }
}
