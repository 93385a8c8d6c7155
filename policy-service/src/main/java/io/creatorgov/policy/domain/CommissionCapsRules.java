package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.MAX_BPS;
import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.maxCount;
import static io.creatorgov.policy.domain.RuleChecks.range;

import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.CommissionCaps;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Rules of commission caps: one cap per category slug, rates in basis points, a default cap. */
final class CommissionCapsRules {
  private static final Pattern CATEGORY = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  private CommissionCapsRules() {}

  static void check(CommissionCaps caps, String p, ContentScope scope, Violations v) {
    String cp = at(p, "category_caps");
    maxCount(v, caps.getCategoryCapsCount(), cp, 500, "category caps");
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < caps.getCategoryCapsCount(); i++) {
      CategoryCommissionCap cap = caps.getCategoryCaps(i);
      String ep = item(cp, i);
      String category = cap.getCategory();
      if (category.length() > 64 || !CATEGORY.matcher(category).matches()) {
        v.add(
            at(ep, "category"),
            "must be a slug of 1–64 characters matching %s, e.g. consumer-electronics, got '%s'"
                .formatted(CATEGORY.pattern(), category));
      }
      Integer first = category.isEmpty() ? null : seen.putIfAbsent(category, i);
      if (first != null) {
        v.add(
            at(ep, "category"),
            "duplicate category '%s' (also category_caps[%d]): one cap per category"
                .formatted(category, first));
      }
      range(v, cap.getMaxRateBps(), at(ep, "max_rate_bps"), 0, MAX_BPS);
    }
    if (caps.hasDefaultMaxRateBps()) {
      range(v, caps.getDefaultMaxRateBps(), at(p, "default_max_rate_bps"), 0, MAX_BPS);
    }
    if (scope != ContentScope.OVERLAY) {
      complete(caps, p, v);
    }
  }

  /** Checks of complete caps (base or a market's resolved content): the default cap is set. */
  static void complete(CommissionCaps caps, String p, Violations v) {
    if (!caps.hasDefaultMaxRateBps()) {
      v.add(
          at(p, "default_max_rate_bps"),
          "required: the cap for categories without their own entry, 0–10,000 basis points");
    }
  }
}
