package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.StandingFixtures.AT_15;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_3;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_6;
import static io.creatorgov.enforcement.domain.StandingFixtures.COUNTERFEIT_GOODS;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_90;
import static io.creatorgov.enforcement.domain.StandingFixtures.FAKE_DISCOUNT;
import static io.creatorgov.enforcement.domain.StandingFixtures.JAKARTA;
import static io.creatorgov.enforcement.domain.StandingFixtures.KUALA_LUMPUR;
import static io.creatorgov.enforcement.domain.StandingFixtures.LISTING_SPAM;
import static io.creatorgov.enforcement.domain.StandingFixtures.idHealthRating;
import static io.creatorgov.enforcement.domain.StandingFixtures.jpRollingLadder;
import static io.creatorgov.enforcement.domain.StandingFixtures.local;
import static io.creatorgov.enforcement.domain.StandingFixtures.myQuarterlyLadder;
import static io.creatorgov.enforcement.domain.StandingFixtures.past;
import static io.creatorgov.enforcement.domain.StandingFixtures.reversed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentStandingTest {

  @Test
  void aCreatorWithoutViolationsHasNoPointsAndTheFirstThresholdAhead() {
    Instant now = local("2026-05-10T12:00", KUALA_LUMPUR);

    CurrentStanding s = CurrentStanding.at(myQuarterlyLadder(), List.of(), now, now);

    assertThat(s.health()).isNull();
    assertThat(s.activeViolations()).isZero();
    assertThat(s.ladder().activePoints()).isZero();
    assertThat(s.ladder().expiring()).isEmpty();
    assertThat(s.ladder().highestReached()).isNull();
    assertThat(s.ladder().next()).isEqualTo(new CurrentStanding.Rung(3, AT_3));
    assertThat(s.ladder().pointsToNext()).isEqualTo(3);
    // quarterly reset: the next quarter starts 1 July, local midnight
    assertThat(s.ladder().nextReset()).isEqualTo(local("2026-07-01T00:00", KUALA_LUMPUR));
    assertThat(s.ladder().rollingWindow()).isNull();
  }

  @Test
  void ladderPointsCountUntilTheQuarterEndsAndReversedOnesNever() {
    Instant now = local("2026-05-10T12:00", KUALA_LUMPUR);
    PastViolation lastQuarter = past(COUNTERFEIT_GOODS, local("2026-03-30T12:00", KUALA_LUMPUR));
    PastViolation counterfeit = past(COUNTERFEIT_GOODS, local("2026-04-02T12:00", KUALA_LUMPUR));
    PastViolation discount = past(FAKE_DISCOUNT, local("2026-05-01T12:00", KUALA_LUMPUR));
    PastViolation undone = reversed(COUNTERFEIT_GOODS, local("2026-05-02T12:00", KUALA_LUMPUR));

    CurrentStanding s =
        CurrentStanding.at(
            myQuarterlyLadder(), List.of(lastQuarter, counterfeit, discount, undone), now, now);

    int points = COUNTERFEIT_GOODS.points() + FAKE_DISCOUNT.points();
    assertThat(s.ladder().activePoints()).isEqualTo(points);
    assertThat(s.activeViolations()).isEqualTo(2);
    assertThat(s.ladder().expiring())
        .extracting(CurrentStanding.ExpiringPoints::violationId)
        .containsExactlyInAnyOrder(counterfeit.violationId(), discount.violationId());
    assertThat(s.ladder().expiring())
        .allSatisfy(
            e -> assertThat(e.expireTime()).isEqualTo(local("2026-07-01T00:00", KUALA_LUMPUR)));
    assertThat(s.ladder().highestReached().value()).isEqualTo(3);
    assertThat(s.ladder().next()).isEqualTo(new CurrentStanding.Rung(6, AT_6));
    assertThat(s.ladder().pointsToNext()).isEqualTo(6 - points);
  }

  @Test
  void aRollingWindowListsTheSoonestExpiryFirstAndGivesTheWindow() {
    Instant now = Instant.parse("2026-05-10T00:00:00Z");
    PastViolation older = past(LISTING_SPAM, now.minus(Duration.ofDays(80)));
    PastViolation newer = past(COUNTERFEIT_GOODS, now.minus(Duration.ofDays(10)));
    PastViolation aged = past(COUNTERFEIT_GOODS, now.minus(Duration.ofDays(91)));

    CurrentStanding s =
        CurrentStanding.at(jpRollingLadder(), List.of(newer, aged, older), now, now);

    assertThat(s.ladder().expiring())
        .extracting(CurrentStanding.ExpiringPoints::expireTime)
        .containsExactly(older.observedTime().plus(DAYS_90), newer.observedTime().plus(DAYS_90));
    assertThat(s.ladder().rollingWindow()).isEqualTo(DAYS_90);
    assertThat(s.ladder().nextReset()).isNull();
    assertThat(s.activeViolations()).isEqualTo(2);
  }

  @Test
  void atTheTopThresholdThereIsNoNextOne() {
    Instant now = local("2026-05-10T12:00", KUALA_LUMPUR);
    List<PastViolation> many =
        java.util.stream.IntStream.range(0, 6)
            .mapToObj(i -> past(COUNTERFEIT_GOODS, now.minus(Duration.ofDays(i + 1))))
            .toList();

    CurrentStanding s = CurrentStanding.at(myQuarterlyLadder(), many, now, now);

    assertThat(s.ladder().activePoints()).isGreaterThanOrEqualTo(15);
    assertThat(s.ladder().highestReached()).isEqualTo(new CurrentStanding.Rung(15, AT_15));
    assertThat(s.ladder().next()).isNull();
    assertThat(s.ladder().pointsToNext()).isZero();
  }

  @Test
  void aCleanHealthRatingIsTheStartScoreWithTheFirstMilestoneAhead() {
    Instant now = local("2026-05-10T12:00", JAKARTA);

    CurrentStanding s = CurrentStanding.at(idHealthRating(), List.of(), now, now);

    assertThat(s.ladder()).isNull();
    assertThat(s.health().score()).isEqualTo(200);
    assertThat(s.health().startScore()).isEqualTo(200);
    assertThat(s.health().lowestReached()).isNull();
    assertThat(s.health().next()).isEqualTo(new CurrentStanding.Rung(150, AT_3));
    assertThat(s.health().scoreAboveNext()).isEqualTo(50);
  }

  @Test
  void aMilestoneReachedExactlyCountsAsReachedAndTheNextIsBelowIt() {
    Instant now = local("2026-05-10T12:00", JAKARTA);
    // 200 - 50 = 150: at the 150 milestone
    PastViolation counterfeit = past(COUNTERFEIT_GOODS, now.minus(Duration.ofHours(1)));

    CurrentStanding s =
        CurrentStanding.at(idHealthRating(), List.of(counterfeit), now, now.minusSeconds(7200));

    assertThat(s.health().score()).isEqualTo(200 - COUNTERFEIT_GOODS.healthDeduction());
    assertThat(s.health().lowestReached().value()).isEqualTo(150);
    assertThat(s.health().next().value()).isEqualTo(100);
    assertThat(s.health().scoreAboveNext()).isEqualTo(s.health().score() - 100);
    assertThat(s.activeViolations()).isEqualTo(1);
  }

  @Test
  void healthScoreEarnsBackCompliantWeeksSinceTheStandingStart() {
    Instant start = local("2026-01-01T00:00", JAKARTA);
    Instant now = start.plus(Duration.ofDays(21)).plusSeconds(60);
    PastViolation spam = past(LISTING_SPAM, start.plus(Duration.ofDays(1)));

    CurrentStanding s = CurrentStanding.at(idHealthRating(), List.of(spam), now, start);

    // week 1 had the violation; weeks 2 and 3 earn 10 each
    assertThat(s.health().score()).isEqualTo(200 - LISTING_SPAM.healthDeduction() + 20);
  }
}
