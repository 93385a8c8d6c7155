package io.creatorgov.creator.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
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
 * StreamCreatorEvents: the creator change events (stored as the contract's CreatorEvent) in commit
 * order from the durable event table ({@link SequencedFeed}); a consumer resumes after a restart of
 * either side with no gap and no duplicate. Served by the kit's {@link FeedStreams} like every feed
 * of the suite: at most {@code creatorgov.feed.max-streams} streams open at once on an instance,
 * one more refused with UNAVAILABLE OVERLOADED.
 */
@ApplicationScoped
public class CreatorChangeFeed {
  static final String RPC = "StreamCreatorEvents";

  private final SequencedFeed<CreatorEvent> feed;
  private final FeedStreams<CreatorEvent> streams;
  private final MarketRegistry markets;

  public CreatorChangeFeed(
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
    this.feed = new SequencedFeed<>(pool, "creator_event", "ccf1:", RPC, this::toEvent);
    this.streams = new FeedStreams<>(feed, RPC, pollInterval, checkpointInterval, maxStreams);
    this.markets = markets;
    Gauge.builder("creatorgov.creator.feed.open.streams", streams, FeedStreams::openStreams)
        .description("StreamCreatorEvents streams open on this instance")
        .register(metrics);
  }

  /**
   * StreamCreatorEvents' input: where to start (after {@code resumeToken}, or from now), and which
   * events (empty: every market, type, creator).
   */
  public record Subscription(
      String resumeToken,
      boolean startFromNow,
      List<String> creatorIds,
      List<String> markets,
      List<CreatorEventType> eventTypes) {}

  /** The matching events and checkpoints, for as long as the caller stays subscribed. */
  public Multi<FeedItem<CreatorEvent>> stream(CallerIdentity caller, Subscription sub) {
    check(sub);
    streams.checkToken(sub.resumeToken());
    sub.markets().forEach(caller::requireMarket);
    Set<String> wantedMarkets = Set.copyOf(sub.markets());
    Set<CreatorEventType> types = Set.copyOf(sub.eventTypes());
    Set<String> creators = Set.copyOf(sub.creatorIds());
    return streams.open(
        sub.resumeToken(),
        sub.startFromNow(),
        e ->
            (wantedMarkets.isEmpty() || wantedMarkets.contains(e.getMarket()))
                && (types.isEmpty() || types.contains(e.getEventType()))
                && (creators.isEmpty() || creators.contains(e.getCreatorId()))
                && caller.canAccessMarket(e.getMarket()));
  }

  private void check(Subscription sub) {
    Violations v = new Violations();
    FeedStreams.checkStart(v, sub.resumeToken(), sub.startFromNow());
    v.require(sub.creatorIds().size() > 100, "creator_ids", "at most 100");
    for (int i = 0; i < sub.markets().size(); i++) {
      markets.check(sub.markets().get(i), "markets[" + i + "]").ifPresent(v::add);
    }
    for (int i = 0; i < sub.eventTypes().size(); i++) {
      CreatorEventType t = sub.eventTypes().get(i);
      v.require(
          t == CreatorEventType.CREATOR_EVENT_TYPE_UNSPECIFIED
              || t == CreatorEventType.UNRECOGNIZED,
          "event_types[" + i + "]",
          "must be an event type");
    }
    v.throwIfAny();
  }

  private CreatorEvent toEvent(long sequence, byte[] payload) {
    try {
      CreatorEvent.Builder event = CreatorEvent.parseFrom(payload).toBuilder();
      event.getEnvelopeBuilder().setSequence(sequence).setResumeToken(feed.encodeToken(sequence));
      return event.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt creator event " + sequence, e);
    }
  }
}
