package io.creatorgov.creator.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * StreamCreatorEvents: the durable creator change feed. Events are read in commit order from the
 * event table (writers serialize on an advisory lock, so sequence order is commit order): first
 * everything after the resume token, then new events as they commit. Reconnecting with the last
 * processed token misses nothing and repeats nothing, across restarts of either side.
 */
@ApplicationScoped
public class CreatorChangeFeed {
  private static final String TOKEN_PREFIX = "ccf1:";
  private static final String READ =
      "SELECT sequence, payload FROM creator_event WHERE sequence > $1 ORDER BY sequence LIMIT $2";
  private static final int BATCH = 200;

  private final Pool pool;
  private final MarketRegistry markets;
  private final Duration pollInterval;

  public CreatorChangeFeed(
      Pool pool,
      MarketRegistry markets,
      @ConfigProperty(name = "creatorgov.feed.poll-interval", defaultValue = "500ms")
          Duration pollInterval) {
    this.pool = pool;
    this.markets = markets;
    this.pollInterval = pollInterval;
  }

  public Multi<StreamCreatorEventsResponse> stream(
      CallerIdentity caller, StreamCreatorEventsRequest req) {
    Violations v = new Violations();
    v.require(
        !req.getResumeToken().isEmpty() && req.getStartFromNow(),
        "start_from_now",
        "give either resume_token or start_from_now, not both");
    v.require(req.getCreatorIdsCount() > 100, "creator_ids", "at most 100");
    for (int i = 0; i < req.getMarketsCount(); i++) {
      markets
          .check(req.getMarkets(i), "markets[" + i + "]")
          .ifPresent(f -> v.add(f.field(), f.description()));
    }
    for (int i = 0; i < req.getEventTypesCount(); i++) {
      CreatorEventType t = req.getEventTypes(i);
      v.require(
          t == CreatorEventType.CREATOR_EVENT_TYPE_UNSPECIFIED
              || t == CreatorEventType.UNRECOGNIZED,
          "event_types[" + i + "]",
          "must be an event type");
    }
    v.throwIfAny();
    req.getMarketsList().forEach(caller::requireMarket);
    long fromToken = req.getResumeToken().isEmpty() ? 0 : decodeToken(req.getResumeToken());
    Uni<Long> start =
        req.getStartFromNow()
            ? pool.preparedQuery("SELECT coalesce(max(sequence), 0) AS s FROM creator_event")
                .execute()
                .map(rows -> rows.iterator().next().getLong("s"))
            : Uni.createFrom().item(fromToken);
    Set<String> wantedMarkets = Set.copyOf(req.getMarketsList());
    Set<CreatorEventType> types = Set.copyOf(req.getEventTypesList());
    Set<String> creators = Set.copyOf(req.getCreatorIdsList());
    return start
        .toMulti()
        .flatMap(
            first -> {
              AtomicLong cursor = new AtomicLong(first);
              return Multi.createBy()
                  .merging()
                  .streams(
                      Multi.createFrom().item(0L), Multi.createFrom().ticks().every(pollInterval))
                  .onOverflow()
                  .drop()
                  .concatMap(tick -> drain(cursor))
                  .filter(
                      e ->
                          (wantedMarkets.isEmpty() || wantedMarkets.contains(e.getMarket()))
                              && (types.isEmpty() || types.contains(e.getEventType()))
                              && (creators.isEmpty() || creators.contains(e.getCreatorId()))
                              && caller.canAccessMarket(e.getMarket()))
                  .map(e -> StreamCreatorEventsResponse.newBuilder().setEvent(e).build());
            });
  }

  private Multi<CreatorEvent> drain(AtomicLong cursor) {
    return Multi.createBy()
        .repeating()
        .uni(() -> batch(cursor))
        .whilst(b -> b.size() == BATCH)
        .onItem()
        .transformToIterable(b -> b);
  }

  private Uni<List<CreatorEvent>> batch(AtomicLong cursor) {
    return pool.preparedQuery(READ)
        .execute(Tuple.of(cursor.get(), BATCH))
        .map(
            rows -> {
              List<CreatorEvent> out = new ArrayList<>();
              for (Row row : rows) {
                long sequence = row.getLong("sequence");
                cursor.set(sequence);
                try {
                  out.add(
                      CreatorEvent.parseFrom(row.getBuffer("payload").getBytes()).toBuilder()
                          .setSequence(sequence)
                          .setResumeToken(encodeToken(sequence))
                          .build());
                } catch (InvalidProtocolBufferException e) {
                  throw new IllegalStateException("corrupt creator event " + sequence, e);
                }
              }
              return out;
            });
  }

  static String encodeToken(long sequence) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + sequence).getBytes(StandardCharsets.UTF_8));
  }

  static long decodeToken(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.startsWith(TOKEN_PREFIX)) {
        long sequence = Long.parseLong(raw.substring(TOKEN_PREFIX.length()));
        if (sequence >= 0) {
          return sequence;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new ApiException(
        ErrorReason.ERROR_REASON_INVALID_RESUME_TOKEN,
        "resume_token is not a token of this feed",
        Map.of(),
        List.of(
            new FieldViolation(
                "resume_token", "use a resume_token received from StreamCreatorEvents")),
        List.of(),
        null);
  }
}
