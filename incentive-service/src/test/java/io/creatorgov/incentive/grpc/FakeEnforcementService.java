package io.creatorgov.incentive.grpc;

import io.creatorgov.kit.testing.peers.EnforcementServiceFake;

/** enforcement-service, faked: the standings eligibility reads. */
public class FakeEnforcementService extends EnforcementServiceFake {}
