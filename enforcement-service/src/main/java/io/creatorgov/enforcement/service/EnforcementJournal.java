package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.EnforcementEventEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.v1.ActionEvent;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementEventType;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.feed.FeedWriter;
import io.creatorgov.kit.time.ProtoTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Writes enforcement change-feed events inside the caller's transaction, in commit order (the kit's
 * {@link FeedWriter}), so a change and its events commit together or not at all.
 */
@ApplicationScoped
public class EnforcementJournal {
  /** Advisory lock serializing writers of the enforcement feed: sequence order is commit order. */
  static final long FEED_LOCK = 7_302_003L;

  private final Repositories.Events events;

  public EnforcementJournal(Repositories.Events events) {
    this.events = events;
  }

  /** Records one event (payload set by the caller) with its envelope. */
  public Uni<Void> event(
      EnforcementEvent.Builder event,
      EnforcementEventType type,
      String creatorId,
      String market,
      String subject,
      CallerIdentity actor,
      OffsetDateTime at) {
    EnforcementEventEntity row = new EnforcementEventEntity();
    row.eventId = "ev_" + UUID.randomUUID().toString().replace("-", "");
    row.creatorId = creatorId;
    row.market = market;
    row.eventType = type.name();
    row.occurredAt = at;
    event
        .getEnvelopeBuilder()
        .setEventId(row.eventId)
        .setActor(actor.toActor())
        .setOccurredTime(ProtoTime.of(at))
        .setSubject(subject);
    row.payload =
        event.setEventType(type).setCreatorId(creatorId).setMarket(market).build().toByteArray();
    return events
        .getSession()
        .chain(s -> FeedWriter.appendInCommitOrder(s, FEED_LOCK, () -> events.persist(row)));
  }

  /** ACTION_DECIDED and, with nothing to deliver, ACTION_APPLIED. */
  public Uni<Void> actionDecided(CallerIdentity caller, ActionRecord r, OffsetDateTime now) {
    EnforcementActionEntity a = r.action();
    ActionEvent event = ActionEvent.newBuilder().setAction(EnforcementViews.action(r)).build();
    Uni<Void> decided =
        event(
            EnforcementEvent.newBuilder().setActionDecided(event),
            EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_DECIDED,
            a.creatorId,
            a.market,
            "actions/" + a.actionId,
            caller,
            now);
    if (r.apply() != null) {
      return decided;
    }
    return decided.chain(
        () ->
            event(
                EnforcementEvent.newBuilder().setActionApplied(event),
                EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_APPLIED,
                a.creatorId,
                a.market,
                "actions/" + a.actionId,
                caller,
                now));
  }
}
