package io.creatorgov.policy.client;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports, in readiness and without failing it, whether the policy near cache is following
 * policy-service's announcements: {@code listening} while the invalidation channel's heartbeat
 * arrives; otherwise {@code silent} — every cached policy is treated as stale and re-asked, and
 * served stale within max-stale only while policy-service is unreachable. Commands keep working
 * either way, so this must not take the instance out of rotation; it tells an operator why policy
 * reads are slower or flagged as served from cache.
 */
@Readiness
@ApplicationScoped
public class PolicySubscriptionHealthCheck implements HealthCheck {
  private final CachedPolicies policies;

  public PolicySubscriptionHealthCheck(CachedPolicies policies) {
    this.policies = policies;
  }

  @Override
  public HealthCheckResponse call() {
    boolean listening = policies.isFollowingAnnouncements();
    return HealthCheckResponse.named("policy-invalidations")
        .up()
        .withData("subscription", listening ? "listening" : "silent")
        .withData("cached_policies", policies.nearCache().size())
        .build();
  }
}
