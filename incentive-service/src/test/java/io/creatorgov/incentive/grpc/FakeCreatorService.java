package io.creatorgov.incentive.grpc;

import io.creatorgov.kit.testing.peers.CreatorServiceFake;

/** creator-service, faked: the creators eligibility reads. */
public class FakeCreatorService extends CreatorServiceFake {}
