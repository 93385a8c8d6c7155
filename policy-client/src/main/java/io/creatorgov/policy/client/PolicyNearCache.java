package io.creatorgov.policy.client;

import io.creatorgov.policy.v1.ResolvedPolicy;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * Consumer-side near cache of policy-service's {@code ResolvePolicy} answers, for services on the
 * hot path (creator-service's commission checks, enforcement-service's decisions).
 *
 * <ul>
 *   <li>An entry is fresh until the earlier of {@code maxAge} after it was fetched and the answer's
 *       {@code next_change_time} (a scheduled version taking over), so a scheduled publish is never
 *       missed.
 *   <li>{@link #invalidate(String)} drops every market's entry of a policy; {@link
 *       RedisPolicyInvalidations} calls it for each announcement policy-service makes when it
 *       publishes or retires a version.
 *   <li>Concurrent misses of one entry share one call (single flight).
 *   <li>When policy-service cannot be reached, an expired entry is still served for up to {@code
 *       maxStale} (the rules in force rarely change; a caller may prefer a slightly old answer to
 *       none) and the {@link Answer} says it was stale; without any entry the failure propagates,
 *       so callers fail closed.
 *   <li>{@link #markAllStale()} (the invalidation channel was silent or re-subscribed, so
 *       announcements may have been missed) expires every entry without dropping it: the next read
 *       asks policy-service, and if policy-service is what is down, the entry still serves within
 *       {@code maxStale} — the outage the cache exists for.
 *   <li>Each policy key has a generation, bumped by every invalidation: a fetch that started before
 *       an invalidation returns its answer to its callers but never stores it, so a superseded
 *       answer cannot come back after the announcement that retired it.
 * </ul>
 */
public final class PolicyNearCache {

  private final BiFunction<String, String, Uni<ResolvedPolicy>> resolver;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration maxStale;
  private final Map<String, Entry> entries;
  private final Map<String, Uni<ResolvedPolicy>> inflight = new ConcurrentHashMap<>();

  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong epoch =
      new java.util.concurrent.atomic.AtomicLong();

  private record Entry(ResolvedPolicy policy, Instant fetchedAt, Instant freshUntil) {}

  /**
   * An answer and whether it came from an expired entry because policy-service could not be reached
   * (callers record it, for example creator-service's {@code cap_from_cache}).
   */
  public record Answer(ResolvedPolicy policy, boolean stale) {}

  /**
   * @param resolver calls policy-service: (policy key, market) → the resolved policy now
   * @param maxAge how long an answer is used without asking again (unless invalidated first)
   * @param maxStale how long past its freshness an answer may stand in when policy-service fails
   * @param maxEntries bound of the cache (least recently used entries go first)
   */
  public PolicyNearCache(
      BiFunction<String, String, Uni<ResolvedPolicy>> resolver,
      Clock clock,
      Duration maxAge,
      Duration maxStale,
      int maxEntries) {
    this.resolver = resolver;
    this.clock = clock;
    this.maxAge = maxAge;
    this.maxStale = maxStale;
    this.entries =
        Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
              }
            });
  }

  /** The policy in force now in {@code market}, from the cache when fresh. */
  public Uni<ResolvedPolicy> resolve(String policyKey, String market) {
    return answer(policyKey, market).map(Answer::policy);
  }

  /** As {@link #resolve}, saying whether the answer was served stale during an outage. */
  public Uni<Answer> answer(String policyKey, String market) {
    String key = key(policyKey, market);
    Entry entry = entries.get(key);
    Instant now = clock.instant();
    if (entry != null && now.isBefore(entry.freshUntil())) {
      return Uni.createFrom().item(new Answer(entry.policy(), false));
    }
    return fetch(policyKey, market, key)
        .map(policy -> new Answer(policy, false))
        .onFailure()
        .recoverWithUni(failure -> staleOrFail(key, failure));
  }

  private Uni<Answer> staleOrFail(String key, Throwable failure) {
    Entry stale = entries.get(key);
    if (stale != null && clock.instant().isBefore(stale.freshUntil().plus(maxStale))) {
      return Uni.createFrom().item(new Answer(stale.policy(), true));
    }
    return Uni.createFrom().failure(failure);
  }

  /** The cached answer, fresh or not, without calling policy-service. */
  public Optional<ResolvedPolicy> peek(String policyKey, String market) {
    return Optional.ofNullable(entries.get(key(policyKey, market))).map(Entry::policy);
  }

  /** Drops every market's entry of a policy (a version was published or retired). */
  public void invalidate(String policyKey) {
    generations.merge(policyKey, 1L, Long::sum);
    String prefix = policyKey + "|";
    synchronized (entries) {
      entries.keySet().removeIf(k -> k.startsWith(prefix));
    }
    inflight.keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** Drops everything. */
  public void invalidateAll() {
    epoch.incrementAndGet();
    entries.clear();
    inflight.clear();
  }

  /**
   * Expires every entry but keeps it for stale serving (announcements may have been missed while
   * the invalidation channel was down, so nothing is trusted as fresh; but if policy-service is
   * down too, the last answers still serve within {@code maxStale}). Fetches already in flight
   * still answer their callers but do not store.
   */
  public void markAllStale() {
    epoch.incrementAndGet();
    Instant now = clock.instant();
    synchronized (entries) {
      entries.replaceAll(
          (k, e) -> e.freshUntil().isAfter(now) ? new Entry(e.policy(), e.fetchedAt(), now) : e);
    }
    inflight.clear();
  }

  /** Whether the cache holds an entry for the key and market that is still fresh. */
  public boolean isFresh(String policyKey, String market) {
    Entry e = entries.get(key(policyKey, market));
    return e != null && clock.instant().isBefore(e.freshUntil());
  }

  public int size() {
    return entries.size();
  }

  private Uni<ResolvedPolicy> fetch(String policyKey, String market, String key) {
    return inflight.computeIfAbsent(
        key,
        k -> {
          AtomicReference<Uni<ResolvedPolicy>> self = new AtomicReference<>();
          long generation = generations.getOrDefault(policyKey, 0L);
          long startEpoch = epoch.get();
          Uni<ResolvedPolicy> shared =
              resolver
                  .apply(policyKey, market)
                  .invoke(
                      policy -> {
                        // an invalidation while the call was in flight makes its answer suspect
                        if (generations.getOrDefault(policyKey, 0L) == generation
                            && epoch.get() == startEpoch) {
                          store(k, policy);
                        }
                      })
                  .onTermination()
                  .invoke(() -> inflight.remove(k, self.get()))
                  .memoize()
                  .indefinitely();
          self.set(shared);
          return shared;
        });
  }

  private void store(String key, ResolvedPolicy policy) {
    Instant now = clock.instant();
    Instant freshUntil = now.plus(maxAge);
    if (policy.hasNextChangeTime()) {
      Instant next =
          Instant.ofEpochSecond(
              policy.getNextChangeTime().getSeconds(), policy.getNextChangeTime().getNanos());
      if (next.isBefore(freshUntil)) {
        freshUntil = next;
      }
    }
    entries.put(key, new Entry(policy, now, freshUntil));
  }

  private static String key(String policyKey, String market) {
    return policyKey + "|" + market;
  }
}
