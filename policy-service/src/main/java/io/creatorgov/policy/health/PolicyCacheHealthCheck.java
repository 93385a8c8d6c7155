package io.creatorgov.policy.health;

import io.creatorgov.policy.cache.RedisPolicyStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the policy cache in readiness without failing it: policy reads keep working from
 * PostgreSQL when Redis is down, so Redis must not take the service out of rotation. The check's
 * data says whether reads are served with Redis ({@code redis: up}) or degraded ({@code down}).
 * PostgreSQL, which reads cannot do without, has its own (failing) readiness check.
 */
@Readiness
@ApplicationScoped
public class PolicyCacheHealthCheck implements AsyncHealthCheck {
  private final RedisPolicyStore redis;

  public PolicyCacheHealthCheck(RedisPolicyStore redis) {
    this.redis = redis;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return redis
        .ping()
        .ifNoItem()
        .after(Duration.ofMillis(500))
        .fail()
        .map(ok -> true)
        .onFailure()
        .recoverWithItem(false)
        .map(
            up ->
                HealthCheckResponse.named("policy-cache")
                    .up()
                    .withData("redis", up ? "up" : "down")
                    .withData("mode", up ? "cached" : "degraded: reading from PostgreSQL")
                    .build());
  }
}
