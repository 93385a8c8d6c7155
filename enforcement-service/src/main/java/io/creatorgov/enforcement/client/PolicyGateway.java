package io.creatorgov.enforcement.client;

import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.client.PolicyNearCache;
import io.creatorgov.policy.client.RedisPolicyInvalidations;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * enforcement-service's view of policy-service: resolved policies from a near cache that follows
 * policy-service's invalidation announcements (built as creator-service builds it), refilled
 * through {@link PolicyServiceClient}. When policy-service cannot be reached and nothing usable is
 * cached, callers get UNAVAILABLE DEPENDENCY_UNAVAILABLE — never an unchecked answer.
 */
@ApplicationScoped
public class PolicyGateway {
  private final PolicyServiceClient client;
  private final PolicyNearCache cache;
  private final RedisPolicyInvalidations invalidations;

  public PolicyGateway(
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

  /**
   * The version of {@code policyKey} that was in force in {@code market} at {@code at}, on the
   * caller's Vert.x context. The cached current version answers when it was already effective at
   * {@code at} (no newer version can have taken over since, or it would be the current one); an
   * earlier instant is resolved from policy-service for that time, uncached.
   */
  public Uni<ResolvedPolicy> resolveAt(String policyKey, String market, Instant at) {
    Context context = Vertx.currentContext();
    Uni<ResolvedPolicy> answer =
        cache
            .resolve(policyKey, market)
            .chain(
                current ->
                    effectiveAt(current, at)
                        ? Uni.createFrom().item(current)
                        : client.resolveAt(policyKey, market, at))
            .onFailure(f -> !(f instanceof ApiException))
            .transform(f -> unavailable(policyKey));
    return context == null ? answer : answer.emitOn(r -> context.runOnContext(ignored -> r.run()));
  }

  private static boolean effectiveAt(ResolvedPolicy current, Instant at) {
    return !current.hasEffectiveTime()
        || !ProtoTime.toInstant(current.getEffectiveTime()).isAfter(at);
  }

  private static ApiException unavailable(String policyKey) {
    return Failures.unavailable(PolicyServiceClient.PEER, Map.of("policy_key", policyKey));
  }

  /** Whether policy-service's announcements (and their heartbeat) are arriving. */
  public boolean isFollowingAnnouncements() {
    return invalidations.isListening();
  }

  public PolicyNearCache nearCache() {
    return cache;
  }
}
