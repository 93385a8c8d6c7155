package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CapabilityInputs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private record Entry(CapabilityInputs inputs, Instant expiresAt, long generation) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Long> generations = new ConcurrentHashMap<>();
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
    redis
        .pubsub(String.class)
        .subscribe(CHANNEL)
        .subscribe()
        .with(this::dropLocal, f -> LOG.warnf("capability invalidations: %s", f.getMessage()));
  }

  /** The cached inputs, or loads them (a load started before an invalidation is not kept). */
  public Uni<CapabilityInputs> inputs(String creatorId, Supplier<Uni<CapabilityInputs>> loader) {
    Entry e = entries.get(creatorId);
    if (e != null && e.expiresAt().isAfter(Instant.now())) {
      metrics.counter("creatorgov.capability.cache", "result", "hit").increment();
      return Uni.createFrom().item(e.inputs());
    }
    metrics.counter("creatorgov.capability.cache", "result", "miss").increment();
    long generation = generations.getOrDefault(creatorId, 0L);
    return loader
        .get()
        .invoke(
            inputs -> {
              synchronized (generations) {
                if (generations.getOrDefault(creatorId, 0L) == generation) {
                  entries.put(creatorId, new Entry(inputs, Instant.now().plus(ttl), generation));
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
            ok -> {}, f -> LOG.debugf("could not announce capability change: %s", f.getMessage()));
  }

  private void dropLocal(String creatorId) {
    synchronized (generations) {
      generations.merge(creatorId, 1L, Long::sum);
      entries.remove(creatorId);
    }
  }
}
