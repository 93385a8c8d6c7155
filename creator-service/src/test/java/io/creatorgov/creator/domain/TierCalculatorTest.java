package io.creatorgov.creator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.domain.TierCalculator.Assessment;
import io.creatorgov.creator.domain.TierThresholds.Row;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierCalculatorTest {

  // the tiers by their contract names, as the assertions below were written
  private static final CreatorTier CREATOR_TIER_UNSPECIFIED = CreatorTier.NONE;
  private static final CreatorTier CREATOR_TIER_BRONZE = CreatorTier.BRONZE;
  private static final CreatorTier CREATOR_TIER_SILVER = CreatorTier.SILVER;
  private static final CreatorTier CREATOR_TIER_GOLD = CreatorTier.GOLD;
  private static final CreatorTier CREATOR_TIER_PLATINUM = CreatorTier.PLATINUM;

  private static final PolicyRef MY_TIERS = new PolicyRef("creator.tiers", 2, "MY");

  // The Malaysian seed thresholds: GMV MYR 4,000 / 40,000 / 200,000, live 10 / 30 / 60 h,
  // orders 50 / 300 / 1,500, quality 600 / 700 / 800; BRONZE has no minimums.
  private static final Row BRONZE = new Row(CREATOR_TIER_BRONZE, null, null, 0, 0);
  private static final Row SILVER = row(CREATOR_TIER_SILVER, 400_000, 10, 50, 600);
  private static final Row GOLD = row(CREATOR_TIER_GOLD, 4_000_000, 30, 300, 700);
  private static final Row PLATINUM = row(CREATOR_TIER_PLATINUM, 20_000_000, 60, 1_500, 800);

  private static final TierThresholds MY = thresholds(BRONZE, SILVER, GOLD, PLATINUM);

  private static Row row(
      CreatorTier tier, long gmvMinor, long liveHours, long orders, int quality) {
    return new Row(tier, myr(gmvMinor), Duration.ofHours(liveHours), orders, quality);
  }

  private static Row withoutGmvMinimum(Row row) {
    return new Row(row.tier(), null, row.minLiveDuration(), row.minOrders(), row.minQualityScore());
  }

  private static TierThresholds thresholds(Row... rows) {
    return new TierThresholds(List.of(rows));
  }

  private static Money myr(long minor) {
    return new Money(minor, "MYR");
  }

  private static PerformanceSnapshot snapshot(Money gmv, Duration live, long orders, int quality) {
    return new PerformanceSnapshot(
        "",
        "",
        Instant.parse("2025-08-01T00:00:00Z"),
        Instant.parse("2025-08-31T00:00:00Z"),
        gmv,
        live,
        orders,
        quality);
  }

  private static PerformanceSnapshot withGmv(PerformanceSnapshot s, Money gmv) {
    return snapshot(gmv, s.liveDuration(), s.orders(), s.qualityScore());
  }

  /** A snapshot exactly at every minimum of {@code row}. */
  private static PerformanceSnapshot exactlyAt(Row row) {
    return snapshot(row.minGmv(), row.minLiveDuration(), row.minOrders(), row.minQualityScore());
  }

  private static CreatorTier tierOf(PerformanceSnapshot snapshot, TierThresholds thresholds) {
    return TierCalculator.assess(snapshot, thresholds, MY_TIERS, CREATOR_TIER_BRONZE).tier();
  }

  @Test
  void snapshotExactlyAtEachTiersMinimumsReachesThatTier() {
    assertThat(tierOf(exactlyAt(SILVER), MY)).isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(exactlyAt(GOLD), MY)).isEqualTo(CREATOR_TIER_GOLD);
    assertThat(tierOf(exactlyAt(PLATINUM), MY)).isEqualTo(CREATOR_TIER_PLATINUM);
  }

  @Test
  void snapshotOneUnitBelowAnySingleGoldMinimumStaysSilver() {
    PerformanceSnapshot atGold = exactlyAt(GOLD);

    Money gmv = atGold.gmv();
    Duration live = atGold.liveDuration();

    assertThat(tierOf(withGmv(atGold, myr(3_999_999)), MY)).isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(snapshot(gmv, Duration.ofHours(30).minusSeconds(1), 300, 700), MY))
        .isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(snapshot(gmv, live, 299, 700), MY)).isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(snapshot(gmv, live, 300, 699), MY)).isEqualTo(CREATOR_TIER_SILVER);
  }

  @Test
  void snapshotBelowEverySilverMinimumIsBronze() {
    assertThat(tierOf(snapshot(myr(0), Duration.ZERO, 0, 0), MY)).isEqualTo(CREATOR_TIER_BRONZE);
  }

  @Test
  void platinumGmvWithoutSilverLiveHoursIsBronze() {
    PerformanceSnapshot bigSellerRarelyLive =
        snapshot(myr(50_000_000), Duration.ofHours(9).plusMinutes(59), 5_000, 950);

    assertThat(tierOf(bigSellerRarelyLive, MY)).isEqualTo(CREATOR_TIER_BRONZE);
  }

  @Test
  void platinumGmvOrdersAndQualityWithOnlyGoldLiveHoursIsGold() {
    PerformanceSnapshot snapshot = snapshot(myr(50_000_000), Duration.ofHours(45), 5_000, 950);

    assertThat(tierOf(snapshot, MY)).isEqualTo(CREATOR_TIER_GOLD);
  }

  @Test
  void tierWithoutARowCannotBeReachedButHigherRowsStillCount() {
    TierThresholds noGold = thresholds(BRONZE, SILVER, PLATINUM);

    assertThat(tierOf(exactlyAt(GOLD), noGold)).isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(exactlyAt(PLATINUM), noGold)).isEqualTo(CREATOR_TIER_PLATINUM);
  }

  @Test
  void withoutAPlatinumRowGoldIsTheHighestReachableTier() {
    assertThat(tierOf(exactlyAt(PLATINUM), thresholds(BRONZE, SILVER, GOLD)))
        .isEqualTo(CREATOR_TIER_GOLD);
  }

  @Test
  void bronzeIsTheFloorEvenWithoutABronzeRowOrWhenItsMinimumsAreMissed() {
    PerformanceSnapshot nothing = snapshot(myr(0), Duration.ZERO, 0, 0);
    TierThresholds demandingBronze =
        thresholds(row(CREATOR_TIER_BRONZE, 100, 1, 1, 100), SILVER, GOLD, PLATINUM);

    assertThat(tierOf(nothing, thresholds(SILVER, GOLD))).isEqualTo(CREATOR_TIER_BRONZE);
    assertThat(tierOf(nothing, demandingBronze)).isEqualTo(CREATOR_TIER_BRONZE);
    assertThat(tierOf(nothing, thresholds())).isEqualTo(CREATOR_TIER_BRONZE);
  }

  @Test
  void unsetMinimumsImposeNoMinimum() {
    TierThresholds qualityOnlySilver =
        thresholds(BRONZE, new Row(CREATOR_TIER_SILVER, null, null, 0, 600));

    assertThat(tierOf(snapshot(myr(0), Duration.ZERO, 0, 600), qualityOnlySilver))
        .isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(snapshot(myr(0), Duration.ZERO, 0, 599), qualityOnlySilver))
        .isEqualTo(CREATOR_TIER_BRONZE);
  }

  @Test
  void gmvInAnotherCurrencyIsCurrencyMismatchOnSnapshotGmv() {
    PerformanceSnapshot inSgd =
        snapshot(new Money(999_999_999, "SGD"), Duration.ofHours(100), 10_000, 1_000);

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> TierCalculator.assess(inSgd, MY, MY_TIERS, CREATOR_TIER_SILVER));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_CURRENCY_MISMATCH);
    assertThat(e.metadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("expected", "MYR", "actual", "SGD"));
    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("snapshot.gmv.currency_code", "must be MYR"));
  }

  @Test
  void gmvCurrencyIsCheckedOnlyAgainstRowsWithAGmvMinimum() {
    TierThresholds withoutGmv =
        thresholds(BRONZE, withoutGmvMinimum(SILVER), withoutGmvMinimum(GOLD));
    PerformanceSnapshot inSgd = withGmv(exactlyAt(GOLD), new Money(0, "SGD"));

    assertThat(tierOf(inSgd, withoutGmv)).isEqualTo(CREATOR_TIER_GOLD);
  }

  @Test
  void assessmentReportsPreviousTierPolicyAndWhetherTheTierChanged() {
    Assessment promoted = TierCalculator.assess(exactlyAt(GOLD), MY, MY_TIERS, CREATOR_TIER_SILVER);
    Assessment unchanged =
        TierCalculator.assess(exactlyAt(SILVER), MY, MY_TIERS, CREATOR_TIER_SILVER);
    Assessment demoted =
        TierCalculator.assess(exactlyAt(SILVER), MY, MY_TIERS, CREATOR_TIER_PLATINUM);
    Assessment first =
        TierCalculator.assess(
            snapshot(myr(0), Duration.ZERO, 0, 0), MY, MY_TIERS, CREATOR_TIER_UNSPECIFIED);

    assertThat(promoted)
        .isEqualTo(new Assessment(CREATOR_TIER_GOLD, CREATOR_TIER_SILVER, MY_TIERS));
    assertThat(promoted.tierChanged()).isTrue();
    assertThat(unchanged.tierChanged()).isFalse();
    assertThat(demoted.tier()).isEqualTo(CREATOR_TIER_SILVER);
    assertThat(demoted.tierChanged()).isTrue();
    assertThat(first.tier()).isEqualTo(CREATOR_TIER_BRONZE);
    assertThat(first.tierChanged()).isTrue();
  }

  @Test
  void snapshotEndingBeforeThePeriodBehindTheCurrentTierIsNotAssessed() {
    Instant basisEnd = Instant.parse("2025-08-31T00:00:00Z");

    assertThat(TierCalculator.isAssessed(basisEnd.minusSeconds(1), Optional.of(basisEnd)))
        .isFalse();
    assertThat(TierCalculator.isAssessed(basisEnd, Optional.of(basisEnd))).isTrue();
    assertThat(TierCalculator.isAssessed(basisEnd.plusSeconds(1), Optional.of(basisEnd))).isTrue();
    assertThat(TierCalculator.isAssessed(basisEnd, Optional.empty())).isTrue();
  }
}
