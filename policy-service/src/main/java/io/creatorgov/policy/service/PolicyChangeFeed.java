package io.creatorgov.policy.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.feed.SequencedFeed;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.domain.PolicyKeys;
import io.creatorgov.policy.v1.PolicyChangeEvent;
import io.creatorgov.policy.v1.PolicyChangeEventType;
import io.creatorgov.policy.v1.WatchPolicyChangesRequest;
import io.creatorgov.policy.v1.WatchPolicyChangesResponse;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * WatchPolicyChanges: the policy change events in commit order from the durable event table ({@link
 * SequencedFeed}), woken by change signals of this instance and polling as a safety net.
 */
@ApplicationScoped
public class PolicyChangeFeed {
  private final SequencedFeed<PolicyChangeEvent> feed;
  private final FeedSignals signals;
  private final PolicySettings settings;
  private final MarketRegistry markets;

  public PolicyChangeFeed(
      Pool pool, FeedSignals signals, PolicySettings settings, MarketRegistry markets) {
    this.feed =
        new SequencedFeed<>(
            pool, "policy_change_event", "pcf1:", "WatchPolicyChanges", this::toEvent);
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
    Set<String> keys = Set.copyOf(req.getPolicyKeysList());
    Set<String> wanted = Set.copyOf(req.getMarketsList());
    Set<PolicyChangeEventType> types = Set.copyOf(req.getEventTypesList());
    return feed.start(req.getResumeToken(), req.getStartFromNow())
        .toMulti()
        .flatMap(
            first ->
                feed.items(
                    first,
                    settings.feed().pollInterval(),
                    signals.stream(),
                    e -> matches(e, keys, wanted, types, caller),
                    settings.feed().checkpointInterval()))
        .map(
            item ->
                item.fold(
                    e -> WatchPolicyChangesResponse.newBuilder().setEvent(e).build(),
                    c -> WatchPolicyChangesResponse.newBuilder().setCheckpoint(c).build()));
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
