package io.creatorgov.creator.grpc;

import io.creatorgov.kit.testing.peers.PolicyServiceFake;

/** policy-service, faked, serving creator-service's default policies. */
public class FakePolicyService extends PolicyServiceFake {
  public FakePolicyService() {
    super(CreatorFixtures::defaultPolicies);
  }
}
