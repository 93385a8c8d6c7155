package io.creatorgov.policy.domain;

import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.PolicyVersion;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The markets a change-feed event is announced to. */
public final class AffectedMarkets {
  private AffectedMarkets() {}

  /**
   * Markets where a change is felt: where the policy applied before it or applies after it (an
   * overlay may exclude a market, so both sides count). Null documents are skipped. Never empty:
   * every enabled market when no document names one. Sorted.
   */
  public static List<String> of(MarketRegistry registry, PolicyVersion... documents) {
    Set<String> affected = new TreeSet<>();
    for (PolicyVersion document : documents) {
      if (document == null) {
        continue;
      }
      Set<String> excluded = new LinkedHashSet<>();
      document.getOverlaysList().stream()
          .filter(MarketOverlay::getExcluded)
          .forEach(o -> excluded.add(o.getMarket()));
      registry.enabled().stream()
          .map(Market::code)
          .filter(c -> !excluded.contains(c))
          .forEach(affected::add);
    }
    if (affected.isEmpty()) {
      registry.enabled().forEach(m -> affected.add(m.code()));
    }
    return List.copyOf(affected);
  }
}
