package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.EnforcementEventEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.feed.FeedWriter;
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
  private final FeedChange.Encoder encoder;

  public EnforcementJournal(Repositories.Events events, FeedChange.Encoder encoder) {
    this.events = events;
    this.encoder = encoder;
  }

  /** Records one event with its envelope. */
  public Uni<Void> event(
      FeedChange change,
      String creatorId,
      String market,
      String subject,
      CallerIdentity actor,
      OffsetDateTime at) {
    EnforcementEventEntity row = new EnforcementEventEntity();
    row.eventId = "ev_" + UUID.randomUUID().toString().replace("-", "");
    row.creatorId = creatorId;
    row.market = market;
    row.eventType = "ENFORCEMENT_EVENT_TYPE_" + change.type().name();
    row.occurredAt = at;
    row.payload =
        encoder.encode(
            new FeedChange.Envelope(row.eventId, creatorId, market, subject, actor, at), change);
    return events
        .getSession()
        .chain(s -> FeedWriter.appendInCommitOrder(s, FEED_LOCK, () -> events.persist(row)));
  }

  /** ACTION_DECIDED and, with nothing to deliver, ACTION_APPLIED. */
  public Uni<Void> actionDecided(CallerIdentity caller, ActionRecord r, OffsetDateTime now) {
    EnforcementActionEntity a = r.action();
    Uni<Void> decided =
        event(
            new FeedChange.ActionChanged(FeedChange.Type.ACTION_DECIDED, r),
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
                new FeedChange.ActionChanged(FeedChange.Type.ACTION_APPLIED, r),
                a.creatorId,
                a.market,
                "actions/" + a.actionId,
                caller,
                now));
  }
}
