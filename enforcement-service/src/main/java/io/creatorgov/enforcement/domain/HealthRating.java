package io.creatorgov.enforcement.domain;

import java.util.List;

/**
 * Health-rating standing model: the score starts at {@code startScore}; each confirmed violation
 * deducts its catalogue health deduction (floored at {@code minScore}); compliant periods earn
 * score back ({@code earnBack}); when the score falls to or below a milestone, that milestone's
 * consequence applies.
 *
 * <p>Checked: {@code 0 <= minScore < maxScore <= 1,000}, {@code minScore <= startScore <=
 * maxScore}, 1–20 milestones strictly descending, each below {@code startScore} and at or above
 * {@code minScore}, and an earn-back cap between {@code startScore} and {@code maxScore}. An
 * earn-back cap of 0 is replaced by {@code maxScore}.
 *
 * @param earnBack how compliant periods earn score back; null for no earn-back
 */
public record HealthRating(
    int minScore, int maxScore, int startScore, EarnBack earnBack, List<HealthMilestone> milestones)
    implements StandingModel {

  public HealthRating {
    Checks.require(
        0 <= minScore && minScore < maxScore && maxScore <= 1_000,
        "scores must satisfy 0 <= min < max <= 1,000");
    Checks.require(
        minScore <= startScore && startScore <= maxScore, "start score must be within min..max");
    milestones = List.copyOf(milestones);
    Checks.require(
        !milestones.isEmpty() && milestones.size() <= 20, "a health rating has 1-20 milestones");
    for (int i = 0; i < milestones.size(); i++) {
      int score = milestones.get(i).scoreAtOrBelow();
      Checks.require(
          score < startScore && score >= minScore,
          "milestone " + score + " must be below the start score and at or above the minimum");
      Checks.require(
          i == 0 || score < milestones.get(i - 1).scoreAtOrBelow(),
          "milestones must be strictly descending");
    }
    if (earnBack != null) {
      if (earnBack.capScore() == 0) {
        earnBack = new EarnBack(earnBack.pointsPerPeriod(), earnBack.period(), maxScore);
      }
      Checks.require(
          earnBack.capScore() >= startScore && earnBack.capScore() <= maxScore,
          "earn-back cap must be within start..max score");
    }
  }
}
