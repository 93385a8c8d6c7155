package io.creatorgov.enforcement.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides the consequence of a confirmed violation under a market's standing rules, and computes
 * standing (active points, health score) at any instant. Pure: every instant is passed in.
 *
 * <p>History is the creator's earlier violations in the same market, without the one being decided.
 * Violations observed after the instant in question are ignored (a replay may pass the whole
 * history); reversed ones never count for anything. Expired points still count for the
 * repeat-offence rules, which have their own windows.
 */
public final class StandingCalculator {

  private StandingCalculator() {}

  /**
   * Decides the consequence of a violation of {@code entry} observed at {@code observedTime}.
   *
   * <ul>
   *   <li>Points ladder: active points before and after (before + the entry's points), when this
   *       violation's points expire, and the highest threshold newly reached ({@code before <
   *       threshold <= after}).
   *   <li>Health rating: score before (start score, deductions floored at the minimum and
   *       earn-back, in time order) and after the entry's deduction, and the most severe milestone
   *       crossed ({@code before > milestone >= after}; on a tie the lower milestone).
   *   <li>Repeat offence: every rule matching the code (or {@code *}) counts the matching,
   *       not-reversed violations observed in {@code (observedTime - window, observedTime]}, this
   *       one included; at {@code occurrences} or more its escalation is a candidate.
   * </ul>
   *
   * The consequence is the most severe ({@link Consequence#moreSevereThan}) of the catalogue
   * default, the standing rule and the repeat-offence escalations; a later candidate in that order
   * replaces an earlier one only when strictly more severe, so on a full tie the default stands and
   * repeat-offence rules keep their policy order.
   *
   * @param standingStart onboarding or first-seen time: health-rating earn-back periods are counted
   *     back to back from it; required under a health rating with earn-back, unused otherwise
   * @param activity qualifying activity per earn-back period ({@link ActivityLog#ALWAYS} when
   *     unknown)
   */
  public static Decision decide(
      StandingRules rules,
      CatalogueEntry entry,
      Instant observedTime,
      List<PastViolation> history,
      Instant standingStart,
      ActivityLog activity) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(observedTime, "observedTime");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(activity, "activity");

    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Candidate(DecisionBasis.DEFAULT, -1, entry.defaultConsequence()));
    Standing standing =
        rules.model() instanceof PointsLadder ladder
            ? ladderStanding(ladder, rules.marketZone(), entry, observedTime, history)
            : healthStanding(
                (HealthRating) rules.model(),
                entry,
                observedTime,
                history,
                standingStart,
                activity);
    if (standing.rule() != null) {
      candidates.add(standing.rule());
    }
    Repeats repeats = repeats(rules.repeatOffenceRules(), entry.code(), observedTime, history);
    candidates.addAll(repeats.fired());

    Candidate chosen = candidates.get(0);
    for (Candidate c : candidates) {
      if (c.consequence().moreSevereThan(chosen.consequence())) {
        chosen = c;
      }
    }
    List<FiredRule> fired = new ArrayList<>();
    for (Candidate c : candidates) {
      fired.add(new FiredRule(c.basis(), c.index(), c.consequence(), c == chosen));
    }
    return new Decision(
        chosen.consequence(),
        chosen.basis(),
        standing.pointsBefore(),
        standing.pointsAfter(),
        standing.pointsExpireTime(),
        standing.scoreBefore(),
        standing.scoreAfter(),
        !repeats.fired().isEmpty(),
        repeats.count(),
        standing.thresholdReached(),
        fired);
  }

  /**
   * Active points at {@code at}: the points of not-reversed violations observed at or before {@code
   * at} whose points have not expired by then (rolling window: {@code at < observed + window};
   * quarterly reset: observed in the same quarter, in the market's zone).
   */
  public static int activePoints(
      PointsLadder ladder, ZoneId zone, List<PastViolation> history, Instant at) {
    int points = 0;
    for (PastViolation v : history) {
      if (!v.reversed() && ladder.expiry().counts(v.observedTime(), at, zone)) {
        points += v.points();
      }
    }
    return points;
  }

  /**
   * Health score at {@code at}, replaying in time order: the start score, each not-reversed
   * violation observed at or before {@code at} deducting its health deduction (floored at the
   * minimum), and each full earn-back period ending at or before {@code at} that had qualifying
   * activity and no violation earning its points (never above the cap). A violation at a period's
   * end instant belongs to the next period.
   *
   * @param standingStart start of the first earn-back period; required when the rating has
   *     earn-back
   */
  public static int score(
      HealthRating rating,
      List<PastViolation> history,
      Instant at,
      Instant standingStart,
      ActivityLog activity) {
    List<PastViolation> counted =
        history.stream()
            .filter(v -> !v.reversed() && !v.observedTime().isAfter(at))
            .sorted(Comparator.comparing(PastViolation::observedTime))
            .toList();
    int score = rating.startScore();
    int next = 0;
    EarnBack earnBack = rating.earnBack();
    if (earnBack != null) {
      Objects.requireNonNull(standingStart, "standingStart (needed for earn-back)");
      Instant periodStart = standingStart;
      Instant periodEnd = periodStart.plus(earnBack.period());
      while (!periodEnd.isAfter(at)) {
        boolean compliant = true;
        while (next < counted.size() && counted.get(next).observedTime().isBefore(periodEnd)) {
          PastViolation v = counted.get(next++);
          score = deduct(rating, score, v.healthDeduction());
          compliant &= v.observedTime().isBefore(periodStart);
        }
        if (compliant
            && score < earnBack.capScore()
            && activity.hadQualifyingActivity(periodStart, periodEnd)) {
          score = Math.min(earnBack.capScore(), score + earnBack.pointsPerPeriod());
        }
        periodStart = periodEnd;
        periodEnd = periodEnd.plus(earnBack.period());
      }
    }
    for (; next < counted.size(); next++) {
      score = deduct(rating, score, counted.get(next).healthDeduction());
    }
    return score;
  }

  private static int deduct(HealthRating rating, int score, int deduction) {
    return Math.max(rating.minScore(), score - deduction);
  }

  private static Standing ladderStanding(
      PointsLadder ladder,
      ZoneId zone,
      CatalogueEntry entry,
      Instant observedTime,
      List<PastViolation> history) {
    int before = activePoints(ladder, zone, history, observedTime);
    int after = before + entry.points();
    Candidate rule = null;
    List<LadderThreshold> thresholds = ladder.thresholds();
    for (int i = 0; i < thresholds.size(); i++) {
      LadderThreshold t = thresholds.get(i);
      if (before < t.points() && t.points() <= after) {
        rule = new Candidate(DecisionBasis.LADDER_THRESHOLD, i, t.consequence());
      }
    }
    Integer reached = rule == null ? null : thresholds.get(rule.index()).points();
    Instant expires = ladder.expiry().expireTime(observedTime, zone);
    return new Standing(before, after, expires, 0, 0, rule, reached);
  }

  private static Standing healthStanding(
      HealthRating rating,
      CatalogueEntry entry,
      Instant observedTime,
      List<PastViolation> history,
      Instant standingStart,
      ActivityLog activity) {
    int before = score(rating, history, observedTime, standingStart, activity);
    int after = deduct(rating, before, entry.healthDeduction());
    Candidate rule = null;
    List<HealthMilestone> milestones = rating.milestones();
    for (int i = 0; i < milestones.size(); i++) {
      HealthMilestone m = milestones.get(i);
      boolean crossed = before > m.scoreAtOrBelow() && m.scoreAtOrBelow() >= after;
      if (crossed && (rule == null || !rule.consequence().moreSevereThan(m.consequence()))) {
        rule = new Candidate(DecisionBasis.HEALTH_MILESTONE, i, m.consequence());
      }
    }
    Integer reached = rule == null ? null : milestones.get(rule.index()).scoreAtOrBelow();
    return new Standing(0, 0, null, before, after, rule, reached);
  }

  private static Repeats repeats(
      List<RepeatOffenceRule> rules,
      String code,
      Instant observedTime,
      List<PastViolation> history) {
    List<Candidate> fired = new ArrayList<>();
    Candidate mostSevere = null;
    int mostSevereCount = 0;
    int codeCount = 0;
    int anyCount = 0;
    for (int i = 0; i < rules.size(); i++) {
      RepeatOffenceRule rule = rules.get(i);
      if (!rule.matches(code)) {
        continue;
      }
      int count = 1 + countWithin(rule, observedTime, history);
      if (rule.isAnyCode()) {
        anyCount = Math.max(anyCount, count);
      } else {
        codeCount = Math.max(codeCount, count);
      }
      if (count >= rule.occurrences()) {
        Candidate c = new Candidate(DecisionBasis.REPEAT_OFFENCE, i, rule.escalation());
        fired.add(c);
        if (mostSevere == null || c.consequence().moreSevereThan(mostSevere.consequence())) {
          mostSevere = c;
          mostSevereCount = count;
        }
      }
    }
    int reported =
        mostSevere != null
            ? mostSevereCount
            : codeCount > 0 ? codeCount : anyCount > 0 ? anyCount : 1;
    return new Repeats(fired, reported);
  }

  private static int countWithin(
      RepeatOffenceRule rule, Instant observedTime, List<PastViolation> history) {
    Instant windowStart = observedTime.minus(rule.window());
    int count = 0;
    for (PastViolation v : history) {
      if (!v.reversed()
          && rule.matches(v.code())
          && v.observedTime().isAfter(windowStart)
          && !v.observedTime().isAfter(observedTime)) {
        count++;
      }
    }
    return count;
  }

  private record Candidate(DecisionBasis basis, int index, Consequence consequence) {}

  private record Standing(
      int pointsBefore,
      int pointsAfter,
      Instant pointsExpireTime,
      int scoreBefore,
      int scoreAfter,
      Candidate rule,
      Integer thresholdReached) {}

  private record Repeats(List<Candidate> fired, int count) {}
}
