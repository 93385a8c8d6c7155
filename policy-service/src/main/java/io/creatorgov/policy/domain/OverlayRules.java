package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.maxCount;

import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyKind;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rules of a market overlay that hold for every policy kind: an enabled market with one overlay,
 * and {@code removed_keys} that name base entries of a keyed-list kind.
 */
final class OverlayRules {
  private final MarketRegistry markets;

  OverlayRules(MarketRegistry markets) {
    this.markets = markets;
  }

  /** Checks an overlay's market; true when it is enabled and this is its first overlay. */
  boolean market(
      String market, String path, int index, Map<String, Integer> firstOverlay, Violations v) {
    Optional<FieldViolation> problem = markets.check(market, at(path, "market"));
    v.addAll(problem.stream().toList());
    Integer first = market.isEmpty() ? null : firstOverlay.putIfAbsent(market, index);
    if (first != null) {
      v.add(
          at(path, "market"),
          "duplicate overlay for %s (also overlays[%d]): put all of a market's changes in one"
              .formatted(market, first));
    }
    return problem.isEmpty() && first == null;
  }

  /**
   * Checks {@code removed_keys} at {@code p} against the overlay's own {@code content} (null when
   * of another kind) and the {@code base} content (null when there is none to merge onto).
   */
  static void removedKeys(
      PolicyKind kind,
      MarketOverlay overlay,
      String p,
      PolicyContent content,
      PolicyContent base,
      Violations v) {
    if (!isKeyed(kind)) {
      v.add(p, "must be empty: a %s overlay's content replaces the base".formatted(kind.name()));
      return;
    }
    maxCount(v, overlay.getRemovedKeysCount(), p, 500, "removed keys");
    Set<String> replaced = content == null ? Set.of() : keys(content);
    Set<String> baseKeys = base == null ? null : keys(base);
    for (int j = 0; j < overlay.getRemovedKeysCount(); j++) {
      String key = overlay.getRemovedKeys(j);
      if (replaced.contains(key)) {
        v.add(item(p, j), "'%s' is also in content: keep it in one of them".formatted(key));
      } else if (baseKeys != null && !baseKeys.contains(key)) {
        String hint =
            kind == PolicyKind.POLICY_KIND_TIER_THRESHOLDS
                ? " (tiers by enum value name, e.g. CREATOR_TIER_PLATINUM)"
                : "";
        v.add(item(p, j), "base content has no entry '%s'%s".formatted(key, hint));
      }
    }
  }

  private static boolean isKeyed(PolicyKind kind) {
    return kind == PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE
        || kind == PolicyKind.POLICY_KIND_COMMISSION_CAPS
        || kind == PolicyKind.POLICY_KIND_TIER_THRESHOLDS;
  }

  /** Keys of keyed-list content as {@code removed_keys} names them (code, category, tier name). */
  private static Set<String> keys(PolicyContent content) {
    Set<String> keys = new HashSet<>();
    content.getViolationCatalogue().getEntriesList().forEach(e -> keys.add(e.getCode()));
    content.getCommissionCaps().getCategoryCapsList().forEach(c -> keys.add(c.getCategory()));
    content.getTierThresholds().getTiersList().forEach(t -> keys.add(t.getTier().name()));
    return keys;
  }
}
