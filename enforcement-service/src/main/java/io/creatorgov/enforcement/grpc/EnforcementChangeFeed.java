package io.creatorgov.enforcement.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementEventType;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.feed.FeedStreams;
import io.creatorgov.kit.feed.SequencedFeed;
import io.creatorgov.kit.market.MarketRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * StreamEnforcementEvents: the enforcement change events (stored by service/EnforcementJournal as
 * the contract's EnforcementEvent) in commit order from the durable event table ({@link
 * SequencedFeed}); a consumer resumes after a restart of either side with no gap and no duplicate.
 * A token from before the retention horizon ({@code kit_feed_horizon}, kept by the kit's
 * FeedRetentionJob) is refused with OUT_OF_RANGE RESUME_TOKEN_EXPIRED. At most {@code
 * creatorgov.feed.max-streams} streams are open at once on an instance; one more is refused with
 * UNAVAILABLE OVERLOADED. The serving itself is the kit's {@link FeedStreams}, as on every feed.
 */
@ApplicationScoped
public class EnforcementChangeFeed {
  static final String TABLE = "enforcement_event";
  static final String RPC = "StreamEnforcementEvents";
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
  private final FeedStreams<EnforcementEvent> streams;
  private final MarketRegistry markets;

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
    this.feed = new SequencedFeed<>(pool, TABLE, "ecf1:", RPC, this::toEvent);
    this.streams = new FeedStreams<>(feed, RPC, pollInterval, checkpointInterval, maxStreams);
    this.markets = markets;
    Gauge.builder("creatorgov.enforcement.feed.open.streams", streams, FeedStreams::openStreams)
        .description("StreamEnforcementEvents streams open on this instance")
        .register(metrics);
  }

  /** The matching events and checkpoints, for as long as the caller stays subscribed. */
  public Multi<FeedItem<EnforcementEvent>> stream(CallerIdentity caller, Subscription sub) {
    check(sub);
    streams.checkToken(sub.resumeToken()); // INVALID_RESUME_TOKEN before the scope checks
    sub.markets().forEach(caller::requireMarket);
    Wanted wanted =
        new Wanted(
            caller,
            Set.copyOf(sub.markets()),
            Set.copyOf(sub.eventTypes()),
            Set.copyOf(sub.creatorIds()));
    return streams.open(sub.resumeToken(), sub.startFromNow(), wanted::matches);
  }

  /**
   * The subscription's field rules: resume_token and start_from_now exclusive, at most 100 creator
   * ids, known markets (a disabled market still streams its events, as its listings still list
   * them), defined event types.
   */
  private void check(Subscription sub) {
    Violations v = new Violations();
    FeedStreams.checkStart(v, sub.resumeToken(), sub.startFromNow());
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
