package io.creatorgov.kit.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one source of "now" wherever the current instant decides what a service does: which policy
 * version is in force, which points still count and when a quarter resets, deadlines, when a
 * scheduled change is due, and the times commands stamp on what they change.
 *
 * <p>Infrastructure timing (cache TTLs, the Redis heartbeat, id ordering, page-token expiry, token
 * validity) stays on the system clock: it is about how fresh a copy is or how ids sort, not about
 * what applies. Tests replace the produced {@link Clock} (a {@code @Mock} bean extending the kit's
 * testing {@code AdjustableClock}) to move business time without sleeping.
 */
@ApplicationScoped
public class ServiceClock {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
