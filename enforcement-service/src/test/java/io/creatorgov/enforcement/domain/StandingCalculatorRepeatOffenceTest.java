package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.StandingFixtures.ANY_REPEATED;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_3;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_90;
import static io.creatorgov.enforcement.domain.StandingFixtures.FAKE_DISCOUNT;
import static io.creatorgov.enforcement.domain.StandingFixtures.KUALA_LUMPUR;
import static io.creatorgov.enforcement.domain.StandingFixtures.LISTING_SPAM;
import static io.creatorgov.enforcement.domain.StandingFixtures.PROHIBITED_ITEM_SALE;
import static io.creatorgov.enforcement.domain.StandingFixtures.PROHIBITED_REPEATED;
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

class StandingCalculatorRepeatOffenceTest {
  /** 10 April in Kuala Lumpur: the second quarter, so first-quarter points have been reset. */
  private static final Instant APRIL_10 = local("2025-04-10T12:00:00", KUALA_LUMPUR);

  private static Decision decide(
      StandingRules rules, CatalogueEntry entry, Instant at, List<PastViolation> history) {
    return StandingCalculator.decide(rules, entry, at, history, null, ActivityLog.ALWAYS);
  }

  /** Five PROHIBITED_ITEM_SALE in February and March: inside 90 days of 10 April. */
  private static List<PastViolation> fiveProhibitedSalesLastQuarter() {
    List<PastViolation> history = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      history.add(
          past(
              PROHIBITED_ITEM_SALE,
              local("2025-02-01T10:00:00", KUALA_LUMPUR).plus(Duration.ofDays(10L * i))));
    }
    return history;
  }

  @Test
  void theSixthSameCodeViolationInTheWindowEscalatesEvenAfterItsPointsExpired() {
    Decision d =
        decide(
            myQuarterlyLadder(), PROHIBITED_ITEM_SALE, APRIL_10, fiveProhibitedSalesLastQuarter());

    // the quarterly reset cleared the earlier points, but the repeat rule still counts them
    assertThat(d.pointsBefore()).isZero();
    assertThat(d.pointsAfter()).isEqualTo(3);
    assertThat(d.thresholdReached()).isEqualTo(3);
    assertThat(d.repeatOffence()).isTrue();
    assertThat(d.repeatCount()).isEqualTo(6);
    assertThat(d.consequence()).isEqualTo(PROHIBITED_REPEATED);
    assertThat(d.basis()).isEqualTo(DecisionBasis.REPEAT_OFFENCE);
    assertThat(d.rulesFired())
        .extracting(
            FiredRule::basis, FiredRule::index, FiredRule::consequence, FiredRule::determinative)
        .containsExactly(
            tuple(DecisionBasis.DEFAULT, -1, PROHIBITED_ITEM_SALE.defaultConsequence(), false),
            tuple(DecisionBasis.LADDER_THRESHOLD, 0, AT_3, false),
            tuple(DecisionBasis.REPEAT_OFFENCE, 1, PROHIBITED_REPEATED, true));
  }

  @Test
  void reversedViolationsNeverCountAsRepeats() {
    List<PastViolation> history = fiveProhibitedSalesLastQuarter();
    PastViolation first = history.get(0);
    history.set(0, reversed(PROHIBITED_ITEM_SALE, first.observedTime()));

    Decision d = decide(myQuarterlyLadder(), PROHIBITED_ITEM_SALE, APRIL_10, history);

    assertThat(d.repeatOffence()).isFalse();
    assertThat(d.repeatCount()).isEqualTo(5);
    assertThat(d.consequence()).isEqualTo(AT_3);
    assertThat(d.basis()).isEqualTo(DecisionBasis.LADDER_THRESHOLD);
  }

  @Test
  void aViolationExactlyOneWindowEarlierIsOutsideTheWindow() {
    List<PastViolation> history = fiveProhibitedSalesLastQuarter();
    Instant sixth = history.get(0).observedTime().plus(DAYS_90);

    Decision d = decide(myQuarterlyLadder(), PROHIBITED_ITEM_SALE, sixth, history);
    Decision aSecondEarlier =
        decide(myQuarterlyLadder(), PROHIBITED_ITEM_SALE, sixth.minusSeconds(1), history);

    assertThat(d.repeatCount()).isEqualTo(5);
    assertThat(d.repeatOffence()).isFalse();
    assertThat(aSecondEarlier.repeatCount()).isEqualTo(6);
    assertThat(aSecondEarlier.repeatOffence()).isTrue();
  }

  @Test
  void otherCodesDoNotCountForACodeRule() {
    List<PastViolation> history = fiveProhibitedSalesLastQuarter();

    Decision d = decide(myQuarterlyLadder(), FAKE_DISCOUNT, APRIL_10, history);

    assertThat(d.repeatOffence()).isFalse();
    // only the * rule matches; its 30-day window holds 13 March and this one
    assertThat(d.repeatCount()).isEqualTo(2);
  }

  @Test
  void theAnyCodeRuleCountsEveryCodeAndFiresAtItsOccurrences() {
    Instant start = Instant.parse("2025-06-01T00:00:00Z");
    List<PastViolation> history = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      CatalogueEntry entry = i % 2 == 0 ? LISTING_SPAM : FAKE_DISCOUNT;
      history.add(past(entry, start.plus(Duration.ofDays(3L * i))));
    }

    Decision d = decide(jpRollingLadder(), LISTING_SPAM, start.plus(Duration.ofDays(27)), history);

    assertThat(d.repeatOffence()).isTrue();
    assertThat(d.repeatCount()).isEqualTo(10);
    assertThat(d.consequence()).isEqualTo(ANY_REPEATED);
    assertThat(d.basis()).isEqualTo(DecisionBasis.REPEAT_OFFENCE);
    assertThat(d.determinativeRule().index()).isEqualTo(3);
  }

  @Test
  void aReversedViolationKeepsTheAnyCodeRuleBelowItsOccurrences() {
    Instant start = Instant.parse("2025-06-01T00:00:00Z");
    List<PastViolation> history = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      history.add(
          i == 4
              ? reversed(LISTING_SPAM, start.plus(Duration.ofDays(3L * i)))
              : past(LISTING_SPAM, start.plus(Duration.ofDays(3L * i))));
    }

    Decision d = decide(jpRollingLadder(), LISTING_SPAM, start.plus(Duration.ofDays(27)), history);

    assertThat(d.repeatOffence()).isFalse();
    assertThat(d.repeatCount()).isEqualTo(9);
  }

  @Test
  void withoutMatchingRulesTheRepeatCountIsOne() {
    StandingRules noRules = StandingFixtures.withRepeatRules(jpRollingLadder(), List.of());

    Decision d = decide(noRules, PROHIBITED_ITEM_SALE, APRIL_10, fiveProhibitedSalesLastQuarter());

    assertThat(d.repeatOffence()).isFalse();
    assertThat(d.repeatCount()).isEqualTo(1);
  }
}
