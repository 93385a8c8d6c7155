package io.creatorgov.kit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.kit.testing.TcpProxy;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel listener against the machine's real Redis, through a TCP proxy a test can cut:
 * announcements arrive, heartbeats do not reach the owner, a Redis outage is noticed by silence and
 * survived by a new subscription, and no connection is left subscribed behind.
 */
class RedisChannelListenerTest {
  private final Vertx vertx = Vertx.vertx();
  private final String channel = "creatorgov:kit-test:" + UUID.randomUUID();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private TcpProxy proxy;
  private Redis viaProxy;
  private Redis direct;
  private RedisChannelListener listener;

  @AfterEach
  void close() throws Exception {
    if (listener != null) {
      listener.stop();
    }
    for (Redis r : new Redis[] {viaProxy, direct}) {
      if (r != null) {
        r.close();
      }
    }
    if (proxy != null) {
      proxy.close();
    }
    vertx.closeAndAwait();
  }

  @Test
  void announcementsArriveHeartbeatsDoNotAndAnOutageIsSurvivedByANewSubscription()
      throws Exception {
    proxy = new TcpProxy(redisPort());
    viaProxy = Redis.createClient(vertx, "redis://127.0.0.1:" + proxy.port());
    direct = Redis.createClient(vertx, "redis://127.0.0.1:" + redisPort());
    listener =
        new RedisChannelListener(
            viaProxy,
            channel,
            RedisChannelListener.HEARTBEAT_PREFIX + ":test",
            Duration.ofMillis(1500),
            received::add,
            subscriptions::incrementAndGet);
    listener.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 1);

    publish("policy.a");
    listener.tick(); // a heartbeat
    await().atMost(Duration.ofSeconds(2)).until(listener::listening);
    await().atMost(Duration.ofSeconds(2)).until(() -> received.contains("policy.a"));
    assertThat(received).as("heartbeats are not passed on").containsExactly("policy.a");

    proxy.cut();
    Thread.sleep(300);
    proxy.restore();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              listener.tick();
              return subscriptions.get() >= 2 && subscribers() == 1;
            });
    publish("policy.b");

    await().atMost(Duration.ofSeconds(2)).until(() -> received.contains("policy.b"));
    assertThat(subscribers()).as("one subscribed connection, none left behind").isEqualTo(1);

    listener.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 0);
  }

  @Test
  void aResubscriptionClosesTheConnectionItReplaces() {
    direct = Redis.createClient(vertx, "redis://127.0.0.1:" + redisPort());
    listener =
        new RedisChannelListener(
            direct, channel, null, Duration.ofSeconds(3), received::add, () -> {});
    for (int i = 0; i < 10; i++) {
      listener.start(); // e.g. ten silent spells in a row, racing their own subscriptions
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == 1);
    publish("policy.c");
    await().atMost(Duration.ofSeconds(2)).until(() -> received.contains("policy.c"));
    assertThat(received).containsExactly("policy.c");
  }

  private long subscribers() {
    return direct
        .send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(channel))
        .await()
        .atMost(Duration.ofSeconds(2))
        .get(1)
        .toLong();
  }

  private void publish(String message) {
    direct
        .send(Request.cmd(Command.PUBLISH).arg(channel).arg(message))
        .await()
        .atMost(Duration.ofSeconds(2));
  }

  private static int redisPort() {
    String port = System.getenv("CREATORGOV_REDIS_PORT");
    return port == null || port.isBlank() ? 6379 : Integer.parseInt(port);
  }
}
