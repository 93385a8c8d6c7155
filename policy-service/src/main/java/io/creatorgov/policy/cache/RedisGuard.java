package io.creatorgov.policy.cache;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The one circuit breaker (and timeout) every Redis operation of policy-service passes through: a
 * Redis outage trips it once for all operations, and after the delay one probe decides for all.
 * Tune with MicroProfile Fault Tolerance keys, e.g. {@code
 * io.creatorgov.policy.cache.RedisGuard/call/Timeout/value=500}.
 */
@ApplicationScoped
public class RedisGuard {

  @Timeout(500)
  @CircuitBreaker(
      requestVolumeThreshold = 4,
      failureRatio = 0.5,
      delay = 2000,
      successThreshold = 1)
  public <T> Uni<T> call(Supplier<Uni<T>> operation) {
    return Uni.createFrom().deferred(operation::get);
  }
}
