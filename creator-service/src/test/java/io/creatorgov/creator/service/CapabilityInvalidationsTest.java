package io.creatorgov.creator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.creator.domain.CapabilityInputs;
import io.creatorgov.creator.grpc.FakePolicyService;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.RedisProxy;
import io.creatorgov.kit.testing.TcpProxy;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The capability cache hears other instances' invalidations over Redis, and hears them again after
 * a Redis outage: nothing re-subscribes by itself when the subscription's connection dies, so
 * without the cache's own re-subscription every later announcement would be lost until the entries'
 * TTL.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(RedisProxy.class)
class CapabilityInvalidationsTest {
  /** Well below the cache TTL (5 s): an entry gone this fast was dropped by an announcement. */
  private static final Duration ANNOUNCED = Duration.ofMillis(1500);

  @Inject CapabilityCache cache;

  @RedisProxy.Inject TcpProxy redisProxy;

  @Test
  void anotherInstancesInvalidationArrivesBeforeAndAfterARedisOutage() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(cache::isListening);
    String before = cached();

    announceFromAnotherInstance(before);

    await().atMost(ANNOUNCED).until(() -> !cache.isCached(before));

    redisProxy.cut();
    Thread.sleep(500);
    redisProxy.restore();
    await().atMost(Duration.ofSeconds(10)).until(() -> !cache.isListening());
    await().atMost(Duration.ofSeconds(15)).until(cache::isListening);
    String after = cached();

    announceFromAnotherInstance(after);

    await().atMost(ANNOUNCED).until(() -> !cache.isCached(after));
  }

  private String cached() {
    String creatorId = "c-" + UUID.randomUUID();
    cache
        .inputs(creatorId, () -> Uni.createFrom().item((CapabilityInputs) null))
        .await()
        .atMost(Duration.ofSeconds(5));
    assertThat(cache.isCached(creatorId)).isTrue();
    return creatorId;
  }

  /** PUBLISH on the channel over a direct connection to Redis, as another instance would. */
  private static void announceFromAnotherInstance(String creatorId) throws IOException {
    String port = System.getenv("CREATORGOV_REDIS_PORT");
    try (Socket redis =
            new Socket(
                "127.0.0.1", port == null || port.isBlank() ? 6379 : Integer.parseInt(port));
        OutputStream out = redis.getOutputStream()) {
      out.write(command("PUBLISH", CapabilityCache.CHANNEL, creatorId));
      out.flush();
      redis.getInputStream().read();
    }
  }

  private static byte[] command(String... parts) {
    StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String part : parts) {
      resp.append('$')
          .append(part.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(part)
          .append("\r\n");
    }
    return resp.toString().getBytes(StandardCharsets.UTF_8);
  }
}
