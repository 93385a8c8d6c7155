package io.creatorgov.policy.cache;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/**
 * Every Redis operation of policy-service, all behind one timeout and circuit breaker ({@link
 * RedisGuard}): when Redis is down or slow the breaker opens and callers fall back to PostgreSQL at
 * once instead of waiting on Redis; after the delay it lets a probe through and closes again by
 * itself.
 */
@ApplicationScoped
public class RedisPolicyStore {

  private final ReactiveValueCommands<String, byte[]> values;
  private final ReactivePubSubCommands<String> pubsub;
  private final ReactiveRedisDataSource redis;

  private final RedisGuard guard;

  public RedisPolicyStore(ReactiveRedisDataSource redis, RedisGuard guard) {
    this.redis = redis;
    this.guard = guard;
    this.values = redis.value(byte[].class);
    this.pubsub = redis.pubsub(String.class);
  }

  public Uni<Map<String, byte[]>> mget(String... keys) {
    return guard.call(() -> values.mget(keys));
  }

  public Uni<byte[]> get(String key) {
    return guard.call(() -> values.get(key));
  }

  public Uni<Void> set(String key, byte[] value, Duration ttl) {
    return guard.call(() -> values.set(key, value, new SetArgs().px(ttl)));
  }

  public Uni<Void> delete(String key) {
    return guard.call(() -> redis.key().del(key).replaceWithVoid());
  }

  /** Increments a counter; the new value. */
  public Uni<Long> increment(String key) {
    return guard.call(() -> redis.value(Long.class).incr(key));
  }

  public Uni<Void> publish(String channel, String message) {
    return guard.call(() -> pubsub.publish(channel, message));
  }

  /** A round trip to Redis (health reporting; not guarded by the breaker). */
  public Uni<Void> ping() {
    return redis.execute("PING").replaceWithVoid();
  }

  /** The pooled client itself (the invalidation listener's own connection comes from it). */
  public io.vertx.mutiny.redis.client.Redis client() {
    return redis.getRedis();
  }
}
