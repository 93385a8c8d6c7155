package io.creatorgov.incentive.domain;

import java.util.List;

/**
 * What creator-service says of a creator, as eligibility needs it.
 *
 * @param status the status by name ({@code ACTIVE}, {@code RESTRICTED}, {@code SUSPENDED}…)
 * @param tier null when no tier is computed yet
 * @param restrictionTypes the restriction types in force, by name
 */
public record CreatorFacts(
    String homeMarket,
    String status,
    Tier tier,
    List<String> categories,
    List<String> restrictionTypes) {

  public CreatorFacts {
    categories = List.copyOf(categories);
    restrictionTypes = List.copyOf(restrictionTypes);
  }
}
