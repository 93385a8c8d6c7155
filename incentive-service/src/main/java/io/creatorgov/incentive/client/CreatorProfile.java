package io.creatorgov.incentive.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What incentive-service reads of a creator from creator-service, in plain values: status, tier and
 * restriction types by their short names (for example {@code ACTIVE}, {@code GOLD}, {@code
 * CAMPAIGN_INELIGIBLE}); tier {@code UNSPECIFIED} when none is computed yet. {@code
 * restrictionEnds} holds the scheduled end of each restriction type in force that has one.
 */
public record CreatorProfile(
    String creatorId,
    String market,
    String status,
    String tier,
    List<String> categories,
    List<String> restrictionTypes,
    Map<String, Instant> restrictionEnds) {

  public CreatorProfile {
    categories = List.copyOf(categories);
    restrictionTypes = List.copyOf(restrictionTypes);
    restrictionEnds = Map.copyOf(restrictionEnds);
  }
}
