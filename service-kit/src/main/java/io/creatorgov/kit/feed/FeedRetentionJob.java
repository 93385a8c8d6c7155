package io.creatorgov.kit.feed;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Hourly, deletes the events of each of the service's feeds ({@code creatorgov.feed.tables}) older
 * than {@code creatorgov.feed.retention} (default 30 days, the retention
 * creatorgov/common/v1/feed.proto promises: a consumer away for longer re-reads the current state
 * and starts from now). A service without {@code creatorgov.feed.tables} has no feed and the job
 * does nothing.
 */
@ApplicationScoped
public class FeedRetentionJob {
  private static final Logger LOG = Logger.getLogger(FeedRetentionJob.class);
  private final Instance<Pool> pool;
  private final List<String> tables;
  private final Duration retention;

  public FeedRetentionJob(
      Instance<Pool> pool,
      @ConfigProperty(name = "creatorgov.feed.tables") Optional<List<String>> tables,
      @ConfigProperty(name = "creatorgov.feed.retention", defaultValue = "30d")
          Duration retention) {
    this.pool = pool;
    this.tables = tables.orElse(List.of());
    this.retention = retention;
    for (String table : this.tables) {
      if (!table.matches("[a-z_]{1,63}")) {
        throw new IllegalArgumentException("creatorgov.feed.tables: bad table name " + table);
      }
    }
  }

  @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return purgeBefore(Instant.now().minus(retention))
        .onFailure()
        .invoke(f -> LOG.warnf("feed retention failed: %s", f.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Deletes every feed's events older than {@code before}; returns how many in all. */
  public Uni<Integer> purgeBefore(Instant before) {
    return Multi.createFrom()
        .iterable(tables)
        .onItem()
        .transformToUniAndConcatenate(table -> purgeTable(table, before))
        .collect()
        .with(java.util.stream.Collectors.summingInt(Integer::intValue));
  }

  private Uni<Integer> purgeTable(String table, Instant before) {
    return FeedRetention.purgeBefore(pool.get(), table, before)
        .invoke(n -> LOG.debugf("%s: deleted %d events older than %s", table, n, before));
  }
}
