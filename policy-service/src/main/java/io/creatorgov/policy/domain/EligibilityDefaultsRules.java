package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.MAX_SCORE;
import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.range;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.v1.IncentiveEligibilityDefaults;

/**
 * Rules of incentive eligibility defaults: a known minimum tier, bounded points and health score,
 * and only ACTIVE or RESTRICTED as allowed statuses.
 */
final class EligibilityDefaultsRules {
  private EligibilityDefaultsRules() {}

  static void check(IncentiveEligibilityDefaults d, String p, Violations v) {
    if (d.getMinimumTier() == CreatorTier.UNRECOGNIZED) {
      v.add(at(p, "minimum_tier"), "must be a CreatorTier value, got " + d.getMinimumTierValue());
    }
    if (d.hasMaximumActiveViolationPoints()) {
      String mp = at(p, "maximum_active_violation_points");
      range(v, d.getMaximumActiveViolationPoints(), mp, 0, 10_000);
    }
    String sp = at(p, "allowed_statuses");
    if (d.getAllowedStatusesCount() == 0) {
      v.add(sp, "required: at least one of CREATOR_STATUS_ACTIVE, CREATOR_STATUS_RESTRICTED");
    }
    for (int i = 0; i < d.getAllowedStatusesCount(); i++) {
      CreatorStatus s = d.getAllowedStatuses(i);
      if (s != CreatorStatus.CREATOR_STATUS_ACTIVE
          && s != CreatorStatus.CREATOR_STATUS_RESTRICTED) {
        v.add(
            item(sp, i),
            "only CREATOR_STATUS_ACTIVE and CREATOR_STATUS_RESTRICTED may be listed, got " + s);
      }
    }
    if (d.hasMinimumHealthScore()) {
      range(v, d.getMinimumHealthScore(), at(p, "minimum_health_score"), 0, MAX_SCORE);
    }
  }
}
