package io.creatorgov.incentive.client;

import io.creatorgov.incentive.domain.EnrollmentFact;
import io.creatorgov.incentive.service.FeedReactions.FeedPosition;

/**
 * One item of a consumed feed, translated: its position and the fact it reports, or no fact (a
 * checkpoint, or an event this service does not act on — it only advances the stored token).
 */
public record FeedDelivery(FeedPosition position, EnrollmentFact fact, String description) {

  public boolean checkpoint() {
    return position.eventId().isEmpty();
  }
}
