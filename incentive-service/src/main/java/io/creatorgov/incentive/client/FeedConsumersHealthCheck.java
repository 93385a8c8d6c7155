package io.creatorgov.incentive.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports, in readiness and without failing it, whether each feed consumer is following its feed
 * ({@code following}: stream open and caught up), reconnecting ({@code reconnecting}, with the last
 * failure) or {@code disabled}. The API keeps working either way — a lagging consumer only delays
 * pauses and reinstatements, which catch up from the stored token — so this must not take the
 * instance out of rotation; it tells an operator why enrolments have not reacted yet.
 */
@Readiness
@ApplicationScoped
public class FeedConsumersHealthCheck implements HealthCheck {
  private final CreatorFeedConsumer creator;
  private final EnforcementFeedConsumer enforcement;

  public FeedConsumersHealthCheck(
      CreatorFeedConsumer creator, EnforcementFeedConsumer enforcement) {
    this.creator = creator;
    this.enforcement = enforcement;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("feed-consumers").up();
    describe(b, "creator", creator);
    describe(b, "enforcement", enforcement);
    return b.build();
  }

  private static void describe(HealthCheckResponseBuilder b, String name, FeedConsumer c) {
    String state =
        !c.enabled()
            ? "disabled"
            : c.following() ? "following" : c.running() ? "reconnecting" : "stopped";
    b.withData(name, state);
    Instant last = c.lastItemTime();
    if (last != null) {
      b.withData(name + "_last_item", last.toString());
    }
    if (!c.following() && !c.lastFailure().isEmpty()) {
      b.withData(name + "_last_failure", c.lastFailure());
    }
  }
}
