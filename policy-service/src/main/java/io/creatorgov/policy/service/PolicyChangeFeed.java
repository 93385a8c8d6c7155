package io.creatorgov.policy.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.feed.SequencedFeed;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.domain.PolicyKeys;
import io.creatorgov.policy.v1.PolicyChangeEvent;
import io.creatorgov.policy.v1.PolicyChangeEventType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WatchPolicyChanges: the policy change events in commit order from the durable event table ({@link
 * SequencedFeed}), woken by change signals of this instance and polling as a safety net. At most
 * {@code creatorgov.policy.feed.max-streams} streams are open at once on an instance; one more is
 * refused with UNAVAILABLE OVERLOADED, as the contract documents.
 */
@ApplicationScoped
public class PolicyChangeFeed {
  private final SequencedFeed<PolicyChangeEvent> feed;
  private final FeedSignals signals;
  private final PolicySettings settings;
  private final MarketRegistry markets;
  private final AtomicInteger openStreams = new AtomicInteger();

  public PolicyChangeFeed(
      Pool pool,
      FeedSignals signals,
      PolicySettings settings,
      MarketRegistry markets,
      MeterRegistry metrics) {
    this.feed =
        new SequencedFeed<>(
            pool, "policy_change_event", "pcf1:", "WatchPolicyChanges", this::toEvent);
    this.signals = signals;
    this.settings = settings;
    this.markets = markets;
    Gauge.builder("creatorgov.policy.feed.open.streams", openStreams, AtomicInteger::get)
        .description("WatchPolicyChanges streams open on this instance")
        .register(metrics);
  }

  /**
   * WatchPolicyChanges: events of the given policies, markets and types (each filter empty = all),
   * from a resume token, from now, or from the start.
   */
  public record WatchFilter(
      List<String> policyKeys,
      List<String> markets,
      List<PolicyChangeEventType> eventTypes,
      String resumeToken,
      boolean startFromNow) {}

  /** The matching events, and checkpoints as the feed contract describes them. */
  public Multi<FeedItem<PolicyChangeEvent>> watch(CallerIdentity caller, WatchFilter filter) {
    Violations v = new Violations();
    v.require(
        !filter.resumeToken().isEmpty() && filter.startFromNow(),
        "start_from_now",
        "give either resume_token or start_from_now, not both");
    for (int i = 0; i < filter.policyKeys().size(); i++) {
      v.addAll(
          PolicyKeys.check(filter.policyKeys().get(i), "policy_keys[" + i + "]").stream().toList());
    }
    for (int i = 0; i < filter.markets().size(); i++) {
      v.addAll(markets.check(filter.markets().get(i), "markets[" + i + "]").stream().toList());
    }
    for (int i = 0; i < filter.eventTypes().size(); i++) {
      PolicyChangeEventType t = filter.eventTypes().get(i);
      v.require(
          t == PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_UNSPECIFIED
              || t == PolicyChangeEventType.UNRECOGNIZED,
          "event_types[" + i + "]",
          "must be a change event type");
    }
    v.throwIfAny();
    if (!filter.resumeToken().isEmpty()) {
      feed.decodeToken(filter.resumeToken()); // INVALID_RESUME_TOKEN before a stream slot is taken
    }
    filter.markets().forEach(caller::requireMarket);
    Set<String> keys = Set.copyOf(filter.policyKeys());
    Set<String> wanted = Set.copyOf(filter.markets());
    Set<PolicyChangeEventType> types = Set.copyOf(filter.eventTypes());
    Runnable close = openStream();
    // from here on every failure, even one thrown while the pipeline is built, ends the stream
    // through onTermination, which gives the slot back
    return Uni.createFrom()
        .deferred(() -> feed.start(filter.resumeToken(), filter.startFromNow()))
        .toMulti()
        .flatMap(
            first ->
                feed.items(
                    first,
                    settings.feed().pollInterval(),
                    signals.stream(),
                    e -> matches(e, keys, wanted, types, caller),
                    settings.feed().checkpointInterval()))
        .onTermination()
        .invoke(close);
  }

  /**
   * Takes one of the instance's stream slots, or refuses the stream (UNAVAILABLE OVERLOADED); the
   * returned action gives the slot back, once, when the stream ends, fails or is cancelled.
   */
  private Runnable openStream() {
    int max = settings.feed().maxStreams();
    if (openStreams.incrementAndGet() > max) {
      openStreams.decrementAndGet();
      throw ApiException.of(
          ErrorReason.ERROR_REASON_OVERLOADED,
          "too many open WatchPolicyChanges streams on this instance; reconnect with backoff and"
              + " the last resume token",
          Map.of("max_streams", Integer.toString(max)));
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        openStreams.decrementAndGet();
      }
    };
  }

  private PolicyChangeEvent toEvent(long sequence, byte[] payload) {
    try {
      PolicyChangeEvent.Builder event = PolicyChangeEvent.parseFrom(payload).toBuilder();
      event.getEnvelopeBuilder().setSequence(sequence).setResumeToken(feed.encodeToken(sequence));
      return event.build();
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
}
