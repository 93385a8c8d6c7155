package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.MAX_SCORE;
import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.days;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.known;
import static io.creatorgov.policy.domain.RuleChecks.range;
import static io.creatorgov.policy.domain.RuleChecks.shortName;
import static io.creatorgov.policy.domain.RuleChecks.show;

import com.google.protobuf.Duration;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.v1.TierThreshold;
import io.creatorgov.policy.v1.TierThresholds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules of tier thresholds: one entry per tier, minimums in range, GMV only per market and in its
 * currency, and — for complete content — an evaluation period, a BRONZE floor and minimums that
 * rise from lower to higher tier.
 */
final class TierThresholdRules {
  private static final String[] TIER_MINIMUMS = {
    "min_gmv", "min_live_duration", "min_orders", "min_quality_score"
  };

  private final MarketRegistry markets;

  TierThresholdRules(MarketRegistry markets) {
    this.markets = markets;
  }

  void check(TierThresholds tiers, String p, ContentScope scope, String market, Violations v) {
    Map<CreatorTier, Integer> seen = new HashMap<>();
    for (int i = 0; i < tiers.getTiersCount(); i++) {
      TierThreshold t = tiers.getTiers(i);
      String ep = at(p, item("tiers", i));
      Integer first = seen.putIfAbsent(t.getTier(), i);
      if (!known(t.getTier(), CreatorTier.CREATOR_TIER_UNSPECIFIED)) {
        v.add(at(ep, "tier"), "required: CREATOR_TIER_BRONZE, _SILVER, _GOLD or _PLATINUM");
      } else if (first != null) {
        v.add(at(ep, "tier"), "duplicate %s (also tiers[%d])".formatted(t.getTier(), first));
      }
      if (t.hasMinGmv() && scope == ContentScope.BASE) {
        v.add(
            at(ep, "min_gmv"),
            "must be unset in base content: set GMV minimums in each market's overlay, in its"
                + " currency");
      } else if (t.getMinGmv().getAmountMinor() < 0) {
        v.add(at(ep, "min_gmv.amount_minor"), "must be 0 or more");
      }
      Duration live = t.getMinLiveDuration();
      if (live.getSeconds() < 0 || live.getNanos() != 0 || live.getSeconds() % 60 != 0) {
        v.add(at(ep, "min_live_duration"), "must be whole minutes, 0 or more, got " + show(live));
      }
      range(v, t.getMinOrders(), at(ep, "min_orders"), 0, Long.MAX_VALUE);
      range(v, t.getMinQualityScore(), at(ep, "min_quality_score"), 0, MAX_SCORE);
    }
    if (tiers.hasEvaluationPeriod()) {
      days(v, true, tiers.getEvaluationPeriod(), at(p, "evaluation_period"), 366);
    }
    if (scope != ContentScope.OVERLAY) {
      complete(tiers, p, market, v);
    }
  }

  /**
   * Checks of complete tier thresholds: evaluation period and BRONZE present, {@code min_gmv} in
   * the market's currency, minimums ordered from lower to higher tier.
   */
  void complete(TierThresholds tiers, String p, String market, Violations v) {
    if (!tiers.hasEvaluationPeriod()) {
      v.add(at(p, "evaluation_period"), "required: the snapshot period, whole days, 1–366 days");
    }
    if (tiers.getTiersList().stream()
        .noneMatch(t -> t.getTier() == CreatorTier.CREATOR_TIER_BRONZE)) {
      v.add(at(p, "tiers"), "required: a CREATOR_TIER_BRONZE entry, the floor of every market");
    }
    String currency =
        markets.find(market).map(Market::currency).map(c -> c.getCurrencyCode()).orElse(null);
    List<Integer> order = new ArrayList<>();
    Set<CreatorTier> distinct = EnumSet.noneOf(CreatorTier.class);
    for (int i = 0; i < tiers.getTiersCount(); i++) {
      TierThreshold t = tiers.getTiers(i);
      String got = t.getMinGmv().getCurrencyCode();
      if (currency != null && t.hasMinGmv() && !got.equals(currency)) {
        v.addAll(
            List.of(
                new FieldViolation(
                    at(p, item("tiers", i) + ".min_gmv"),
                    "must be in %s, the currency of market %s, got '%s'"
                        .formatted(currency, market, got),
                    ErrorReason.ERROR_REASON_CURRENCY_MISMATCH)));
      }
      if (known(t.getTier(), CreatorTier.CREATOR_TIER_UNSPECIFIED) && distinct.add(t.getTier())) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparingInt(i -> tiers.getTiers(i).getTier().getNumber()));
    for (int k = 1; k < order.size(); k++) {
      TierThreshold lower = tiers.getTiers(order.get(k - 1));
      TierThreshold higher = tiers.getTiers(order.get(k));
      tierOrder(lower, higher, at(p, item("tiers", order.get(k))), currency, v);
    }
  }

  /** A higher tier must not lower any minimum of the tier below, and must raise at least one. */
  private static void tierOrder(
      TierThreshold lower, TierThreshold higher, String hp, String currency, Violations v) {
    long[] lo = minimums(lower, currency);
    long[] hi = minimums(higher, currency);
    boolean changed = false;
    for (int f = 0; f < TIER_MINIMUMS.length; f++) {
      if (lo[f] < 0 || hi[f] < 0 || hi[f] == lo[f]) {
        continue; // equal, or money that is not comparable
      }
      changed = true;
      if (hi[f] < lo[f]) {
        v.add(
            at(hp, TIER_MINIMUMS[f]),
            "must be at least %s's %s (%s): %s is a higher tier"
                .formatted(
                    shortName(lower.getTier()),
                    TIER_MINIMUMS[f],
                    showMinimum(f, lo[f]),
                    shortName(higher.getTier())));
      }
    }
    if (!changed) {
      v.add(
          hp,
          "%s must raise at least one minimum above %s's"
              .formatted(shortName(higher.getTier()), shortName(lower.getTier())));
    }
  }

  /**
   * GMV (minor units), live seconds, orders, quality; unset = 0. GMV is not comparable (-1) without
   * a market or in another currency than the market's; both are reported on their own.
   */
  private static long[] minimums(TierThreshold t, String currency) {
    long gmv = Math.max(0, t.getMinGmv().getAmountMinor());
    if (t.hasMinGmv() && (currency == null || !t.getMinGmv().getCurrencyCode().equals(currency))) {
      gmv = -1;
    }
    return new long[] {
      gmv,
      Math.max(0, t.getMinLiveDuration().getSeconds()),
      Math.max(0, t.getMinOrders()),
      Math.max(0, t.getMinQualityScore())
    };
  }

  private static String showMinimum(int field, long value) {
    return switch (field) {
      case 0 -> value + " minor units";
      case 1 -> value / 60 + " minutes";
      default -> Long.toString(value);
    };
  }
}
