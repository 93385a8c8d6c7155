package io.creatorgov.policy.config;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;

/** Policy time for tests: the kit's adjustable clock, replacing the service clock. */
@Mock
@Singleton
public class AdjustableClock extends io.creatorgov.kit.testing.AdjustableClock {}
