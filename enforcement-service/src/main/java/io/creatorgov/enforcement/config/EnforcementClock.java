package io.creatorgov.enforcement.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one source of "now" wherever the current instant decides what enforcement-service does: which
 * points still count and when a quarter resets (standing reads and decisions), how far back or
 * ahead a reported observation or a held commission's as-of time may be, appeal deadlines, when a
 * hold is due to settle, manual actions, simulations, insights, and the times commands and the
 * outbox stamp on what they change.
 *
 * <p>Infrastructure timing (the policy near cache, id ordering, page-token expiry, token validity)
 * stays on the system clock: it is about how fresh a copy is or how ids sort, not about what
 * applies. Tests replace this bean to move enforcement time without sleeping.
 */
@ApplicationScoped
public class EnforcementClock {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
