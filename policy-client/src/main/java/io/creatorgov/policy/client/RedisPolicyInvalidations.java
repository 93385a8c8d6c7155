package io.creatorgov.policy.client;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Feeds policy-service's invalidation announcements (Redis pub/sub channel {@code
 * creatorgov:policy:invalidations}; each message is a policy key) into a {@link PolicyNearCache}.
 *
 * <p>policy-service publishes a heartbeat ({@code __heartbeat__:...}) on the channel every second.
 * {@link #check()} — call it periodically, for example from a {@code @Scheduled} method —
 * subscribes again when nothing was heard for {@code silence} (the connection died with a Redis
 * outage) and then drops the whole near cache, since announcements made meanwhile were lost.
 */
public final class RedisPolicyInvalidations implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RedisPolicyInvalidations.class);
  public static final String DEFAULT_CHANNEL = "creatorgov:policy:invalidations";
  private static final String HEARTBEAT = "__heartbeat__:";

  private final ReactiveRedisDataSource redis;
  private final String channel;
  private final PolicyNearCache cache;
  private final Duration silence;
  private volatile Cancellable subscription;
  private volatile Instant lastHeard = Instant.EPOCH;
  private volatile Instant subscribedAt = Instant.EPOCH;

  public RedisPolicyInvalidations(
      ReactiveRedisDataSource redis, String channel, PolicyNearCache cache, Duration silence) {
    this.redis = redis;
    this.channel = channel;
    this.cache = cache;
    this.silence = silence;
  }

  /** Starts listening. */
  public synchronized void start() {
    if (subscription != null) {
      subscription.cancel();
    }
    // Announcements may have been missed while (re)subscribing: expire every entry, but keep it,
    // so a policy-service outage (which also silences the heartbeat) is still served within
    // max-stale instead of failing every read.
    cache.markAllStale();
    subscribedAt = Instant.now();
    subscription =
        redis
            .pubsub(String.class)
            .subscribe(channel)
            .subscribe()
            .with(this::onMessage, f -> LOG.warnf("policy invalidations: %s", f.getMessage()));
  }

  /** Re-subscribes if the channel has been silent too long; returns whether it did. */
  public boolean check() {
    Instant heard = lastHeard.isAfter(subscribedAt) ? lastHeard : subscribedAt;
    if (Instant.now().isAfter(heard.plus(silence))) {
      LOG.info("policy invalidation channel is silent; subscribing again");
      start();
      return true;
    }
    return false;
  }

  public boolean isListening() {
    return Instant.now().isBefore(lastHeard.plus(silence));
  }

  void onMessage(String message) {
    lastHeard = Instant.now();
    if (!message.startsWith(HEARTBEAT)) {
      cache.invalidate(message);
    }
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      subscription.cancel();
      subscription = null;
    }
  }
}
