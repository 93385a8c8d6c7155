package io.creatorgov.policy.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one source of "now" wherever the current instant decides what policy-service does: which
 * version is in force (resolution, rulebook, diff, GetPolicy), whether a requested effective time
 * is acceptable, when a scheduled version is due, and the times commands stamp on what they change.
 *
 * <p>Infrastructure timing (cache TTLs, the Redis heartbeat, page-token expiry, token validity)
 * stays on the system clock: it is about how fresh a copy is, not about which policy applies. Tests
 * replace this bean to move policy time without sleeping.
 */
@ApplicationScoped
public class PolicyClock {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
