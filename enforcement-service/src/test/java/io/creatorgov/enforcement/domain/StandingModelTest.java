package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.StandingFixtures.AT_3;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_6;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_7;
import static io.creatorgov.enforcement.domain.StandingFixtures.KUALA_LUMPUR;
import static io.creatorgov.enforcement.domain.StandingFixtures.MILESTONES;
import static io.creatorgov.enforcement.domain.StandingFixtures.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structural rules of the standing policy, checked when the records are built. */
class StandingModelTest {

  @Test
  void ladderThresholdsMustBeStrictlyAscending() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new PointsLadder(
                    new RollingWindow(DAYS_7),
                    List.of(new LadderThreshold(6, AT_6), new LadderThreshold(3, AT_3))))
        .withMessageContaining("ascending");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new PointsLadder(
                    new RollingWindow(DAYS_7),
                    List.of(new LadderThreshold(3, AT_3), new LadderThreshold(3, AT_6))));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PointsLadder(new RollingWindow(DAYS_7), List.of()));
  }

  @Test
  void milestonesMustDescendBelowTheStartScoreAndStayAtOrAboveTheMinimum() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new HealthRating(
                    0,
                    1_000,
                    200,
                    null,
                    List.of(new HealthMilestone(100, AT_6), new HealthMilestone(150, AT_3))))
        .withMessageContaining("descending");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new HealthRating(0, 1_000, 200, null, List.of(new HealthMilestone(200, AT_3))));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new HealthRating(10, 1_000, 200, null, List.of(new HealthMilestone(0, AT_3))));
  }

  @Test
  void scoresMustBeOrderedAndTheCapWithinStartAndMaximum() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HealthRating(0, 1_000, 1_001, null, MILESTONES));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HealthRating(500, 400, 450, null, MILESTONES));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new HealthRating(0, 1_000, 200, new EarnBack(10, DAYS_7, 150), MILESTONES))
        .withMessageContaining("cap");
  }

  @Test
  void firstQuarterStartMonthZeroMeansJanuary() {
    assertThat(new QuarterlyReset(0)).isEqualTo(new QuarterlyReset(1));
    assertThatIllegalArgumentException().isThrownBy(() -> new QuarterlyReset(13));
  }

  @Test
  void quarterlyResetFindsTheQuarterAcrossTheYearEnd() {
    QuarterlyReset fromNovember = new QuarterlyReset(11);
    Instant midJanuary = local("2025-01-15T08:00:00", KUALA_LUMPUR);

    assertThat(fromNovember.quarterStart(midJanuary, KUALA_LUMPUR))
        .isEqualTo(local("2024-11-01T00:00:00", KUALA_LUMPUR));
    assertThat(fromNovember.nextReset(midJanuary, KUALA_LUMPUR))
        .isEqualTo(local("2025-02-01T00:00:00", KUALA_LUMPUR));
  }

  @Test
  void aResetInstantStartsTheNewQuarter() {
    QuarterlyReset calendar = new QuarterlyReset(1);
    ZoneId tokyo = StandingFixtures.TOKYO;
    Instant reset = local("2025-07-01T00:00:00", tokyo);

    assertThat(calendar.quarterStart(reset, tokyo)).isEqualTo(reset);
    assertThat(calendar.nextReset(reset, tokyo)).isEqualTo(local("2025-10-01T00:00:00", tokyo));
    assertThat(calendar.counts(reset.minusNanos(1), reset, tokyo)).isFalse();
  }

  @Test
  void repeatRulesNeedAtLeastTwoOccurrencesAndAStarMatchesEveryCode() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RepeatOffenceRule("X", 1, DAYS_7, AT_3));
    RepeatOffenceRule any = new RepeatOffenceRule("*", 2, DAYS_7, AT_3);
    RepeatOffenceRule one = new RepeatOffenceRule("COUNTERFEIT_GOODS", 2, DAYS_7, AT_3);

    assertThat(any.matches("LISTING_SPAM")).isTrue();
    assertThat(one.matches("COUNTERFEIT_GOODS")).isTrue();
    assertThat(one.matches("LISTING_SPAM")).isFalse();
  }
}
