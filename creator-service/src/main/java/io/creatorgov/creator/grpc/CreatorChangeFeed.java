package io.creatorgov.creator.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.feed.SequencedFeed;
import io.creatorgov.kit.market.MarketRegistry;
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
 * either side with no gap and no duplicate.
 */
@ApplicationScoped
public class CreatorChangeFeed {
  private final SequencedFeed<CreatorEvent> feed;
  private final MarketRegistry markets;
  private final Duration pollInterval;
  private final Duration checkpointInterval;

  public CreatorChangeFeed(
      Pool pool,
      MarketRegistry markets,
      @ConfigProperty(name = "creatorgov.feed.poll-interval", defaultValue = "500ms")
          Duration pollInterval,
      // The contract promises a checkpoint at least every 30 s of silence; 20 s leaves room for
      // a poll interval and scheduling.
      @ConfigProperty(name = "creatorgov.feed.checkpoint-interval", defaultValue = "20s")
          Duration checkpointInterval) {
    this.feed =
        new SequencedFeed<>(pool, "creator_event", "ccf1:", "StreamCreatorEvents", this::toEvent);
    this.markets = markets;
    this.pollInterval = pollInterval;
    this.checkpointInterval = checkpointInterval;
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
    sub.markets().forEach(caller::requireMarket);
    Set<String> wantedMarkets = Set.copyOf(sub.markets());
    Set<CreatorEventType> types = Set.copyOf(sub.eventTypes());
    Set<String> creators = Set.copyOf(sub.creatorIds());
    return feed.start(sub.resumeToken(), sub.startFromNow())
        .toMulti()
        .flatMap(
            first ->
                feed.items(
                    first,
                    pollInterval,
                    Multi.createFrom().empty(),
                    e ->
                        (wantedMarkets.isEmpty() || wantedMarkets.contains(e.getMarket()))
                            && (types.isEmpty() || types.contains(e.getEventType()))
                            && (creators.isEmpty() || creators.contains(e.getCreatorId()))
                            && caller.canAccessMarket(e.getMarket()),
                    checkpointInterval));
  }

  private void check(Subscription sub) {
    Violations v = new Violations();
    v.require(
        !sub.resumeToken().isEmpty() && sub.startFromNow(),
        "start_from_now",
        "give either resume_token or start_from_now, not both");
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
