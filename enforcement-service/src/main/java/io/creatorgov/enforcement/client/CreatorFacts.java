package io.creatorgov.enforcement.client;

import java.util.Objects;

/**
 * What enforcement-service needs to know about a creator from creator-service.
 *
 * @param creatorId the creator's id
 * @param market the creator's home market (never changes)
 * @param handle the creator's handle (named in statements of reasons)
 * @param status the lifecycle status without its prefix, for example {@code ACTIVE}; {@value
 *     #UNCONFIRMED} when creator-service could not be asked
 */
public record CreatorFacts(String creatorId, String market, String handle, String status) {
  /** The status of facts taken from the request because creator-service did not answer. */
  public static final String UNCONFIRMED = "UNCONFIRMED";

  public CreatorFacts {
    Objects.requireNonNull(creatorId, "creatorId");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(status, "status");
  }

  /**
   * What a report says about a creator while creator-service cannot be reached: the market the
   * reporter gave, and the creator id in place of the handle in the statement of reasons. The
   * action is then delivered by the outbox, which creator-service checks on arrival.
   */
  public static CreatorFacts unconfirmed(String creatorId, String claimedMarket) {
    return new CreatorFacts(creatorId, claimedMarket, creatorId, UNCONFIRMED);
  }

  public boolean confirmed() {
    return !UNCONFIRMED.equals(status);
  }
}
