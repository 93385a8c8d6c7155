package io.creatorgov.policy.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.domain.PolicyKeys;
import io.creatorgov.policy.v1.PolicyChangeEvent;
import io.creatorgov.policy.v1.PolicyChangeEventType;
import io.creatorgov.policy.v1.WatchPolicyChangesRequest;
import io.creatorgov.policy.v1.WatchPolicyChangesResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WatchPolicyChanges: streams change events in commit order from the durable event table, first the
 * backlog after the resume token, then new events as they commit (woken by change signals, and
 * polling as a safety net). A consumer that reconnects with the last token it processed misses
 * nothing and sees nothing twice, across restarts of either side.
 */
@ApplicationScoped
public class PolicyChangeFeed {
  private static final String TOKEN_PREFIX = "pcf1:";
  private static final String READ =
      "SELECT sequence, payload FROM policy_change_event WHERE sequence > $1 ORDER BY sequence LIMIT $2";

  private final Pool pool;
  private final FeedSignals signals;
  private final PolicySettings settings;
  private final MarketRegistry markets;

  public PolicyChangeFeed(
      Pool pool, FeedSignals signals, PolicySettings settings, MarketRegistry markets) {
    this.pool = pool;
    this.signals = signals;
    this.settings = settings;
    this.markets = markets;
  }

  public Multi<WatchPolicyChangesResponse> watch(
      CallerIdentity caller, WatchPolicyChangesRequest req) {
    Violations v = new Violations();
    v.require(
        !req.getResumeToken().isEmpty() && req.getStartFromNow(),
        "start_from_now",
        "give either resume_token or start_from_now, not both");
    for (int i = 0; i < req.getPolicyKeysCount(); i++) {
      PolicyKeys.check(req.getPolicyKeys(i), "policy_keys[" + i + "]")
          .ifPresent(f -> v.add(f.field(), f.description()));
    }
    for (int i = 0; i < req.getMarketsCount(); i++) {
      markets
          .check(req.getMarkets(i), "markets[" + i + "]")
          .ifPresent(f -> v.add(f.field(), f.description()));
    }
    for (int i = 0; i < req.getEventTypesCount(); i++) {
      PolicyChangeEventType t = req.getEventTypes(i);
      v.require(
          t == PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_UNSPECIFIED
              || t == PolicyChangeEventType.UNRECOGNIZED,
          "event_types[" + i + "]",
          "must be a change event type");
    }
    v.throwIfAny();
    req.getMarketsList().forEach(caller::requireMarket);
    long fromToken = req.getResumeToken().isEmpty() ? 0 : decodeToken(req.getResumeToken());
    Uni<Long> start =
        req.getStartFromNow()
            ? pool.preparedQuery("SELECT coalesce(max(sequence), 0) AS s FROM policy_change_event")
                .execute()
                .map(rows -> rows.iterator().next().getLong("s"))
            : Uni.createFrom().item(fromToken);
    Set<String> keys = Set.copyOf(req.getPolicyKeysList());
    Set<String> wanted = Set.copyOf(req.getMarketsList());
    Set<PolicyChangeEventType> types = Set.copyOf(req.getEventTypesList());
    return start
        .toMulti()
        .flatMap(
            first -> {
              AtomicLong cursor = new AtomicLong(first);
              Multi<Long> wakeUps =
                  Multi.createBy()
                      .merging()
                      .streams(
                          Multi.createFrom().item(0L),
                          Multi.createFrom().ticks().every(settings.feed().pollInterval()),
                          signals.stream());
              return wakeUps
                  .onOverflow()
                  .drop()
                  .concatMap(tick -> drain(cursor))
                  .filter(e -> matches(e, keys, wanted, types, caller))
                  .map(e -> WatchPolicyChangesResponse.newBuilder().setEvent(e).build());
            });
  }

  /** Reads every event after the cursor, batch by batch, advancing the cursor. */
  private Multi<PolicyChangeEvent> drain(AtomicLong cursor) {
    return Multi.createBy()
        .repeating()
        .uni(() -> readBatch(cursor))
        .whilst(batch -> batch.size() == settings.feed().batchSize())
        .onItem()
        .transformToIterable(batch -> batch);
  }

  private Uni<List<PolicyChangeEvent>> readBatch(AtomicLong cursor) {
    return pool.preparedQuery(READ)
        .execute(Tuple.of(cursor.get(), settings.feed().batchSize()))
        .map(
            rows -> {
              List<PolicyChangeEvent> batch = new ArrayList<>();
              for (Row row : rows) {
                long sequence = row.getLong("sequence");
                cursor.set(sequence);
                batch.add(toEvent(sequence, row.getBuffer("payload").getBytes()));
              }
              return batch;
            });
  }

  private static PolicyChangeEvent toEvent(long sequence, byte[] payload) {
    try {
      return PolicyChangeEvent.parseFrom(payload).toBuilder()
          .setSequence(sequence)
          .setResumeToken(encodeToken(sequence))
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt change event " + sequence, e);
    }
  }

  private static boolean matches(
      PolicyChangeEvent e,
      Set<String> keys,
      Set<String> wanted,
      Set<PolicyChangeEventType> types,
      CallerIdentity caller) {
    if (!keys.isEmpty() && !keys.contains(e.getPolicyKey())) {
      return false;
    }
    if (!types.isEmpty() && !types.contains(e.getEventType())) {
      return false;
    }
    if (!wanted.isEmpty() && e.getMarketsList().stream().noneMatch(wanted::contains)) {
      return false;
    }
    return caller.marketScope().isEmpty()
        || e.getMarketsList().stream().anyMatch(caller::canAccessMarket);
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
                "resume_token", "use a resume_token received from WatchPolicyChanges")),
        List.of(),
        null);
  }
}
