package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.days;

import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.v1.AppealRules;

/** Rules of appeal rules: an appeal window of whole days, at most two years. */
final class AppealRulesRules {
  private AppealRulesRules() {}

  static void check(AppealRules rules, String p, Violations v) {
    days(v, rules.hasAppealWindow(), rules.getAppealWindow(), at(p, "appeal_window"), 730);
  }
}
