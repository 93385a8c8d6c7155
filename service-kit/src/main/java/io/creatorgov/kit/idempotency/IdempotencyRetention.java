package io.creatorgov.kit.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgets request ids older than {@code creatorgov.idempotency.retention} (default 7 days, the
 * retention the contracts state on ApiConventions): a replay older than that runs as a new command.
 * Clients retry within minutes, not days. Every service that uses {@link IdempotentCommands} gets
 * this hourly job from the kit.
 */
@ApplicationScoped
public class IdempotencyRetention {
  private static final Logger LOG = Logger.getLogger(IdempotencyRetention.class);
  private final Duration retention;

  public IdempotencyRetention(
      @ConfigProperty(name = "creatorgov.idempotency.retention", defaultValue = "7d")
          Duration retention) {
    this.retention = retention;
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return Panache.withTransaction(
            () ->
                Panache.getSession().flatMap(s -> IdempotentCommands.purgeOlderThan(s, retention)))
        .invoke(n -> LOG.debugf("forgot %d request ids older than %s", n, retention))
        .onFailure()
        .invoke(f -> LOG.warnf("request-id retention failed: %s", f.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
