package io.creatorgov.enforcement.grpc;

import io.creatorgov.kit.testing.peers.CreatorServiceFake;

/** creator-service, faked: enforcement-service's deliveries and creator reads. */
public class FakeCreatorService extends CreatorServiceFake {}
