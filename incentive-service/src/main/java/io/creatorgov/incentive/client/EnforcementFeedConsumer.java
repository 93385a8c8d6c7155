package io.creatorgov.incentive.client;

import io.creatorgov.incentive.repository.FeedCheckpointRepository.Stored;
import io.creatorgov.incentive.service.FeedReactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows enforcement-service's feed (actions overturned, modified on appeal or reversed) from
 * startup; see {@link FeedConsumer}. With no checkpoint row yet (the first start) it follows from
 * now.
 *
 * <p>Recovery after an expired token: the feed is read again from its OLDEST RETAINED event (at
 * least 30 days) — undoing an action is idempotent and items at or below the stored sequence are
 * skipped, so every overturn or reversal still retained is applied exactly once, with the withheld
 * earnings restored. Only undos older than the retention are lost; the error log, the {@code
 * incentive.feed.token.expired} metric and the checkpoint row's {@code token_expired_time} say so,
 * and an operator can reinstate such an enrolment with ReinstateEnrollment.
 */
@Singleton
public class EnforcementFeedConsumer extends FeedConsumer {
  private static final Logger LOG = Logger.getLogger(EnforcementFeedConsumer.class);

  private final EnforcementFeedClient client;

  public EnforcementFeedConsumer(
      EnforcementFeedClient client,
      FeedReactions reactions,
      Vertx vertx,
      MeterRegistry meters,
      @ConfigProperty(name = "creatorgov.feeds.enforcement.enabled", defaultValue = "true")
          boolean enabled,
      @ConfigProperty(name = "creatorgov.feeds.reconnect-min-backoff", defaultValue = "500ms")
          Duration minBackoff,
      @ConfigProperty(name = "creatorgov.feeds.reconnect-max-backoff", defaultValue = "30s")
          Duration maxBackoff) {
    super(
        FeedReactions.ENFORCEMENT_FEED, reactions, vertx, meters, enabled, minBackoff, maxBackoff);
    this.client = client;
  }

  void onStart(@Observes StartupEvent event) {
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  @Override
  protected Multi<FeedDelivery> stream(Stored stored) {
    // no row: first start, from now; a row without token: its token expired, replay what is
    // retained
    return client.stream(stored == null ? "" : stored.resumeToken(), stored == null);
  }

  @Override
  protected Uni<Void> recover() {
    LOG.warn(
        "enforcement feed: replaying every retained event after the expired token; undos older"
            + " than the retention are lost (reinstate those enrolments with ReinstateEnrollment)");
    return reactions.reconciled(feed);
  }
}
