package io.creatorgov.enforcement.health;

import io.creatorgov.enforcement.client.PolicyGateway;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports, in readiness and without failing it, whether the policy near cache follows
 * policy-service's announcements: {@code listening} while the invalidation channel's heartbeat
 * arrives; otherwise {@code silent} — cached policies are re-asked, and served stale within
 * max-stale only while policy-service is unreachable. Reports keep being decided either way, so
 * this must not take the instance out of rotation.
 */
@Readiness
@ApplicationScoped
public class PolicySubscriptionHealthCheck implements HealthCheck {
  private final PolicyGateway policies;

  public PolicySubscriptionHealthCheck(PolicyGateway policies) {
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
