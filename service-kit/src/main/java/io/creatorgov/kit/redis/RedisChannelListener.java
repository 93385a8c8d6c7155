package io.creatorgov.kit.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Listens to one Redis pub/sub channel of invalidation announcements, and keeps listening across
 * Redis outages: the way each service's caches hear other instances' changes.
 *
 * <ul>
 *   <li><b>Its own connection</b>, closed outright when replaced. The data source's pub/sub wrapper
 *       closes its connection only after an UNSUBSCRIBE round trip, and only once its own
 *       subscription completed, so a re-subscription racing a slow or broken one could leave a
 *       subscribed connection behind, holding one of the pool's few connections for good. Closing a
 *       subscribed connection always evicts it from the pool and closes its socket; attempts are
 *       numbered, and a connection arriving for a superseded attempt is closed at once.
 *   <li><b>Silence is the sign to act on</b>: nothing re-subscribes by itself when the connection
 *       dies. {@link #tick()} (call it every second, e.g. from a {@code @Scheduled} method)
 *       publishes a heartbeat on the channel and subscribes again when nothing at all — not even a
 *       heartbeat — was heard for {@code silence}.
 *   <li>Announcements made while not listening are lost, so {@code onSubscribing} runs before each
 *       (re)subscription: the owner drops (or marks stale) what it cached.
 * </ul>
 *
 * Heartbeats are messages starting with {@link #HEARTBEAT_PREFIX}; they count as heard and are not
 * passed on.
 */
public final class RedisChannelListener {
  private static final Logger LOG = Logger.getLogger(RedisChannelListener.class);
  public static final String HEARTBEAT_PREFIX = "__heartbeat__";

  private final Redis redis;
  private final String channel;
  private final String heartbeat;
  private final Duration silence;
  private final Consumer<String> onMessage;
  private final Runnable onSubscribing;

  private RedisConnection connection;
  private long attempt;
  private boolean stopped;
  private volatile Instant lastHeard = Instant.EPOCH;
  private volatile Instant subscribedAt = Instant.EPOCH;

  /**
   * @param redis the (pooled) client, e.g. {@code ReactiveRedisDataSource.getRedis()}
   * @param heartbeat this instance's heartbeat payload (starting with {@link #HEARTBEAT_PREFIX}),
   *     or null when another service publishes the channel's heartbeats and this one only listens
   */
  public RedisChannelListener(
      Redis redis,
      String channel,
      String heartbeat,
      Duration silence,
      Consumer<String> onMessage,
      Runnable onSubscribing) {
    if (heartbeat != null && !heartbeat.startsWith(HEARTBEAT_PREFIX)) {
      throw new IllegalArgumentException("a heartbeat starts with " + HEARTBEAT_PREFIX);
    }
    this.redis = redis;
    this.channel = channel;
    this.heartbeat = heartbeat;
    this.silence = silence;
    this.onMessage = onMessage;
    this.onSubscribing = onSubscribing;
  }

  /** Subscribes (again): the old connection is closed, {@code onSubscribing} runs first. */
  public synchronized void start() {
    stopped = false;
    closeConnection();
    onSubscribing.run();
    subscribedAt = Instant.now();
    long mine = ++attempt;
    redis
        .connect()
        .subscribe()
        .with(
            c -> listen(mine, c),
            f -> LOG.warnf("%s: cannot connect to Redis: %s", channel, f.getMessage()));
  }

  /** Stops listening and closes the connection. */
  public synchronized void stop() {
    stopped = true;
    attempt++;
    closeConnection();
  }

  /**
   * Publishes this instance's heartbeat, and subscribes again when the channel has been silent for
   * longer than {@code silence}; returns whether it did.
   */
  public boolean tick() {
    if (heartbeat != null) {
      publish(heartbeat)
          .subscribe()
          .with(ok -> {}, f -> LOG.debugf("%s: heartbeat not sent: %s", channel, f.getMessage()));
    }
    synchronized (this) {
      Instant heard = lastHeard.isAfter(subscribedAt) ? lastHeard : subscribedAt;
      if (stopped || !Instant.now().isAfter(heard.plus(silence))) {
        return false;
      }
      LOG.infof("%s: silent for %s; subscribing again", channel, silence);
      start();
      return true;
    }
  }

  /** PUBLISH on the channel (through the pool, not the subscribed connection). */
  public Uni<Void> publish(String message) {
    return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).replaceWithVoid();
  }

  /** Whether anything (at least a heartbeat) was heard within {@code silence}. */
  public boolean listening() {
    return Instant.now().isBefore(lastHeard.plus(silence));
  }

  /** When anything was last heard on the channel. */
  public Instant lastHeard() {
    return lastHeard;
  }

  private synchronized void listen(long mine, RedisConnection c) {
    if (mine != attempt) {
      c.closeAndForget();
      return;
    }
    connection = c;
    c.handler(this::onPush)
        .exceptionHandler(f -> LOG.debugf("%s: %s", channel, f.getMessage()))
        .send(Request.cmd(Command.SUBSCRIBE).arg(channel))
        .subscribe()
        .with(
            ok -> LOG.debugf("%s: subscribed", channel),
            f -> LOG.warnf("%s: SUBSCRIBE failed: %s", channel, f.getMessage()));
  }

  private void closeConnection() {
    RedisConnection old = connection;
    connection = null;
    if (old != null) {
      old.closeAndForget();
    }
  }

  /** A pushed ["message", channel, payload] (a RESP2 array or a RESP3 push alike). */
  private void onPush(Response push) {
    if (push.size() < 3 || !"message".equalsIgnoreCase(push.get(0).toString())) {
      return;
    }
    lastHeard = Instant.now();
    String message = push.get(2).toString();
    if (!message.startsWith(HEARTBEAT_PREFIX)) {
      onMessage.accept(message);
    }
  }
}
