package io.creatorgov.incentive.domain;

import java.time.Instant;
import java.util.List;

/**
 * What creator-service says of a creator, as eligibility needs it.
 *
 * @param status the status by name ({@code ACTIVE}, {@code RESTRICTED}, {@code SUSPENDED}…)
 * @param tier null when no tier is computed yet
 * @param restrictionTypes the restriction types in force, by name
 * @param campaignRestrictionEnd when the CAMPAIGN_INELIGIBLE restriction in force is due to end;
 *     null when there is none or it has no end
 */
public record CreatorFacts(
    String homeMarket,
    String status,
    Tier tier,
    List<String> categories,
    List<String> restrictionTypes,
    Instant campaignRestrictionEnd) {

  public CreatorFacts {
    categories = List.copyOf(categories);
    restrictionTypes = List.copyOf(restrictionTypes);
  }
}
