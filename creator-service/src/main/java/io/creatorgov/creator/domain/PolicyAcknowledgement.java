package io.creatorgov.creator.domain;

import java.time.Instant;

/**
 * A creator's acknowledgement of one version of a policy.
 *
 * @param acknowledgeTime when it was stored; null before
 */
public record PolicyAcknowledgement(String policyKey, int policyVersion, Instant acknowledgeTime) {

  public PolicyAcknowledgement at(Instant time) {
    return new PolicyAcknowledgement(policyKey, policyVersion, time);
  }
}
