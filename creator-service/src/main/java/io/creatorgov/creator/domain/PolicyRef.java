package io.creatorgov.creator.domain;

import java.util.Objects;

/**
 * The version of a policy a decision was taken against, in the market it was resolved for.
 *
 * @param policyKey the policy's key, for example {@code commission.caps}
 * @param policyVersion the version in force when resolved
 * @param market the market it was resolved for
 */
public record PolicyRef(String policyKey, int policyVersion, String market) {
  public PolicyRef {
    Objects.requireNonNull(policyKey, "policyKey");
    Objects.requireNonNull(market, "market");
  }
}
