package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.kit.testing.peers.PolicyServiceFake;

/** policy-service, faked, serving the seed policies of every market (deploy/seed/policies). */
public class FakePolicyService extends PolicyServiceFake {
  public FakePolicyService() {
    super(SeedPolicies::all);
  }
}
