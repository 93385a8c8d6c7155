package io.creatorgov.creator.domain;

import java.time.Duration;
import java.util.List;

/** A market's tier minimums (policy {@code creator.tiers}), one row per reachable tier. */
public record TierThresholds(List<Row> tiers) {
  public TierThresholds {
    tiers = List.copyOf(tiers);
  }

  /**
   * The minimums of one tier.
   *
   * @param tier the tier; null when the policy names none the service knows (such a row is skipped)
   * @param minGmv null: no GMV minimum
   * @param minLiveDuration null: no live-duration minimum
   */
  public record Row(
      CreatorTier tier,
      Money minGmv,
      Duration minLiveDuration,
      long minOrders,
      int minQualityScore) {}
}
