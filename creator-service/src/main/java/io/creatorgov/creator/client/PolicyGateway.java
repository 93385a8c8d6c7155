package io.creatorgov.creator.client;

import io.creatorgov.creator.domain.CommissionCaps;
import io.creatorgov.creator.domain.OnboardingRequirements;
import io.creatorgov.creator.domain.PolicyRef;
import io.creatorgov.creator.domain.TierThresholds;
import io.creatorgov.policy.client.CachedPolicies;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * creator-service's view of policy-service: the policies it needs, read through the policy client's
 * near cache ({@link CachedPolicies}) and mapped into creator-service's domain. When policy-service
 * cannot be reached and nothing usable is cached, callers get UNAVAILABLE DEPENDENCY_UNAVAILABLE —
 * never an unchecked answer.
 */
@ApplicationScoped
public class PolicyGateway {
  private final CachedPolicies policies;

  public PolicyGateway(CachedPolicies policies) {
    this.policies = policies;
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
    return policies.resolve(policyKey, market).map(policy -> PolicyContents.ref(policy, market));
  }

  private <T> Uni<Resolved<T>> content(
      String policyKey, String market, Function<ResolvedPolicy, T> content) {
    return policies
        .answer(policyKey, market)
        .map(
            a ->
                new Resolved<>(
                    PolicyContents.ref(a.policy(), market), content.apply(a.policy()), a.stale()));
  }
}
