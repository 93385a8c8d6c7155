package io.creatorgov.policy.domain;

import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.PolicyVersion;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an edit of a version's document touches, for the rule that a market-scoped author may only
 * change overlays of markets in their scope. {@code before} is null for a new version (an empty
 * document).
 */
public final class ScopedEdits {
  private ScopedEdits() {}

  /** Whether the base content differs. */
  public static boolean changesBaseContent(PolicyVersion before, PolicyVersion after) {
    return !prior(before).getBaseContent().equals(after.getBaseContent());
  }

  /** Markets whose overlay was added, removed or changed. */
  public static Set<String> touchedMarkets(PolicyVersion before, PolicyVersion after) {
    Map<String, MarketOverlay> priorByMarket = new HashMap<>();
    prior(before).getOverlaysList().forEach(o -> priorByMarket.put(o.getMarket(), o));
    Map<String, MarketOverlay> afterByMarket = new HashMap<>();
    after.getOverlaysList().forEach(o -> afterByMarket.put(o.getMarket(), o));
    Set<String> all = new LinkedHashSet<>(priorByMarket.keySet());
    all.addAll(afterByMarket.keySet());
    Set<String> touched = new LinkedHashSet<>();
    for (String market : all) {
      if (!Objects.equals(priorByMarket.get(market), afterByMarket.get(market))) {
        touched.add(market);
      }
    }
    return touched;
  }

  private static PolicyVersion prior(PolicyVersion before) {
    return before == null ? PolicyVersion.getDefaultInstance() : before;
  }
}
