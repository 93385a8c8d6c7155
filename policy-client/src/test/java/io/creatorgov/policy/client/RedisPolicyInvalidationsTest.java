package io.creatorgov.policy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.policy.v1.ResolvedPolicy;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The near cache follows announcements made on the real Redis. */
@QuarkusTest
class RedisPolicyInvalidationsTest {
  @Inject ReactiveRedisDataSource reactive;
  @Inject RedisDataSource redis;

  @Test
  void anAnnouncementOnTheChannelDropsTheNearCacheEntry() {
    String channel = "creatorgov:policy-client-test:" + UUID.randomUUID();
    AtomicInteger version = new AtomicInteger(1);
    PolicyNearCache cache =
        new PolicyNearCache(
            (key, market) ->
                Uni.createFrom()
                    .item(
                        ResolvedPolicy.newBuilder()
                            .setPolicyKey(key)
                            .setVersion(version.get())
                            .build()),
            Clock.systemUTC(),
            Duration.ofMinutes(5),
            Duration.ZERO,
            100);
    try (RedisPolicyInvalidations listener =
        new RedisPolicyInvalidations(reactive, channel, cache, Duration.ofSeconds(3))) {
      listener.start();
      cache.resolve("commission.caps", "VN").await().indefinitely();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> redis.execute("PUBLISH", channel, "__heartbeat__:t").toLong() > 0);
      version.set(2);

      redis.execute("PUBLISH", channel, "commission.caps");

      await()
          .atMost(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(cache.peek("commission.caps", "VN")).isEmpty());
      assertThat(cache.resolve("commission.caps", "VN").await().indefinitely().getVersion())
          .isEqualTo(2);
    }
  }

  @Test
  void aSilentChannelMakesTheListenerResubscribeWithoutWipingTheCache() {
    String channel = "creatorgov:policy-client-test:" + UUID.randomUUID();
    AtomicInteger calls = new AtomicInteger();
    PolicyNearCache cache =
        new PolicyNearCache(
            (key, market) ->
                calls.incrementAndGet() == 1
                    ? Uni.createFrom().item(ResolvedPolicy.newBuilder().setVersion(1).build())
                    : Uni.createFrom().failure(new IllegalStateException("policy-service down")),
            Clock.systemUTC(),
            Duration.ofMinutes(5),
            Duration.ofHours(1),
            100);
    try (RedisPolicyInvalidations listener =
        new RedisPolicyInvalidations(reactive, channel, cache, Duration.ofMillis(200))) {
      listener.start();
      cache.resolve("commission.caps", "VN").await().indefinitely();

      // nobody publishes heartbeats on this channel: what a policy-service outage looks like
      await().atMost(Duration.ofSeconds(5)).until(listener::check);

      assertThat(cache.isFresh("commission.caps", "VN"))
          .as("expired: may have missed news")
          .isFalse();
      PolicyNearCache.Answer answer = cache.answer("commission.caps", "VN").await().indefinitely();
      assertThat(answer.stale()).isTrue();
      assertThat(answer.policy().getVersion()).isEqualTo(1);
    }
  }
}
