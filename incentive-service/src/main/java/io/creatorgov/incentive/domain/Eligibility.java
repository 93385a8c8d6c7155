package io.creatorgov.incentive.domain;

import java.util.List;

/**
 * Who may enrol. Every criterion is optional: a null or empty one does not restrict.
 *
 * @param minimumTier lowest tier allowed; null = no tier requirement
 * @param maximumActiveViolationPoints inclusive, under the points-ladder standing model; null =
 *     none
 * @param minimumHealthScore inclusive, 0–1,000, under the health-rating model; null = none
 * @param allowedStatuses empty = ACTIVE and RESTRICTED
 * @param categories the creator needs one of them; empty = any category
 */
public record Eligibility(
    Tier minimumTier,
    Integer maximumActiveViolationPoints,
    Integer minimumHealthScore,
    List<EligibleStatus> allowedStatuses,
    List<String> categories) {

  public Eligibility {
    allowedStatuses = List.copyOf(allowedStatuses);
    categories = List.copyOf(categories);
  }

  /** No criterion beyond the ones always checked (home market, campaign eligibility). */
  public static Eligibility none() {
    return new Eligibility(null, null, null, List.of(), List.of());
  }

  public Eligibility withMinimumTier(Tier tier) {
    return new Eligibility(
        tier, maximumActiveViolationPoints, minimumHealthScore, allowedStatuses, categories);
  }

  public Eligibility withMaximumActiveViolationPoints(Integer points) {
    return new Eligibility(minimumTier, points, minimumHealthScore, allowedStatuses, categories);
  }

  public Eligibility withMinimumHealthScore(Integer score) {
    return new Eligibility(
        minimumTier, maximumActiveViolationPoints, score, allowedStatuses, categories);
  }

  public Eligibility withAllowedStatuses(List<EligibleStatus> statuses) {
    return new Eligibility(
        minimumTier, maximumActiveViolationPoints, minimumHealthScore, statuses, categories);
  }

  public Eligibility withCategories(List<String> newCategories) {
    return new Eligibility(
        minimumTier,
        maximumActiveViolationPoints,
        minimumHealthScore,
        allowedStatuses,
        newCategories);
  }
}
