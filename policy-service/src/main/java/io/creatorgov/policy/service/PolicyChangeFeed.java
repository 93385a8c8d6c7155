package io.creatorgov.policy.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.feed.SequencedFeed;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.domain.PolicyKeys;
import io.creatorgov.policy.v1.PolicyChangeEvent;
import io.creatorgov.policy.v1.PolicyChangeEventType;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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
      PolicyKeys.check(filter.policyKeys().get(i), "policy_keys[" + i + "]")
          .ifPresent(f -> v.add(f.field(), f.description()));
    }
    for (int i = 0; i < filter.markets().size(); i++) {
      markets
          .check(filter.markets().get(i), "markets[" + i + "]")
          .ifPresent(f -> v.add(f.field(), f.description()));
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
    filter.markets().forEach(caller::requireMarket);
    Set<String> keys = Set.copyOf(filter.policyKeys());
    Set<String> wanted = Set.copyOf(filter.markets());
    Set<PolicyChangeEventType> types = Set.copyOf(filter.eventTypes());
    return feed.start(filter.resumeToken(), filter.startFromNow())
        .toMulti()
        .flatMap(
            first ->
                feed.items(
                    first,
                    settings.feed().pollInterval(),
                    signals.stream(),
                    e -> matches(e, keys, wanted, types, caller),
                    settings.feed().checkpointInterval()));
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
