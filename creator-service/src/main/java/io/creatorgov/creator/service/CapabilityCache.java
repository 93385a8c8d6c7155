package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CapabilityInputs;
import io.creatorgov.kit.redis.RedisChannelListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
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

  private static final Duration SILENCE = Duration.ofSeconds(3);

  /** Other instances' announcements (and everyone's heartbeats), across Redis outages. */
  private final RedisChannelListener channel;

  private final Duration ttl;
  private final MeterRegistry metrics;

  public CapabilityCache(
      ReactiveRedisDataSource redis,
      MeterRegistry metrics,
      @ConfigProperty(name = "creatorgov.capability.cache-ttl", defaultValue = "5s") Duration ttl) {
    this.metrics = metrics;
    this.ttl = ttl;
    this.channel =
        new RedisChannelListener(
            redis.getRedis(),
            CHANNEL,
            RedisChannelListener.HEARTBEAT_PREFIX,
            SILENCE,
            this::dropLocal,
            this::dropAll); // announcements missed while not listening: reload from the database
  }

  void subscribe(@Observes StartupEvent event) {
    channel.start();
  }

  void unsubscribe(@Observes ShutdownEvent event) {
    channel.stop();
  }

  /** Every second: a heartbeat on the channel, and a new subscription after {@link #SILENCE}. */
  @io.quarkus.scheduler.Scheduled(
      every = "1s",
      concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
  void heartbeat() {
    channel.tick();
  }

  /** Whether invalidations (and heartbeats) are arriving. */
  public boolean isListening() {
    return channel.listening();
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
    channel
        .publish(creatorId)
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
