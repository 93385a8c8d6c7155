package io.creatorgov.creator.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.feed.SequencedFeed;
import io.creatorgov.kit.market.MarketRegistry;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * StreamCreatorEvents: the creator change events in commit order from the durable event table
 * ({@link SequencedFeed}); a consumer resumes after a restart of either side with no gap and no
 * duplicate.
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
    Set<String> wantedMarkets = Set.copyOf(req.getMarketsList());
    Set<CreatorEventType> types = Set.copyOf(req.getEventTypesList());
    Set<String> creators = Set.copyOf(req.getCreatorIdsList());
    return feed.start(req.getResumeToken(), req.getStartFromNow())
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
                    checkpointInterval))
        .map(
            item ->
                item.fold(
                    e -> StreamCreatorEventsResponse.newBuilder().setEvent(e).build(),
                    c -> StreamCreatorEventsResponse.newBuilder().setCheckpoint(c).build()));
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
