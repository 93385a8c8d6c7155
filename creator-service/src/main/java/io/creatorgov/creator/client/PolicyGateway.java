package io.creatorgov.creator.client;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.domain.CommissionCaps;
import io.creatorgov.creator.domain.OnboardingRequirements;
import io.creatorgov.creator.domain.PolicyRef;
import io.creatorgov.creator.domain.TierThresholds;
import io.creatorgov.kit.error.ApiException;
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
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * creator-service's view of policy-service: resolved policies from a near cache that follows
 * policy-service's invalidation announcements, refilled through {@link PolicyServiceClient}. When
 * policy-service cannot be reached and nothing usable is cached, callers get UNAVAILABLE
 * DEPENDENCY_UNAVAILABLE — never an unchecked answer.
 */
@ApplicationScoped
public class PolicyGateway {
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

  /** The onboarding requirements in force in the market, with their version. */
  public Uni<Resolved<OnboardingRequirements>> onboardingRequirements(
      String policyKey, String market) {
    return content(policyKey, market, PolicyContents::onboarding);
  }

  /** The commission caps in force in the market, with their version. */
  public Uni<Resolved<CommissionCaps>> commissionCaps(String policyKey, String market) {
    return content(policyKey, market, PolicyContents::commissionCaps);
  }

  /** The tier thresholds in force in the market, with their version. */
  public Uni<Resolved<TierThresholds>> tierThresholds(String policyKey, String market) {
    return content(policyKey, market, PolicyContents::tierThresholds);
  }

  /** The version of a policy in force in the market. */
  public Uni<PolicyRef> version(String policyKey, String market) {
    return resolve(policyKey, market).map(policy -> PolicyContents.ref(policy, market));
  }

  private <T> Uni<Resolved<T>> content(
      String policyKey, String market, Function<ResolvedPolicy, T> content) {
    return answer(policyKey, market)
        .map(
            a ->
                new Resolved<>(
                    PolicyContents.ref(a.policy(), market), content.apply(a.policy()), a.stale()));
  }

  /** The policy in force now in the market, on the caller's Vert.x context. */
  public Uni<ResolvedPolicy> resolve(String policyKey, String market) {
    return answer(policyKey, market).map(PolicyNearCache.Answer::policy);
  }

  /**
   * As {@link #resolve}, saying whether the answer came from an expired cache entry because
   * policy-service could not be reached (within max-stale).
   */
  public Uni<PolicyNearCache.Answer> answer(String policyKey, String market) {
    Context context = Vertx.currentContext();
    Uni<PolicyNearCache.Answer> answer =
        cache
            .answer(policyKey, market)
            .onFailure(f -> !(f instanceof ApiException))
            .transform(f -> unavailable(policyKey));
    return context == null ? answer : answer.emitOn(r -> context.runOnContext(ignored -> r.run()));
  }

  private static ApiException unavailable(String policyKey) {
    return ApiException.of(
        ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
        "policy-service is unavailable and no current answer is cached; retry later",
        Map.of("dependency", "policy-service", "policy_key", policyKey));
  }

  /** Whether policy-service's announcements (and their heartbeat) are arriving. */
  public boolean isFollowingAnnouncements() {
    return invalidations.isListening();
  }

  public PolicyNearCache nearCache() {
    return cache;
  }
}
