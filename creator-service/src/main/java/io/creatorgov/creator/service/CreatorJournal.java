package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.ReversalBasis;
import io.creatorgov.creator.domain.StatusChangeKind;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorEventEntity;
import io.creatorgov.creator.repository.CreatorEventRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.creator.repository.StatusHistoryRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.feed.FeedWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Writes the append-only status history and the change-feed events, inside the caller's transaction
 * (so a change and its record commit together or not at all).
 */
@ApplicationScoped
public class CreatorJournal {
  /** Advisory lock serializing feed writers: sequence order is commit order. */
  static final long FEED_LOCK = 7_302_001L;

  /**
   * A status change to record.
   *
   * @param from null for registration (no status before)
   * @param actionId the enforcement action behind it, null if none (likewise the other causes)
   * @param changed the change's audit stamp, as stored
   */
  public record Entry(
      String creatorId,
      StatusChangeKind kind,
      CreatorStatus from,
      CreatorStatus to,
      String actionId,
      String appealId,
      ReversalBasis reversalBasis,
      String restrictionId,
      OffsetDateTime suspensionEnd,
      byte[] changed,
      OffsetDateTime at) {}

  private final StatusHistoryRepository history;
  private final CreatorEventRepository events;
  private final StoredForms forms;
  private final FeedChange.Encoder encoder;

  public CreatorJournal(
      StatusHistoryRepository history,
      CreatorEventRepository events,
      StoredForms forms,
      FeedChange.Encoder encoder) {
    this.history = history;
    this.events = events;
    this.forms = forms;
    this.encoder = encoder;
  }

  /** The audit stamp, as stored, of a change {@code caller} makes at {@code at}. */
  public byte[] stamp(CallerIdentity caller, OffsetDateTime at, String reason, String requestId) {
    return forms.stamp(caller, at, reason, requestId);
  }

  /** Records a status change; returns the stored entry. */
  public Uni<StatusHistoryEntity> statusChange(Entry entry) {
    StatusHistoryEntity h = new StatusHistoryEntity();
    h.entryId = "sh_" + UUID.randomUUID().toString().replace("-", "");
    h.creatorId = entry.creatorId();
    h.kind = entry.kind();
    h.fromStatus = entry.from();
    h.toStatus = entry.to();
    h.enforcementActionId = entry.actionId() == null ? "" : entry.actionId();
    h.appealId = entry.appealId() == null ? "" : entry.appealId();
    h.reversalBasis = entry.reversalBasis();
    h.restrictionId = entry.restrictionId() == null ? "" : entry.restrictionId();
    h.suspensionEndTime = entry.suspensionEnd();
    h.changed = entry.changed();
    h.occurredAt = entry.at();
    return history
        .nextCreatorSequence(entry.creatorId())
        .invoke(next -> h.creatorSequence = next)
        .chain(() -> history.persistAndFlush(h));
  }

  /** Records the STATUS_CHANGED event of a stored history entry. */
  public Uni<Void> statusChangedEvent(
      CreatorEntity creator, StatusHistoryEntity entry, CallerIdentity actor, OffsetDateTime at) {
    return event(new FeedChange.StatusChanged(entry), creator.creatorId, creator.market, actor, at);
  }

  /** Records the RESTRICTION_ENDED event of a lifted or expired restriction. */
  public Uni<Void> restrictionEndedEvent(
      CreatorEntity creator,
      RestrictionEntity restriction,
      CreatorStatus creatorStatus,
      CallerIdentity actor,
      OffsetDateTime at) {
    return event(
        new FeedChange.RestrictionEnded(restriction, creatorStatus),
        creator.creatorId,
        creator.market,
        actor,
        at);
  }

  /** Records a change-feed event. */
  public Uni<Void> event(
      FeedChange change,
      String creatorId,
      String market,
      CallerIdentity caller,
      OffsetDateTime at) {
    CreatorEventEntity row = new CreatorEventEntity();
    row.eventId = "ev_" + UUID.randomUUID().toString().replace("-", "");
    row.creatorId = creatorId;
    row.market = market;
    row.eventType = change.type();
    row.occurredAt = at;
    row.payload =
        encoder.encode(new FeedChange.Envelope(row.eventId, creatorId, market, caller, at), change);
    return events
        .getSession()
        .chain(s -> FeedWriter.appendInCommitOrder(s, FEED_LOCK, () -> events.persist(row)));
  }
}
