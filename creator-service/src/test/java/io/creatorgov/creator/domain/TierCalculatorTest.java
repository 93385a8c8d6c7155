package io.creatorgov.creator.domain;

import static io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_BRONZE;
import static io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_GOLD;
import static io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_PLATINUM;
import static io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_SILVER;
import static io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.creator.domain.TierCalculator.Assessment;
import io.creatorgov.creator.v1.PerformanceSnapshot;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.TierThreshold;
import io.creatorgov.policy.v1.TierThresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierCalculatorTest {

  private static final PolicyRef MY_TIERS =
      PolicyRef.newBuilder()
          .setPolicyKey("creator.tiers")
          .setPolicyVersion(2)
          .setMarket("MY")
          .build();

  // The Malaysian seed thresholds: GMV MYR 4,000 / 40,000 / 200,000, live 10 / 30 / 60 h,
  // orders 50 / 300 / 1,500, quality 600 / 700 / 800; BRONZE has no minimums.
  private static final TierThreshold BRONZE =
      TierThreshold.newBuilder().setTier(CREATOR_TIER_BRONZE).build();
  private static final TierThreshold SILVER = row(CREATOR_TIER_SILVER, 400_000, 10, 50, 600);
  private static final TierThreshold GOLD = row(CREATOR_TIER_GOLD, 4_000_000, 30, 300, 700);
  private static final TierThreshold PLATINUM =
      row(CREATOR_TIER_PLATINUM, 20_000_000, 60, 1_500, 800);

  private static final TierThresholds MY = thresholds(BRONZE, SILVER, GOLD, PLATINUM);

  private static TierThreshold row(
      CreatorTier tier, long gmvMinor, long liveHours, long orders, int quality) {
    return TierThreshold.newBuilder()
        .setTier(tier)
        .setMinGmv(myr(gmvMinor))
        .setMinLiveDuration(ProtoTime.of(Duration.ofHours(liveHours)))
        .setMinOrders(orders)
        .setMinQualityScore(quality)
        .build();
  }

  private static TierThresholds thresholds(TierThreshold... rows) {
    return TierThresholds.newBuilder()
        .addAllTiers(java.util.List.of(rows))
        .setEvaluationPeriod(ProtoTime.of(Duration.ofDays(30)))
        .build();
  }

  private static Money myr(long minor) {
    return Money.newBuilder().setAmountMinor(minor).setCurrencyCode("MYR").build();
  }

  private static PerformanceSnapshot snapshot(Money gmv, Duration live, long orders, int quality) {
    return PerformanceSnapshot.newBuilder()
        .setPeriod(
            TimeWindow.newBuilder()
                .setStartTime(ProtoTime.of(Instant.parse("2025-08-01T00:00:00Z")))
                .setEndTime(ProtoTime.of(Instant.parse("2025-08-31T00:00:00Z"))))
        .setGmv(gmv)
        .setLiveDuration(ProtoTime.of(live))
        .setOrders(orders)
        .setQualityScore(quality)
        .build();
  }

  /** A snapshot exactly at every minimum of {@code row}. */
  private static PerformanceSnapshot exactlyAt(TierThreshold row) {
    return snapshot(
        row.getMinGmv(),
        ProtoTime.toDuration(row.getMinLiveDuration()),
        row.getMinOrders(),
        row.getMinQualityScore());
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

    assertThat(tierOf(atGold.toBuilder().setGmv(myr(3_999_999)).build(), MY))
        .isEqualTo(CREATOR_TIER_SILVER);
    assertThat(
            tierOf(
                atGold.toBuilder()
                    .setLiveDuration(ProtoTime.of(Duration.ofHours(30).minusSeconds(1)))
                    .build(),
                MY))
        .isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(atGold.toBuilder().setOrders(299).build(), MY))
        .isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(atGold.toBuilder().setQualityScore(699).build(), MY))
        .isEqualTo(CREATOR_TIER_SILVER);
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
    assertThat(tierOf(nothing, TierThresholds.getDefaultInstance())).isEqualTo(CREATOR_TIER_BRONZE);
  }

  @Test
  void unsetMinimumsImposeNoMinimum() {
    TierThresholds qualityOnlySilver =
        thresholds(
            BRONZE,
            TierThreshold.newBuilder()
                .setTier(CREATOR_TIER_SILVER)
                .setMinQualityScore(600)
                .build());

    assertThat(tierOf(snapshot(myr(0), Duration.ZERO, 0, 600), qualityOnlySilver))
        .isEqualTo(CREATOR_TIER_SILVER);
    assertThat(tierOf(snapshot(myr(0), Duration.ZERO, 0, 599), qualityOnlySilver))
        .isEqualTo(CREATOR_TIER_BRONZE);
  }

  @Test
  void gmvInAnotherCurrencyIsCurrencyMismatchOnSnapshotGmv() {
    PerformanceSnapshot inSgd =
        snapshot(
            Money.newBuilder().setAmountMinor(999_999_999).setCurrencyCode("SGD").build(),
            Duration.ofHours(100),
            10_000,
            1_000);

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
        thresholds(
            BRONZE,
            SILVER.toBuilder().clearMinGmv().build(),
            GOLD.toBuilder().clearMinGmv().build());
    PerformanceSnapshot inSgd =
        exactlyAt(GOLD).toBuilder()
            .setGmv(Money.newBuilder().setAmountMinor(0).setCurrencyCode("SGD"))
            .build();

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
