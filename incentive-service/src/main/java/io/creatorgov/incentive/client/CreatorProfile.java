package io.creatorgov.incentive.client;

import java.util.List;

/**
 * What incentive-service reads of a creator from creator-service, in plain values: status, tier and
 * restriction types by their short names (for example {@code ACTIVE}, {@code GOLD}, {@code
 * CAMPAIGN_INELIGIBLE}); tier {@code UNSPECIFIED} when none is computed yet.
 */
public record CreatorProfile(
    String creatorId,
    String market,
    String status,
    String tier,
    List<String> categories,
    List<String> restrictionTypes) {

  public CreatorProfile {
    categories = List.copyOf(categories);
    restrictionTypes = List.copyOf(restrictionTypes);
  }
}
