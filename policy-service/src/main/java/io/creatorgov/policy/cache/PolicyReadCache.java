package io.creatorgov.policy.cache;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.PolicyVariant;
import io.creatorgov.kit.redis.RedisChannelListener;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.domain.ContentHash;
import io.creatorgov.policy.domain.OverlayMerger;
import io.creatorgov.policy.domain.VersionTimeline;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyRepository;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Read-through cache of what resolution needs, in three layers: an in-process copy of each policy's
 * version timeline, Redis (timelines and resolved variants keyed by market, policy key and
 * version), and PostgreSQL.
 *
 * <ul>
 *   <li>Published content never changes, so a resolved variant of (market, key, version) is valid
 *       until it expires; only timelines change (publish, retire), and those are invalidated: the
 *       Redis entry is deleted and a message on the invalidation channel makes every instance drop
 *       its in-process copy.
 *   <li>Single flight: concurrent misses of the same entry share one database load.
 *   <li>Redis down: {@link RedisPolicyStore}'s breaker opens, reads go straight to PostgreSQL
 *       (counted as fallbacks), and the breaker closes by itself when Redis answers again.
 * </ul>
 *
 * Metrics: {@code creatorgov_policy_cache_requests_total{layer,result}} and {@code
 * creatorgov_policy_db_loads_total{entry}}.
 */
@ApplicationScoped
public class PolicyReadCache {
  private static final Logger LOG = Logger.getLogger(PolicyReadCache.class);

  /** Marks a market excluded by its overlay: the policy does not apply there. */
  public static final String EXCLUDED_HASH = "excluded";

  /** Other instances' invalidations (and everyone's heartbeats), across Redis outages. */
  private final RedisChannelListener invalidations;

  private final RedisPolicyStore redis;
  private final PolicyRepository policies;
  private final PolicyVersionRepository versions;
  private final PolicySettings settings;
  private final MeterRegistry metrics;
  private final Map<String, LocalEntry> localTimelines = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicLong> localGenerations =
      new ConcurrentHashMap<>();

  /** Invalidations Redis did not take (it was down): retried until it does. */
  private final java.util.Set<String> pendingInvalidations = ConcurrentHashMap.newKeySet();

  private final Map<String, Uni<?>> inflight = new ConcurrentHashMap<>();

