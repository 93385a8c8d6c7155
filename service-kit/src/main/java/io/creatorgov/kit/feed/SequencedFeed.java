package io.creatorgov.kit.feed;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.FeedCheckpoint;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.time.ProtoTime;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A durable change feed read from an event table with a {@code sequence} (BIGSERIAL, assigned in
 * commit order because writers hold an advisory lock) and a protobuf {@code payload}: first the
 * backlog after the resume point, then new events as they commit (on each wake-up: a poll tick or a
 * change signal). The cursor lives only in the stream, so a consumer that resumes with the last
 * token it processed misses nothing and sees nothing twice, across restarts of either side.
 *
 * @param <T> the event message
 */
public final class SequencedFeed<T> {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(SequencedFeed.class);
  private static final int BATCH = 200;

  private final Pool pool;
  private final String table;
  private final String tokenPrefix;
  private final String streamRpc;
  private final BiFunction<Long, byte[], T> parse;

  /**
   * @param table the event table (a constant of the service, never caller input)
   * @param tokenPrefix distinguishes this feed's tokens from other feeds'
   * @param streamRpc the RPC name for error messages
   * @param parse (sequence, payload) → the event with its sequence and resume token set
   */
  public SequencedFeed(
      Pool pool,
      String table,
      String tokenPrefix,
      String streamRpc,
      BiFunction<Long, byte[], T> parse) {
    this.pool = pool;
    this.table = table;
    this.tokenPrefix = tokenPrefix;
    this.streamRpc = streamRpc;
    this.parse = parse;
  }

  /** Where a stream starts: after the token's event, after the newest event, or from the start. */
  public Uni<Long> start(String resumeToken, boolean startFromNow) {
    if (startFromNow) {
      return pool.preparedQuery("SELECT coalesce(max(sequence), 0) AS s FROM " + table)
          .execute()
          .map(rows -> rows.iterator().next().getLong("s"));
    }
    if (resumeToken.isEmpty()) {
      return Uni.createFrom().item(0L);
    }
    long after = decodeToken(resumeToken);
    return FeedRetention.horizon(pool, table).map(horizon -> requireRetained(after, horizon));
  }

  /**
   * A token from before the retention horizon resumes after events that were deleted: the consumer
   * would miss them silently, so it is told to re-read the current state and start from now.
   */
  private long requireRetained(long after, long horizon) {
    if (after < horizon) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_RESUME_TOKEN_EXPIRED,
          "resume_token is older than the feed's retention horizon: events after it were deleted;"
              + " re-read the current state and call "
              + streamRpc
              + " with start_from_now",
          Map.of("oldest_retained_sequence", Long.toString(horizon + 1)));
    }
    return after;
  }

  /**
   * The feed as a consumer sees it: every event after {@code first} that passes {@code filter},
   * then new ones on every poll tick or {@code signals} item — with checkpoints. A checkpoint is
   * emitted when the stream first catches up (after the backlog) and then whenever {@code
   * checkpointInterval} has passed without any item; it carries the highest sequence examined, so a
   * consumer whose filter matched nothing still holds a fresh resume token.
   */
  public Multi<FeedItem<T>> items(
      long first,
      Duration pollInterval,
      Multi<?> signals,
      Predicate<T> filter,
      Duration checkpointInterval) {
    AtomicLong cursor = new AtomicLong(first);
    AtomicLong lastItemNanos = new AtomicLong(System.nanoTime());
    AtomicBoolean caughtUp = new AtomicBoolean(false);
    return Multi.createBy()
        .merging()
        .streams(
            Multi.createFrom().item(0L),
            Multi.createFrom().ticks().every(pollInterval),
            signals.map(ignored -> 0L))
        .onOverflow()
        .drop()
        .concatMap(
            tick ->
                Multi.createBy()
                    .concatenating()
                    .streams(
                        matching(cursor, filter, lastItemNanos),
                        Multi.createFrom()
                            .deferred(
                                () ->
                                    checkpointIfDue(
                                        cursor, lastItemNanos, caughtUp, checkpointInterval))));
  }

  private Multi<FeedItem<T>> matching(
      AtomicLong cursor, Predicate<T> filter, AtomicLong lastItemNanos) {
    return drain(cursor)
        .filter(filter)
        .onItem()
        .transform(
            e -> {
              lastItemNanos.set(System.nanoTime());
              return (FeedItem<T>) new FeedItem.Event<T>(e);
            });
  }

  private Multi<FeedItem<T>> checkpointIfDue(
      AtomicLong cursor, AtomicLong lastItemNanos, AtomicBoolean caughtUp, Duration interval) {
    boolean first = caughtUp.compareAndSet(false, true);
    boolean quiet = System.nanoTime() - lastItemNanos.get() >= interval.toNanos();
    if (!first && !quiet) {
      return Multi.createFrom().empty();
    }
    lastItemNanos.set(System.nanoTime());
    long position = cursor.get();
    FeedCheckpoint checkpoint =
        FeedCheckpoint.newBuilder()
            .setResumeToken(encodeToken(position))
            .setSequence(position)
            .setAsOfTime(ProtoTime.of(Instant.now()))
            .build();
    return Multi.createFrom().item(new FeedItem.Checkpoint<T>(checkpoint));
  }

  private Multi<T> drain(AtomicLong cursor) {
    return Multi.createBy()
        .repeating()
        .uni(() -> batch(cursor))
        .whilst(b -> b.size() == BATCH)
        .onItem()
        .transformToIterable(b -> b);
  }

  private Uni<List<T>> batch(AtomicLong cursor) {
    return pool.preparedQuery(
            "SELECT sequence, payload FROM "
                + table
                + " WHERE sequence > $1 ORDER BY sequence LIMIT $2")
        .execute(Tuple.of(cursor.get(), BATCH))
        .map(
            rows -> {
              List<T> out = new ArrayList<>();
              for (Row row : rows) {
                long sequence = row.getLong("sequence");
                cursor.set(sequence);
                try {
                  out.add(parse.apply(sequence, row.getBuffer("payload").getBytes()));
                } catch (RuntimeException corrupt) {
                  // one unreadable row must not fail every stream that reaches it, forever: it is
                  // reported (an operator repairs or removes it) and the stream moves past it
                  LOG.errorf(
                      corrupt,
                      "%s: event %d of %s is unreadable; skipped",
                      streamRpc,
                      sequence,
                      table);
                }
              }
              return out;
            });
  }

  public String encodeToken(long sequence) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((tokenPrefix + sequence).getBytes(StandardCharsets.UTF_8));
  }

  /** The sequence a token resumes after; INVALID_ARGUMENT INVALID_RESUME_TOKEN otherwise. */
  public long decodeToken(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.startsWith(tokenPrefix)) {
        long sequence = Long.parseLong(raw.substring(tokenPrefix.length()));
        if (sequence >= 0) {
          return sequence;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through: not a token of this feed
    }
    throw new ApiException(
        ErrorReason.ERROR_REASON_INVALID_RESUME_TOKEN,
        "resume_token is not a token of this feed",
        Map.of(),
        List.of(
            new FieldViolation("resume_token", "use a resume_token received from " + streamRpc)),
        List.of(),
        null);
  }
}
