package io.creatorgov.policy.client;

import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A consumer's view of policy-service: resolved policies from a {@link PolicyNearCache} that
 * follows policy-service's invalidation announcements ({@link RedisPolicyInvalidations}), refilled
 * through {@link PolicyServiceClient}. When policy-service cannot be reached and nothing usable is
 * cached, callers get UNAVAILABLE DEPENDENCY_UNAVAILABLE — never an unchecked answer. Answers come
 * back on the caller's Vert.x context, so a command can go on to its transaction.
 */
@ApplicationScoped
public class CachedPolicies {
  private final PolicyServiceClient client;
  private final PolicyNearCache cache;
  private final RedisPolicyInvalidations invalidations;

  public CachedPolicies(
      PolicyServiceClient client,
      ReactiveRedisDataSource redis,
      @ConfigProperty(name = "creatorgov.policy-client.max-age", defaultValue = "5m")
          Duration maxAge,
      @ConfigProperty(name = "creatorgov.policy-client.max-stale", defaultValue = "0s")
          Duration maxStale,
      @ConfigProperty(
              name = "creatorgov.policy-client.invalidation-channel",
              defaultValue = RedisPolicyInvalidations.DEFAULT_CHANNEL)
          String channel) {
    this.client = client;
    this.cache = new PolicyNearCache(client::resolve, Clock.systemUTC(), maxAge, maxStale, 10_000);
    this.invalidations = new RedisPolicyInvalidations(redis, channel, cache, Duration.ofSeconds(3));
  }

  void start(@Observes StartupEvent event) {
    invalidations.start();
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void watchInvalidations() {
    invalidations.check();
  }

  /** The policy in force now in the market. */
  public Uni<ResolvedPolicy> resolve(String policyKey, String market) {
    return answer(policyKey, market).map(PolicyNearCache.Answer::policy);
  }

  /**
   * As {@link #resolve}, saying whether the answer came from an expired cache entry because
   * policy-service could not be reached (within max-stale).
   */
  public Uni<PolicyNearCache.Answer> answer(String policyKey, String market) {
    return CallerContext.resumeOn(
        cache
            .answer(policyKey, market)
            .onFailure(f -> !(f instanceof ApiException))
            .transform(f -> unavailable(policyKey)));
  }

  /**
   * The version of {@code policyKey} that was in force in {@code market} at {@code at}. The cached
   * current version answers when it was already effective at {@code at} (no newer version can have
   * taken over since, or it would be the current one); an earlier instant is resolved from
   * policy-service for that time, uncached.
   */
  public Uni<ResolvedPolicy> resolveAt(String policyKey, String market, Instant at) {
    return CallerContext.resumeOn(
        cache
            .resolve(policyKey, market)
            .chain(
                current ->
                    effectiveAt(current, at)
                        ? Uni.createFrom().item(current)
                        : client.resolveAt(policyKey, market, at))
            .onFailure(f -> !(f instanceof ApiException))
            .transform(f -> unavailable(policyKey)));
  }

  private static boolean effectiveAt(ResolvedPolicy current, Instant at) {
    return !current.hasEffectiveTime()
        || !ProtoTime.toInstant(current.getEffectiveTime()).isAfter(at);
  }

  /** UNAVAILABLE DEPENDENCY_UNAVAILABLE naming the policy that could not be resolved. */
  public static ApiException unavailable(String policyKey) {
    return PeerFailures.unavailable(PolicyServiceClient.PEER, Map.of("policy_key", policyKey));
  }

  /** Whether policy-service's announcements (and their heartbeat) are arriving. */
  public boolean isFollowingAnnouncements() {
    return invalidations.isListening();
  }

  public PolicyNearCache nearCache() {
    return cache;
  }
}
