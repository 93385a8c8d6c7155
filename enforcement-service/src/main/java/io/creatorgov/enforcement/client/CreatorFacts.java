package io.creatorgov.enforcement.client;

import java.util.Objects;

/**
 * What enforcement-service needs to know about a creator from creator-service.
 *
 * @param creatorId the creator's id
 * @param market the creator's home market (never changes)
 * @param handle the creator's handle (named in statements of reasons)
 * @param status the lifecycle status without its prefix, for example {@code ACTIVE}
 */
public record CreatorFacts(String creatorId, String market, String handle, String status) {
  public CreatorFacts {
    Objects.requireNonNull(creatorId, "creatorId");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(status, "status");
  }
}
