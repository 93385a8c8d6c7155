package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.MAX_SCORE;
import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.countBetween;
import static io.creatorgov.policy.domain.RuleChecks.days;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.maxCount;
import static io.creatorgov.policy.domain.RuleChecks.range;
import static io.creatorgov.policy.domain.RuleChecks.shortName;
import static io.creatorgov.policy.domain.RuleChecks.violationCode;

import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.v1.EarnBackRule;
import io.creatorgov.policy.v1.EnforcementConsequence;
import io.creatorgov.policy.v1.HealthMilestone;
import io.creatorgov.policy.v1.HealthRating;
import io.creatorgov.policy.v1.LadderThreshold;
import io.creatorgov.policy.v1.PointsLadder;
import io.creatorgov.policy.v1.RepeatOffenceRule;
import io.creatorgov.policy.v1.StandingModel;
import java.util.List;

/**
 * Rules of a standing model: exactly one of a points ladder or a health rating, rungs that escalate
 * in order, and repeat-offence rules.
 */
final class StandingModelRules {
  private StandingModelRules() {}

  static void check(StandingModel model, String p, Violations v) {
    switch (model.getModelCase()) {
      case POINTS_LADDER -> pointsLadder(model.getPointsLadder(), at(p, "points_ladder"), v);
      case HEALTH_RATING -> healthRating(model.getHealthRating(), at(p, "health_rating"), v);
      default -> v.add(p, "required: set exactly one of points_ladder or health_rating");
    }
    String rules = at(p, "repeat_offence_rules");
    maxCount(v, model.getRepeatOffenceRulesCount(), rules, 50, "repeat-offence rules");
    for (int i = 0; i < model.getRepeatOffenceRulesCount(); i++) {
      RepeatOffenceRule r = model.getRepeatOffenceRules(i);
      String rp = item(rules, i);
      violationCode(r.getViolationCode(), at(rp, "violation_code"), true, v);
      range(v, r.getOccurrences(), at(rp, "occurrences"), 2, 1_000);
      days(v, r.hasWindow(), r.getWindow(), at(rp, "window"), 730);
      ConsequenceRules.check(r.getEscalation(), r.hasEscalation(), at(rp, "escalation"), v);
    }
  }

  private static void pointsLadder(PointsLadder ladder, String p, Violations v) {
    switch (ladder.getPointsExpiryCase()) {
      case ROLLING_WINDOW -> days(v, true, ladder.getRollingWindow(), at(p, "rolling_window"), 730);
      case QUARTERLY_RESET -> {
        int month = ladder.getQuarterlyReset().getFirstQuarterStartMonth();
        if (month < 0 || month > 12) {
          v.add(
              at(p, "quarterly_reset.first_quarter_start_month"),
              "must be a month 1–12 (0 means 1), got " + month);
        }
      }
      default -> v.add(p, "required: an expiry for points; set rolling_window or quarterly_reset");
    }
    String tp = at(p, "thresholds");
    countBetween(v, ladder.getThresholdsCount(), tp, 20, "thresholds");
    for (int i = 0; i < ladder.getThresholdsCount(); i++) {
      LadderThreshold t = ladder.getThresholds(i);
      String ep = item(tp, i);
      range(v, t.getPoints(), at(ep, "points"), 1, 10_000);
      ConsequenceRules.check(t.getConsequence(), t.hasConsequence(), at(ep, "consequence"), v);
    }
    List<Rung> rungs =
        ladder.getThresholdsList().stream()
            .map(t -> new Rung(t.getPoints(), t.getConsequence()))
            .toList();
    escalates(rungs, tp, "points", true, v);
  }

  private static void healthRating(HealthRating h, String p, Violations v) {
    int min = h.getMinScore();
    int max = h.getMaxScore();
    int start = h.getStartScore();
    boolean minOk = range(v, min, at(p, "min_score"), 0, MAX_SCORE - 1);
    if (range(v, max, at(p, "max_score"), 1, MAX_SCORE) && minOk && min >= max) {
      v.add(at(p, "max_score"), "must be greater than min_score (%d), got %d".formatted(min, max));
    }
    if (start < min || start > max) {
      v.add(
          at(p, "start_score"),
          "must be between min_score (%d) and max_score (%d), got %d".formatted(min, max, start));
    }
    if (h.hasEarnBack()) {
      earnBack(h.getEarnBack(), at(p, "earn_back"), start, max, v);
    }
    String mp = at(p, "milestones");
    countBetween(v, h.getMilestonesCount(), mp, 20, "milestones");
    for (int i = 0; i < h.getMilestonesCount(); i++) {
      HealthMilestone m = h.getMilestones(i);
      String ep = item(mp, i);
      int score = m.getScoreAtOrBelow();
      if (score < min || score >= start) {
        v.add(
            at(ep, "score_at_or_below"),
            "must be at or above min_score (%d) and below start_score (%d), got %d"
                .formatted(min, start, score));
      }
      ConsequenceRules.check(m.getConsequence(), m.hasConsequence(), at(ep, "consequence"), v);
    }
    List<Rung> rungs =
        h.getMilestonesList().stream()
            .map(m -> new Rung(m.getScoreAtOrBelow(), m.getConsequence()))
            .toList();
    escalates(rungs, mp, "score_at_or_below", false, v);
  }

  /** A ladder threshold's points or a health milestone's score, with its consequence. */
  private record Rung(int value, EnforcementConsequence consequence) {}

  /**
   * Rungs must be strictly ascending (ladder points) or descending (milestone scores) in list
   * order, and a later rung's action must not be milder than the one before it.
   */
  private static void escalates(
      List<Rung> rungs, String path, String field, boolean ascending, Violations v) {
    String list = path.substring(path.lastIndexOf('.') + 1);
    for (int i = 1; i < rungs.size(); i++) {
      Rung prev = rungs.get(i - 1);
      Rung rung = rungs.get(i);
      String ep = item(path, i);
      if (ascending ? rung.value() <= prev.value() : rung.value() >= prev.value()) {
        v.add(
            at(ep, field),
            "%s out of order: %s must be strictly %s, but %d follows %d"
                .formatted(
                    list,
                    field,
                    ascending ? "ascending" : "descending",
                    rung.value(),
                    prev.value()));
      } else if (ConsequenceRules.milder(rung.consequence(), prev.consequence())) {
        v.add(
            at(ep, "consequence.action_type"),
            "consequences must not get milder %s: %s at %d follows %s at %d"
                .formatted(
                    ascending ? "as points rise" : "as the score falls",
                    shortName(rung.consequence().getActionType()),
                    rung.value(),
                    shortName(prev.consequence().getActionType()),
                    prev.value()));
      }
    }
  }

  private static void earnBack(EarnBackRule e, String p, int start, int max, Violations v) {
    range(v, e.getPointsPerPeriod(), at(p, "points_per_period"), 1, MAX_SCORE);
    days(v, e.hasPeriod(), e.getPeriod(), at(p, "period"), 365);
    int cap = e.getCapScore();
    if (cap != 0 && (cap < start || cap > max)) {
      v.add(
          at(p, "cap_score"),
          "must be between start_score (%d) and max_score (%d), or 0 for max_score, got %d"
              .formatted(start, max, cap));
    }
  }
}
