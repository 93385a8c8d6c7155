package io.creatorgov.kit.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps a change feed to its retention horizon: events older than the horizon are deleted and the
 * highest deleted sequence is remembered in {@code kit_feed_horizon}, so a consumer resuming from
 * before it learns that events are gone (OUT_OF_RANGE RESUME_TOKEN_EXPIRED, see {@link
 * SequencedFeed#start}) instead of silently skipping them.
 *
 * <p>The event table needs {@code sequence} and {@code occurred_at} columns; each service creates
 * {@code kit_feed_horizon (feed_table PRIMARY KEY, purged_through BIGINT, purged_at TIMESTAMPTZ)}
 * in its own migrations.
 */
public final class FeedRetention {
  private FeedRetention() {}

  /**
   * Deletes the events of {@code table} that occurred before {@code before} and raises the table's
   * horizon to the highest deleted sequence, in one transaction. Returns how many were deleted.
   *
   * @param table the event table (a constant of the service, never caller input)
   */
  public static Uni<Integer> purgeBefore(Pool pool, String table, Instant before) {
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(
                    "WITH gone AS (DELETE FROM "
                        + table
                        + " WHERE occurred_at < $1 RETURNING sequence)"
                        + " SELECT count(*) AS n, max(sequence) AS last FROM gone")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next())
                .call(row -> raiseHorizon(connection, table, row))
                .map(row -> row.getLong("n").intValue()));
  }

  private static Uni<?> raiseHorizon(
      io.vertx.mutiny.sqlclient.SqlConnection connection, String table, Row purged) {
    Long last = purged.getLong("last");
    if (last == null) {
      return Uni.createFrom().voidItem();
    }
    return connection
        .preparedQuery(
            "INSERT INTO kit_feed_horizon (feed_table, purged_through, purged_at)"
                + " VALUES ($1, $2, now()) ON CONFLICT (feed_table) DO UPDATE SET"
                + " purged_through = GREATEST(kit_feed_horizon.purged_through,"
                + " EXCLUDED.purged_through), purged_at = now()")
        .execute(Tuple.of(table, last));
  }

  /** The highest sequence purged from {@code table} so far (0: nothing purged). */
  public static Uni<Long> horizon(Pool pool, String table) {
    return pool.preparedQuery("SELECT purged_through FROM kit_feed_horizon WHERE feed_table = $1")
        .execute(Tuple.of(table))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("purged_through"));
  }
}