  /**
   * In-process copies of resolved variants. A published version's content never changes, so these
   * need no invalidation; the map is bounded (least recently used entries go first).
   */
  private final Map<String, ResolvedPolicy> localVariants =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ResolvedPolicy> eldest) {
              return size() > 10_000;
            }
          });

  private record LocalEntry(Timeline timeline, Instant expiresAt) {}

  public PolicyReadCache(
      RedisPolicyStore redis,
      PolicyRepository policies,
      PolicyVersionRepository versions,
      PolicySettings settings,
      MeterRegistry metrics) {
    this.redis = redis;
    this.policies = policies;
    this.versions = versions;
    this.settings = settings;
    this.metrics = metrics;
    this.invalidations =
        new RedisChannelListener(
            redis.client(),
            channel(),
            RedisChannelListener.HEARTBEAT_PREFIX + ":" + java.util.UUID.randomUUID(),
            java.time.Duration.ofSeconds(3),
            this::onInvalidation,
            this::dropAllTimelines);
  }

  /** Subscribes to the invalidation channel so other instances' publishes reach this one. */
  void subscribe(@Observes StartupEvent event) {
    invalidations.start();
  }

  void unsubscribe(@Observes io.quarkus.runtime.ShutdownEvent event) {
    invalidations.stop();
  }

  /** Before each (re)subscription: messages published while not listening are lost. */
  private void dropAllTimelines() {
    synchronized (localGenerations) {
      localGenerations.values().forEach(java.util.concurrent.atomic.AtomicLong::incrementAndGet);
      localTimelines.clear();
    }
  }

  private void onInvalidation(String policyKey) {
    LOG.debugf("invalidation received for %s", policyKey);
    dropLocal(policyKey);
  }

  /**
   * Heartbeat: this instance publishes on the channel and must hear it (or another instance's)
   * back; when the channel is silent (the subscription died with a Redis outage), it subscribes
   * again.
   */
  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void heartbeat() {
    invalidations.tick();
  }

  public String channel() {
    return settings.cache().redisPrefix() + "invalidations";
  }

  /** The policy's published-version timeline, or {@code null} if the policy does not exist. */
  public Uni<Timeline> timeline(String policyKey) {
    Timeline local = localTimeline(policyKey);
    if (local != null) {
      count("local", "hit");
      return Uni.createFrom().item(local);
    }
    count("local", "miss");
    String redisKey = timelineKey(policyKey);
    String genKey = generationKey(policyKey);
    long localGenBefore = localGeneration(policyKey);
    return onCallerContext(
        readRedisTimeline(redisKey, genKey)
            .flatMap(
                cached -> {
                  if (cached != null) {
                    keepLocal(cached, localGenBefore);
                    return Uni.createFrom().item(cached);
                  }
                  // Loaded by a concurrent reader while we asked Redis? Then use that.
                  Timeline meanwhile = localTimeline(policyKey);
                  if (meanwhile != null) {
                    return Uni.createFrom().item(meanwhile);
                  }
                  return singleFlight(
                      "timeline:" + policyKey,
                      () -> {
                        // Checked again under the single-flight lock: a load that finished since
                        // our last look has already filled the in-process copy.
                        Timeline done = localTimeline(policyKey);
                        return done != null
                            ? Uni.createFrom().item(done)
                            : loadAndStoreTimeline(policyKey, redisKey, genKey);
                      });
                }));
  }

  /**
   * A Redis timeline is stored with the invalidation generation it was loaded under ({@code
   * <generation>|<timeline>}); it counts only while that generation is still the current one, so a
   * load that raced a publish can never put a stale timeline back.
   */
  private Uni<Timeline> readRedisTimeline(String redisKey, String genKey) {
    return redis
        .mget(redisKey, genKey)
        .map(
            values -> {
              byte[] entry = values.get(redisKey);
              if (entry == null) {
                count("redis", "miss");
                return (Timeline) null;
              }
              String text = new String(entry, java.nio.charset.StandardCharsets.UTF_8);
              int bar = text.indexOf('|');
              long storedGen = Long.parseLong(text.substring(0, bar));
              if (storedGen != redisGeneration(values.get(genKey))) {
                count("redis", "stale");
                return (Timeline) null;
              }
              count("redis", "hit");
              return Timeline.decode(
                  text.substring(bar + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            })
        .onFailure()
        .recoverWithItem(
            failure -> {
              count("redis", "fallback");
              LOG.debugf("Redis read failed (%s), falling back to PostgreSQL", failure.toString());
              return null;
            });
  }

  private static long redisGeneration(byte[] value) {
    return value == null
        ? 0
        : Long.parseLong(new String(value, java.nio.charset.StandardCharsets.US_ASCII).trim());
  }

  /**
   * The resolved content of a published version for a market (resolve_time, next_change_time and
   * version_state are left for the caller to fill). {@link #EXCLUDED_HASH} as content hash means
   * the market is excluded.
   */
  public Uni<ResolvedPolicy> variant(Timeline timeline, int version, String market) {
    String redisKey =
        settings.cache().redisPrefix()
            + "resolved:"
            + market
            + ":"
            + timeline.policyKey()
            + ":"
            + version;
    ResolvedPolicy local = localVariants.get(redisKey);
    if (local != null) {
      count("local", "hit");
      return Uni.createFrom().item(local);
    }
    count("local", "miss");
    return onCallerContext(
        readRedis(redisKey)
            .flatMap(
                cached -> {
                  if (cached != null) {
                    try {
                      ResolvedPolicy r = ResolvedPolicy.parseFrom(cached);
                      localVariants.put(redisKey, r);
                      return Uni.createFrom().item(r);
                    } catch (InvalidProtocolBufferException e) {
                      LOG.warnf("dropping corrupt cache entry %s", redisKey);
                    }
                  }
                  ResolvedPolicy meanwhile = localVariants.get(redisKey);
                  if (meanwhile != null) {
                    return Uni.createFrom().item(meanwhile);
                  }
                  return singleFlight(
                      redisKey,
                      () -> {
                        ResolvedPolicy done = localVariants.get(redisKey);
                        return done != null
                            ? Uni.createFrom().item(done)
                            : loadAndStoreVariant(timeline, version, market, redisKey);
                      });
                }));
  }

  /**
   * One database load, then Redis and the in-process copy are filled <em>before</em> the shared
   * load completes, so a reader that missed Redis meanwhile finds the result locally.
   */
  private Uni<Timeline> loadAndStoreTimeline(String policyKey, String redisKey, String genKey) {
    long localGen = localGeneration(policyKey);
    // The Redis generation is read BEFORE the database, so an invalidation committed after our
    // read makes what we store stale on arrival (readers compare generations).
    return redis
        .get(genKey)
        .map(PolicyReadCache::redisGeneration)
        .onFailure()
        .recoverWithItem(-1L)
        .flatMap(
            redisGen ->
                loadTimeline(policyKey)
                    .call(
                        t ->
                            t == null || redisGen < 0
                                ? Uni.createFrom().voidItem()
                                : writeRedis(
                                    redisKey,
                                    (redisGen
                                            + "|"
                                            + new String(
                                                t.encode(),
                                                java.nio.charset.StandardCharsets.UTF_8))
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    settings.cache().timelineTtl())))
        .invoke(
            t -> {
              if (t != null) {
                keepLocal(t, localGen);
              }
            });
  }

  private Uni<ResolvedPolicy> loadAndStoreVariant(
      Timeline timeline, int version, String market, String redisKey) {
    return loadVariant(timeline, version, market)
        .call(r -> writeRedis(redisKey, r.toByteArray(), settings.cache().resolvedTtl()))
        .invoke(r -> localVariants.put(redisKey, r));
  }

  private Timeline localTimeline(String policyKey) {
    LocalEntry entry = localTimelines.get(policyKey);
    return entry != null && entry.expiresAt().isAfter(Instant.now()) ? entry.timeline() : null;
  }

  /**
   * Drops the timeline everywhere: Redis, this instance, and (via pub/sub) every other instance.
   */
  public Uni<Void> invalidate(String policyKey) {
    dropLocal(policyKey);
    inflight.remove("timeline:" + policyKey);
    return redis
        .increment(generationKey(policyKey))
        .call(() -> redis.delete(timelineKey(policyKey)))
        .call(() -> redis.publish(channel(), policyKey))
        .invoke(() -> pendingInvalidations.remove(policyKey))
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            failure -> {
              // Redis did not take it: other instances' copies expire with the local TTL, and
              // this instance retries until Redis does (retryPendingInvalidations).
              LOG.warnf(
                  "invalidation of %s not delivered to Redis (%s); will retry",
                  policyKey, failure.getMessage());
              pendingInvalidations.add(policyKey);
              return null;
            });
  }

  /** Retries invalidations Redis missed while it was unreachable. */
  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> retryPendingInvalidations() {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String key : java.util.List.copyOf(pendingInvalidations)) {
      chain = chain.call(() -> invalidate(key));
    }
    return chain;
  }

  /** Whether the invalidation subscription has heard a message (at least a heartbeat) lately. */
  public boolean isListening() {
    return invalidations.listening();
  }

  /** Whether this instance holds a fresh in-process copy of the policy's timeline. */
  public boolean holdsTimeline(String policyKey) {
    return localTimeline(policyKey) != null;
  }

  /** Forgets every in-process copy (tests, operations). */
  public void clearLocal() {
    localTimelines.clear();
    localVariants.clear();
  }

  // ---- loads -----------------------------------------------------------------------------------

  private Uni<Timeline> loadTimeline(String policyKey) {
    metrics.counter("creatorgov.policy.db.loads", "entry", "timeline").increment();
    return Panache.withSession(
        () ->
            policies
                .findById(policyKey)
                .flatMap(
                    policy ->
                        policy == null
                            ? Uni.createFrom().<Timeline>nullItem()
                            : versions
                                .publishedTimeline(policyKey)
                                .map(rows -> toTimeline(policy, rows))));
  }

  private Uni<ResolvedPolicy> loadVariant(Timeline timeline, int version, String market) {
    metrics.counter("creatorgov.policy.db.loads", "entry", "variant").increment();
    return Panache.withSession(() -> versions.findVersion(timeline.policyKey(), version))
        .map(
            row ->
                resolveRow(timeline.policyKey(), timeline.kind(), timeline.title(), row, market));
  }

  /** Resolves one stored version for a market; also used for pinned (uncached) versions. */
  public static ResolvedPolicy resolveRow(
      String policyKey, String kind, String title, PolicyVersionEntity row, String market) {
    PolicyVersion document;
    try {
      document = PolicyVersion.parseFrom(row.document);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt policy version " + policyKey + "/" + row.version, e);
    }
    MarketOverlay overlay =
        document.getOverlaysList().stream()
            .filter(o -> o.getMarket().equals(market))
            .findFirst()
            .orElse(null);
    ResolvedPolicy.Builder resolved =
        ResolvedPolicy.newBuilder()
            .setPolicyKey(policyKey)
            .setKind(PolicyKind.valueOf(kind))
            .setPolicyDisplayName(title)
            .setVersion(row.version)
            .setMarket(market);
    if (row.effectiveFrom != null) {
      resolved.setEffectiveTime(ProtoTime.of(row.effectiveFrom.toInstant()));
    }
    if (overlay != null && overlay.getExcluded()) {
      return resolved
          .setVariant(PolicyVariant.POLICY_VARIANT_UNSPECIFIED)
          .setContentHash(EXCLUDED_HASH)
          .build();
    }
    var content = OverlayMerger.merge(document.getBaseContent(), overlay);
    return resolved
        .setVariant(
            overlay == null
                ? PolicyVariant.POLICY_VARIANT_BASE
                : PolicyVariant.POLICY_VARIANT_MARKET_OVERLAY)
        .setContent(content)
        .setContentHash(ContentHash.sha256Hex(content))
        .build();
  }

  private static Timeline toTimeline(PolicyEntity policy, List<PolicyVersionEntity> rows) {
    return new Timeline(
        policy.policyKey,
        policy.kind,
        policy.title,
        rows.stream()
            .map(
                r ->
                    new VersionTimeline(
                        r.version,
                        r.effectiveFrom.toInstant(),
                        r.retiredAt == null ? null : r.retiredAt.toInstant()))
            .toList());
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private Uni<byte[]> readRedis(String key) {
    return redis
        .get(key)
        .invoke(v -> count("redis", v == null ? "miss" : "hit"))
        .onFailure()
        .recoverWithItem(
            failure -> {
              count("redis", "fallback");
              LOG.debugf("Redis read failed (%s), falling back to PostgreSQL", failure.toString());
              return null;
            });
  }

  private Uni<Void> writeRedis(String key, byte[] value, java.time.Duration ttl) {
    return redis
        .set(key, value, ttl)
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.debugf("Redis write failed: %s", failure.toString());
              return null;
            });
  }

  @SuppressWarnings("unchecked")
  private <T> Uni<T> singleFlight(String key, Supplier<Uni<T>> loader) {
    return (Uni<T>)
        inflight.computeIfAbsent(
            key,
            k -> {
              java.util.concurrent.atomic.AtomicReference<Uni<T>> self =
                  new java.util.concurrent.atomic.AtomicReference<>();
              Uni<T> shared =
                  loader
                      .get()
                      // remove(k, self) so a finishing load never drops a newer one's entry
                      .onTermination()
                      .invoke(() -> inflight.remove(k, self.get()))
                      .memoize()
                      .indefinitely();
              self.set(shared);
              return shared;
            });
  }

  /** Deliver on the caller's Vert.x context (Redis replies and shared loads arrive elsewhere). */
  private static <T> Uni<T> onCallerContext(Uni<T> uni) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return uni;
    }
    return uni.emitOn(runnable -> context.runOnContext(ignored -> runnable.run()));
  }

  /** Keeps a local copy unless an invalidation happened since {@code loadedUnder} was read. */
  private void keepLocal(Timeline t, long loadedUnder) {
    synchronized (localGenerations) {
      if (localGeneration(t.policyKey()) != loadedUnder) {
        return;
      }
      localTimelines.put(
          t.policyKey(),
          new LocalEntry(t, Instant.now().plus(settings.cache().localTimelineTtl())));
    }
  }

  private long localGeneration(String policyKey) {
    return localGenerations
        .computeIfAbsent(policyKey, k -> new java.util.concurrent.atomic.AtomicLong())
        .get();
  }

  /**
   * Drops this instance's copy of a timeline and makes loads already running unable to keep theirs.
   */
  private void dropLocal(String policyKey) {
    synchronized (localGenerations) {
      localGenerations
          .computeIfAbsent(policyKey, k -> new java.util.concurrent.atomic.AtomicLong())
          .incrementAndGet();
      localTimelines.remove(policyKey);
    }
  }

  private String timelineKey(String policyKey) {
    return settings.cache().redisPrefix() + "timeline:" + policyKey;
  }

  private String generationKey(String policyKey) {
    return settings.cache().redisPrefix() + "generation:" + policyKey;
  }

  private void count(String layer, String result) {
    Counter.builder("creatorgov.policy.cache.requests")
        .tag("layer", layer)
        .tag("result", result)
        .register(metrics)
        .increment();
  }
}
