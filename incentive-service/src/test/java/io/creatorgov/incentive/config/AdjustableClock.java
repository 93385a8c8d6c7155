package io.creatorgov.incentive.config;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;

/** Programme time for tests: the kit's adjustable clock, replacing the service clock. */
@Mock
@Singleton
public class AdjustableClock extends io.creatorgov.kit.testing.AdjustableClock {}
