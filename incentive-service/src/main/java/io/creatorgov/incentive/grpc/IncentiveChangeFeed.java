package io.creatorgov.incentive.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.IncentiveEventType;
import io.creatorgov.incentive.v1.StreamIncentiveEventsRequest;
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
 * StreamIncentiveEvents: the incentive change events (written by service/IncentiveJournal as the
 * contract's IncentiveEvent, in the transaction of each change) in commit order from the durable
 * event table, served by the kit ({@link SequencedFeed}, {@link FeedStreams}) like every feed of
 * the suite: a consumer resumes after a restart of either side with no gap and no duplicate; a
 * token from before the retention horizon (kept by the kit's FeedRetentionJob) is refused with
 * OUT_OF_RANGE RESUME_TOKEN_EXPIRED; at most {@code creatorgov.feed.max-streams} streams are open
 * at once on an instance.
 */
@ApplicationScoped
public class IncentiveChangeFeed {
  static final String TABLE = "incentive_event";
  static final String RPC = "StreamIncentiveEvents";
  static final int MAX_PROGRAM_IDS = 100;

  /** Which events a stream delivers: its filters (empty: all) and the caller's market scope. */
  private record Wanted(
      CallerIdentity caller,
      Set<String> markets,
      Set<IncentiveEventType> types,
      Set<String> programs) {
    boolean matches(IncentiveEvent e) {
      return (markets.isEmpty() || markets.contains(e.getMarket()))
          && (types.isEmpty() || types.contains(e.getEventType()))
          && (programs.isEmpty() || programs.contains(e.getProgramId()))
          && caller.canAccessMarket(e.getMarket());
    }
  }

  private final SequencedFeed<IncentiveEvent> feed;
  private final FeedStreams<IncentiveEvent> streams;
  private final MarketRegistry markets;

  public IncentiveChangeFeed(
      Pool pool,
      MarketRegistry markets,
      MeterRegistry metrics,
      @ConfigProperty(name = "creatorgov.feed.poll-interval", defaultValue = "500ms")
          Duration pollInterval,
      @ConfigProperty(name = "creatorgov.feed.checkpoint-interval", defaultValue = "20s")
          Duration checkpointInterval,
      @ConfigProperty(name = "creatorgov.feed.max-streams", defaultValue = "200") int maxStreams) {
    this.feed = new SequencedFeed<>(pool, TABLE, "icf1:", RPC, this::toEvent);
    this.streams = new FeedStreams<>(feed, RPC, pollInterval, checkpointInterval, maxStreams);
    this.markets = markets;
    Gauge.builder("creatorgov.incentive.feed.open.streams", streams, FeedStreams::openStreams)
        .description("StreamIncentiveEvents streams open on this instance")
        .register(metrics);
  }

  /** The matching events and checkpoints, for as long as the caller stays subscribed. */
  public Multi<FeedItem<IncentiveEvent>> stream(
      CallerIdentity caller, StreamIncentiveEventsRequest request) {
    check(request);
    streams.checkToken(request.getResumeToken());
    request.getMarketsList().forEach(caller::requireMarket);
    Wanted wanted =
        new Wanted(
            caller,
            Set.copyOf(request.getMarketsList()),
            Set.copyOf(request.getEventTypesList()),
            Set.copyOf(request.getProgramIdsList()));
    return streams.open(request.getResumeToken(), request.getStartFromNow(), wanted::matches);
  }

  /**
   * The request's field rules: resume_token and start_from_now exclusive, at most 100 programme
   * ids, known markets (a disabled market still streams its events, as its listings still list
   * them), defined event types.
   */
  private void check(StreamIncentiveEventsRequest request) {
    Violations v = new Violations();
    FeedStreams.checkStart(v, request.getResumeToken(), request.getStartFromNow());
    v.require(
        request.getProgramIdsCount() > MAX_PROGRAM_IDS,
        "program_ids",
        "at most " + MAX_PROGRAM_IDS + " programme ids");
    List<String> wantedMarkets = request.getMarketsList();
    for (int i = 0; i < wantedMarkets.size(); i++) {
      String market = wantedMarkets.get(i);
      if (markets.find(market).isEmpty()) {
        markets.check(market, "markets[" + i + "]").ifPresent(v::add);
      }
    }
    List<IncentiveEventType> types = request.getEventTypesList();
    for (int i = 0; i < types.size(); i++) {
      IncentiveEventType t = types.get(i);
      v.require(
          t == IncentiveEventType.INCENTIVE_EVENT_TYPE_UNSPECIFIED
              || t == IncentiveEventType.UNRECOGNIZED,
          "event_types[" + i + "]",
          "must be an event type");
    }
    v.throwIfAny();
  }

  private IncentiveEvent toEvent(long sequence, byte[] payload) {
    try {
      IncentiveEvent.Builder event = IncentiveEvent.parseFrom(payload).toBuilder();
      event.getEnvelopeBuilder().setSequence(sequence).setResumeToken(feed.encodeToken(sequence));
      return event.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt incentive event " + sequence, e);
    }
  }
}
