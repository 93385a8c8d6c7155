package io.creatorgov.enforcement.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementEventType;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.feed.SequencedFeed;
import io.creatorgov.kit.market.MarketRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * StreamEnforcementEvents: the enforcement change events (stored by service/EnforcementJournal as
 * the contract's EnforcementEvent) in commit order from the durable event table ({@link
 * SequencedFeed}); a consumer resumes after a restart of either side with no gap and no duplicate.
 * A token from before the retention horizon ({@code kit_feed_horizon}, kept by the kit's
 * FeedRetentionJob) is refused with OUT_OF_RANGE RESUME_TOKEN_EXPIRED. At most {@code
 * creatorgov.feed.max-streams} streams are open at once on an instance; one more is refused with
 * UNAVAILABLE OVERLOADED.
 */
@ApplicationScoped
public class EnforcementChangeFeed {
  static final String TABLE = "enforcement_event";
  static final int MAX_CREATOR_IDS = 100;

  /**
   * StreamEnforcementEvents' input: where to start (after {@code resumeToken}, from now, or from
   * the oldest retained event) and which events (each filter empty: all in the caller's scope).
   */
  public record Subscription(
      String resumeToken,
      boolean startFromNow,
      List<String> markets,
      List<EnforcementEventType> eventTypes,
      List<String> creatorIds) {}

  /** Which events a stream delivers: its filters and the caller's market scope. */
  private record Wanted(
      CallerIdentity caller,
      Set<String> markets,
      Set<EnforcementEventType> types,
      Set<String> creators) {
    boolean matches(EnforcementEvent e) {
      return (markets.isEmpty() || markets.contains(e.getMarket()))
          && (types.isEmpty() || types.contains(e.getEventType()))
          && (creators.isEmpty() || creators.contains(e.getCreatorId()))
          && caller.canAccessMarket(e.getMarket());
    }
  }

  private final SequencedFeed<EnforcementEvent> feed;
  private final MarketRegistry markets;
  private final Duration pollInterval;
  private final Duration checkpointInterval;
  private final int maxStreams;
  private final AtomicInteger openStreams = new AtomicInteger();

  public EnforcementChangeFeed(
      Pool pool,
      MarketRegistry markets,
      MeterRegistry metrics,
      @ConfigProperty(name = "creatorgov.feed.poll-interval", defaultValue = "500ms")
          Duration pollInterval,
      // The contract promises a checkpoint at least every 30 s of silence; 20 s leaves room for
      // a poll interval and scheduling.
      @ConfigProperty(name = "creatorgov.feed.checkpoint-interval", defaultValue = "20s")
          Duration checkpointInterval,
      @ConfigProperty(name = "creatorgov.feed.max-streams", defaultValue = "200") int maxStreams) {
    this.feed = new SequencedFeed<>(pool, TABLE, "ecf1:", "StreamEnforcementEvents", this::toEvent);
    this.markets = markets;
    this.pollInterval = pollInterval;
    this.checkpointInterval = checkpointInterval;
    this.maxStreams = maxStreams;
    Gauge.builder("creatorgov.enforcement.feed.open.streams", openStreams, AtomicInteger::get)
        .description("StreamEnforcementEvents streams open on this instance")
        .register(metrics);
  }

  /** The matching events and checkpoints, for as long as the caller stays subscribed. */
  public Multi<FeedItem<EnforcementEvent>> stream(CallerIdentity caller, Subscription sub) {
    check(sub);
    if (!sub.resumeToken().isEmpty()) {
      feed.decodeToken(sub.resumeToken()); // INVALID_RESUME_TOKEN before a stream slot is taken
    }
    sub.markets().forEach(caller::requireMarket);
    Wanted wanted =
        new Wanted(
            caller,
            Set.copyOf(sub.markets()),
            Set.copyOf(sub.eventTypes()),
            Set.copyOf(sub.creatorIds()));
    Runnable close = openStream();
    // from here on every failure, even one thrown while the pipeline is built, ends the stream
    // through onTermination, which gives the slot back
    return Uni.createFrom()
        .deferred(() -> feed.start(sub.resumeToken(), sub.startFromNow()))
        .toMulti()
        .flatMap(
            first ->
                feed.items(
                    first,
                    pollInterval,
                    Multi.createFrom().empty(),
                    wanted::matches,
                    checkpointInterval))
        .onTermination()
        .invoke(close);
  }

  /**
   * The subscription's field rules: resume_token and start_from_now exclusive, at most 100 creator
   * ids, known markets (a disabled market still streams its events, as its listings still list
   * them), defined event types.
   */
  private void check(Subscription sub) {
    Violations v = new Violations();
    v.require(
        !sub.resumeToken().isEmpty() && sub.startFromNow(),
        "start_from_now",
        "give either resume_token or start_from_now, not both");
    v.require(
        sub.creatorIds().size() > MAX_CREATOR_IDS,
        "creator_ids",
        "at most " + MAX_CREATOR_IDS + " creator ids");
    for (int i = 0; i < sub.markets().size(); i++) {
      String market = sub.markets().get(i);
      if (markets.find(market).isEmpty()) {
        markets.check(market, "markets[" + i + "]").ifPresent(v::add);
      }
    }
    for (int i = 0; i < sub.eventTypes().size(); i++) {
      EnforcementEventType t = sub.eventTypes().get(i);
      v.require(
          t == EnforcementEventType.ENFORCEMENT_EVENT_TYPE_UNSPECIFIED
              || t == EnforcementEventType.UNRECOGNIZED,
          "event_types[" + i + "]",
          "must be an event type");
    }
    v.throwIfAny();
  }

  /**
   * Takes one of the instance's stream slots, or refuses the stream (UNAVAILABLE OVERLOADED); the
   * returned action gives the slot back, once, when the stream ends, fails or is cancelled.
   */
  private Runnable openStream() {
    if (openStreams.incrementAndGet() > maxStreams) {
      openStreams.decrementAndGet();
      throw ApiException.of(
          ErrorReason.ERROR_REASON_OVERLOADED,
          "too many open StreamEnforcementEvents streams on this instance; reconnect with backoff"
              + " and the last resume token",
          Map.of("max_streams", Integer.toString(maxStreams)));
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        openStreams.decrementAndGet();
      }
    };
  }

  private EnforcementEvent toEvent(long sequence, byte[] payload) {
    try {
      EnforcementEvent.Builder event = EnforcementEvent.parseFrom(payload).toBuilder();
      event.getEnvelopeBuilder().setSequence(sequence).setResumeToken(feed.encodeToken(sequence));
      return event.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt enforcement event " + sequence, e);
    }
  }
}
