package io.creatorgov.creator.domain;

import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.money.MoneyAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * Assesses a creator's tier from a performance snapshot against the market's resolved {@code
 * creator.tiers} thresholds, as {@code TierAssessment} and {@code TierThresholds} describe it:
 *
 * <ul>
 *   <li>the tier is the highest tier with a row in the thresholds whose every minimum the snapshot
 *       meets; a value exactly at a minimum meets it;
 *   <li>a missing minimum is no minimum: {@code min_gmv} or {@code min_live_duration} unset, {@code
 *       min_orders} or {@code min_quality_score} 0;
 *   <li>a tier without a row cannot be reached; BRONZE is the floor: the result is BRONZE when no
 *       row is met, even when the BRONZE row itself has minimums the snapshot misses or is absent;
 *   <li>GMV is compared in minor units and must be in the currency of every {@code min_gmv}.
 * </ul>
 *
 * <p>The snapshot's measurements are compared as reported: {@code evaluation_period} states the
 * period length the minimums are calibrated for, and the contract defines no pro-rating for
 * snapshots of another length, so none is applied. Pure: no clock, no I/O.
 */
public final class TierCalculator {

  /** Field path of the snapshot's GMV in {@code RecordPerformanceSnapshotRequest}. */
  public static final String GMV_FIELD = "snapshot.gmv";

  private TierCalculator() {}

  /**
   * The outcome of one assessment.
   *
   * @param tier the assessed tier (never NONE)
   * @param previousTier the tier before (NONE if none)
   * @param thresholdsPolicy the {@code creator.tiers} version whose thresholds were used
   */
  public record Assessment(CreatorTier tier, CreatorTier previousTier, PolicyRef thresholdsPolicy) {

    public Assessment {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(previousTier, "previousTier");
      Objects.requireNonNull(thresholdsPolicy, "thresholdsPolicy");
    }

    /** True when {@code tier} differs from {@code previousTier}. */
    public boolean tierChanged() {
      return tier != previousTier;
    }
  }

  /**
   * Assesses {@code snapshot} against {@code thresholds}.
   *
   * @param previousTier the creator's current tier, NONE if none yet
   * @throws ApiException INVALID_ARGUMENT (CURRENCY_MISMATCH on {@value #GMV_FIELD}) when the
   *     snapshot's GMV is not in the currency of a tier's {@code min_gmv}; INVALID_ARGUMENT when it
   *     has no currency while a tier has a GMV minimum
   */
  public static Assessment assess(
      PerformanceSnapshot snapshot,
      TierThresholds thresholds,
      PolicyRef thresholdsPolicy,
      CreatorTier previousTier) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(thresholdsPolicy, "thresholdsPolicy");
    Objects.requireNonNull(previousTier, "previousTier");

    // Currency first, over every row, so a mismatch is reported whatever the other measurements.
    for (TierThresholds.Row row : thresholds.tiers()) {
      if (row.minGmv() != null) {
        requireCurrency(gmv(snapshot), Currency.getInstance(row.minGmv().currencyCode()));
      }
    }

    CreatorTier best = CreatorTier.BRONZE;
    for (TierThresholds.Row row : thresholds.tiers()) {
      CreatorTier tier = row.tier();
      if (tier == null || tier == CreatorTier.NONE) {
        continue;
      }
      if (tier.compareTo(best) > 0 && meets(snapshot, row)) {
        best = tier;
      }
    }
    return new Assessment(best, previousTier, thresholdsPolicy);
  }

  /** True when the snapshot meets every minimum of {@code row}. */
  static boolean meets(PerformanceSnapshot snapshot, TierThresholds.Row row) {
    if (row.minGmv() != null && gmv(snapshot).amountMinor() < row.minGmv().amountMinor()) {
      return false;
    }
    Duration live = snapshot.liveDuration() == null ? Duration.ZERO : snapshot.liveDuration();
    if (row.minLiveDuration() != null && live.compareTo(row.minLiveDuration()) < 0) {
      return false;
    }
    return snapshot.orders() >= row.minOrders() && snapshot.qualityScore() >= row.minQualityScore();
  }

  private static Money gmv(PerformanceSnapshot snapshot) {
    return snapshot.gmv() == null ? new Money(0, "") : snapshot.gmv();
  }

  /**
   * INVALID_ARGUMENT without a currency, CURRENCY_MISMATCH in another one than {@code expected}.
   */
  private static void requireCurrency(Money money, Currency expected) {
    MoneyAmount.of(money.amountMinor(), money.currencyCode(), expected, GMV_FIELD);
  }

  /**
   * Whether a snapshot is assessed at all: the tier follows the snapshot with the latest period
   * end, so a snapshot whose period ends before the period behind the current tier is stored but
   * not assessed. A snapshot ending at the same instant is assessed.
   *
   * @param currentBasisPeriodEnd period end of the snapshot behind the current tier; empty when the
   *     current tier came from activation or there is none
   */
  public static boolean isAssessed(
      Instant snapshotPeriodEnd, Optional<Instant> currentBasisPeriodEnd) {
    Objects.requireNonNull(snapshotPeriodEnd, "snapshotPeriodEnd");
    return currentBasisPeriodEnd.map(basis -> !snapshotPeriodEnd.isBefore(basis)).orElse(true);
  }
}
