package io.creatorgov.policy.client;

import io.creatorgov.kit.redis.RedisChannelListener;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import java.time.Duration;

/**
 * Feeds policy-service's invalidation announcements (Redis pub/sub channel {@code
 * creatorgov:policy:invalidations}; each message is a policy key) into a {@link PolicyNearCache},
 * through the kit's {@link RedisChannelListener} (its own connection, re-subscribed after a Redis
 * outage).
 *
 * <p>policy-service publishes a heartbeat on the channel every second; this side only listens.
 * {@link #check()} — call it periodically, for example from a {@code @Scheduled} method —
 * subscribes again when nothing was heard for {@code silence} (the connection died with a Redis
 * outage, or policy-service is down) and, before each subscription, marks the whole near cache
 * stale, since announcements made meanwhile were lost.
 */
public final class RedisPolicyInvalidations implements AutoCloseable {
  public static final String DEFAULT_CHANNEL = "creatorgov:policy:invalidations";

  private final PolicyNearCache cache;
  private final RedisChannelListener listener;

  public RedisPolicyInvalidations(
      ReactiveRedisDataSource redis, String channel, PolicyNearCache cache, Duration silence) {
    this.cache = cache;
    // Announcements may have been missed while (re)subscribing: expire every entry, but keep it,
    // so a policy-service outage (which also silences the heartbeat) is still served within
    // max-stale instead of failing every read.
    this.listener =
        new RedisChannelListener(
            redis.getRedis(), channel, null, silence, this::onMessage, cache::markAllStale);
  }

  /** Starts listening. */
  public void start() {
    listener.start();
  }

  /** Re-subscribes if the channel has been silent too long; returns whether it did. */
  public boolean check() {
    return listener.tick();
  }

  public boolean isListening() {
    return listener.listening();
  }

  /** An announcement (heartbeats never reach here): the policy's entries are dropped. */
  void onMessage(String policyKey) {
    cache.invalidate(policyKey);
  }

  @Override
  public void close() {
    listener.stop();
  }
}
