package io.creatorgov.policy.cache;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Every Redis operation of policy-service, each behind a timeout and one shared circuit breaker:
 * when Redis is down or slow the breaker opens and callers fall back to PostgreSQL at once instead
 * of waiting on Redis; after the delay it lets a probe through and closes again by itself.
 */
@ApplicationScoped
public class RedisPolicyStore {

  private final ReactiveValueCommands<String, byte[]> values;
  private final ReactivePubSubCommands<String> pubsub;
  private final ReactiveRedisDataSource redis;

  public RedisPolicyStore(ReactiveRedisDataSource redis) {
    this.redis = redis;
    this.values = redis.value(byte[].class);
    this.pubsub = redis.pubsub(String.class);
  }

  @Timeout(500)
  @CircuitBreaker(
      requestVolumeThreshold = 4,
      failureRatio = 0.5,
      delay = 2000,
      successThreshold = 1)
  public Uni<byte[]> get(String key) {
    return values.get(key);
  }

  @Timeout(500)
  @CircuitBreaker(
      requestVolumeThreshold = 4,
      failureRatio = 0.5,
      delay = 2000,
      successThreshold = 1)
  public Uni<Void> set(String key, byte[] value, Duration ttl) {
    return values.set(key, value, new SetArgs().px(ttl));
  }

  @Timeout(500)
  @CircuitBreaker(
      requestVolumeThreshold = 4,
      failureRatio = 0.5,
      delay = 2000,
      successThreshold = 1)
  public Uni<Void> delete(String key) {
    return redis.key().del(key).replaceWithVoid();
  }

  @Timeout(500)
  public Uni<Void> publish(String channel, String message) {
    return pubsub.publish(channel, message);
  }

  /** A round trip to Redis (health reporting; not guarded by the breaker). */
  public Uni<Void> ping() {
    return redis.execute("PING").replaceWithVoid();
  }

  public ReactivePubSubCommands<String> pubsub() {
    return pubsub;
  }
}
