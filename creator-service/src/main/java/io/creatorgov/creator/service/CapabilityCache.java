package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CapabilityInputs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The hot-path cache of CheckCapability: per creator, the inputs of the decision (status,
 * suspension, restrictions, missing onboarding), from which every capability is decided "now" in
 * memory. Every change to a creator drops its entry here at once and, through the Redis channel
 * {@code creatorgov:creator:invalidations}, on every other instance; an entry also expires after
 * {@code creatorgov.capability.cache-ttl} as a bound if an announcement is lost.
 */
@ApplicationScoped
public class CapabilityCache {
  private static final Logger LOG = Logger.getLogger(CapabilityCache.class);
  static final String CHANNEL = "creatorgov:creator:invalidations";

  /** {@code creatorgov_creator_capability_cache_requests_total{result}} in Prometheus. */
  static final String METRIC = "creatorgov.creator.capability.cache.requests";

  private record Entry(CapabilityInputs inputs, Instant expiresAt, long generation) {}

  /** Bounded (least recently used entries go first). */
  private final Map<String, Entry> entries =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
              return size() > 100_000;
            }
          });

  /**
   * Generations per creator (striped by hash, so memory stays bounded): an invalidation bumps its
   * creator's stripe, and a load keeps its result only if that stripe did not move meanwhile. A
   * change to one creator therefore no longer throws away every other creator's load in flight; a
   * hash collision at worst skips one cache fill.
   */
  private final java.util.concurrent.atomic.AtomicLongArray generations =
      new java.util.concurrent.atomic.AtomicLongArray(STRIPES);

  private static final int STRIPES = 4096;

  private static final String HEARTBEAT = "__heartbeat__";
  private static final Duration SILENCE = Duration.ofSeconds(3);

  /**
   * The connection subscribed to the channel, held here rather than behind the data source's
   * pub/sub wrapper: that wrapper closes its connection only after an UNSUBSCRIBE round trip and
   * only once its own subscription completed, so a re-subscription racing a slow or broken one
   * could leave a subscribed connection behind, holding one of the pool's few connections for good.
   * Closing a subscribed connection always evicts it from the pool and closes its socket.
   */
  private RedisConnection listening;

  /** Numbers the subscription attempts: a connection arriving for an older one is closed. */
  private long attempt;

  private volatile Instant lastHeard = Instant.EPOCH;
  private volatile Instant subscribedAt = Instant.EPOCH;

  private final ReactiveRedisDataSource redis;
  private final Duration ttl;
  private final MeterRegistry metrics;

  public CapabilityCache(
      ReactiveRedisDataSource redis,
      MeterRegistry metrics,
      @ConfigProperty(name = "creatorgov.capability.cache-ttl", defaultValue = "5s") Duration ttl) {
    this.redis = redis;
    this.metrics = metrics;
    this.ttl = ttl;
  }

  void subscribe(@Observes StartupEvent event) {
    follow();
  }

  void unsubscribe(@Observes ShutdownEvent event) {
    synchronized (this) {
      attempt++;
      closeListening();
    }
  }

  /**
   * Listens to the channel (again) on a connection of its own. Announcements made while the
   * subscription was down were lost, so every local entry is dropped: the next checks reload from
   * the database.
   */
  private synchronized void follow() {
    closeListening();
    dropAll();
    subscribedAt = Instant.now();
    long mine = ++attempt;
    redis
        .getRedis()
        .connect()
        .subscribe()
        .with(
            connection -> listen(mine, connection),
            f ->
                LOG.warnf("capability invalidations: cannot connect to Redis: %s", f.getMessage()));
  }

  private synchronized void listen(long mine, RedisConnection connection) {
    if (mine != attempt) {
      connection.closeAndForget();
      return;
    }
    listening = connection;
    connection
        .handler(this::onPush)
        .exceptionHandler(f -> LOG.debugf("capability invalidations: %s", f.getMessage()))
        .send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL))
        .subscribe()
        .with(
            ok -> LOG.debug("capability invalidations: subscribed"),
            f -> LOG.warnf("capability invalidations: SUBSCRIBE failed: %s", f.getMessage()));
  }

  private void closeListening() {
    RedisConnection old = listening;
    listening = null;
    if (old != null) {
      old.closeAndForget();
    }
  }

  /** A pushed ["message", channel, payload] (RESP2 array or RESP3 push alike). */
  private void onPush(Response push) {
    if (push.size() >= 3 && "message".equalsIgnoreCase(push.get(0).toString())) {
      onMessage(push.get(2).toString());
    }
  }

  /**
   * Every second each instance announces itself on the channel; an instance that has heard nothing
   * (not even its own heartbeat) for {@link #SILENCE} lost its subscription with a Redis outage and
   * subscribes again. Nothing re-subscribes by itself when the subscription's connection dies, so
   * silence is the sign to act on.
   */
  @io.quarkus.scheduler.Scheduled(
      every = "1s",
      concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
  void heartbeat() {
    redis
        .pubsub(String.class)
        .publish(CHANNEL, HEARTBEAT)
        .subscribe()
        .with(ok -> {}, f -> LOG.debugf("capability heartbeat not sent: %s", f.getMessage()));
    if (resubscribeIfSilent()) {
      LOG.info("capability invalidation channel was silent; subscribed again");
    }
  }

  /** Subscribes again when the channel has been silent too long; returns whether it did. */
  boolean resubscribeIfSilent() {
    Instant heard = lastHeard.isAfter(subscribedAt) ? lastHeard : subscribedAt;
    if (Instant.now().isAfter(heard.plus(SILENCE))) {
      follow();
      return true;
    }
    return false;
  }

  /** Whether invalidations (and heartbeats) are arriving. */
  public boolean isListening() {
    return Instant.now().isBefore(lastHeard.plus(SILENCE));
  }

  private void onMessage(String message) {
    lastHeard = Instant.now();
    if (!HEARTBEAT.equals(message)) {
      dropLocal(message);
    }
  }

  /** Whether {@code creatorId}'s inputs are cached (for tests and diagnostics). */
  boolean isCached(String creatorId) {
    return entries.containsKey(creatorId);
  }

  /** The cached inputs, or loads them (a load started before an invalidation is not kept). */
  public Uni<CapabilityInputs> inputs(String creatorId, Supplier<Uni<CapabilityInputs>> loader) {
    Entry e = entries.get(creatorId);
    if (e != null && e.expiresAt().isAfter(Instant.now())) {
      metrics.counter(METRIC, "result", "hit").increment();
      return Uni.createFrom().item(e.inputs());
    }
    metrics.counter(METRIC, "result", "miss").increment();
    int stripe = stripe(creatorId);
    long before = generations.get(stripe);
    return loader
        .get()
        .invoke(
            inputs -> {
              synchronized (entries) {
                if (generations.get(stripe) == before) {
                  entries.put(creatorId, new Entry(inputs, Instant.now().plus(ttl), before));
                }
              }
            });
  }

  /** After a change commits: drop here and announce to the other instances. */
  public void invalidate(String creatorId) {
    dropLocal(creatorId);
    redis
        .pubsub(String.class)
        .publish(CHANNEL, creatorId)
        .subscribe()
        .with(
            ok -> {},
            f ->
                LOG.warnf(
                    "could not announce a capability change of %s (other instances catch up within"
                        + " the cache TTL): %s",
                    creatorId, f.getMessage()));
  }

  private void dropAll() {
    synchronized (entries) {
      for (int i = 0; i < STRIPES; i++) {
        generations.incrementAndGet(i);
      }
      entries.clear();
    }
  }

  private void dropLocal(String creatorId) {
    synchronized (entries) {
      generations.incrementAndGet(stripe(creatorId));
      entries.remove(creatorId);
    }
  }

  private static int stripe(String creatorId) {
    return (creatorId.hashCode() & 0x7fffffff) % STRIPES;
  }
}
