package io.creatorgov.creator.service;

import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorEventEntity;
import io.creatorgov.creator.repository.CreatorEventRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.creator.repository.StatusHistoryRepository;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.CreatorStatusChanged;
import io.creatorgov.creator.v1.RestrictionEnded;
import io.creatorgov.creator.v1.StatusChangeKind;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.feed.FeedWriter;
import io.creatorgov.kit.time.ProtoTime;
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

  private final StatusHistoryRepository history;
  private final CreatorEventRepository events;

  public CreatorJournal(StatusHistoryRepository history, CreatorEventRepository events) {
    this.history = history;
    this.events = events;
  }

  public static AuditStamp stamp(
      CallerIdentity caller, OffsetDateTime at, String reason, String requestId) {
    return caller.stamp(at, reason, requestId);
  }

  /** Records a status change; returns the stored entry. */
  public Uni<StatusHistoryEntity> statusChange(
      String creatorId,
      StatusChangeKind kind,
      CreatorStatus from,
      CreatorStatus to,
      String actionId,
      String appealId,
      String reversalBasis,
      String restrictionId,
      OffsetDateTime suspensionEnd,
      AuditStamp changed,
      OffsetDateTime at) {
    StatusHistoryEntity h = new StatusHistoryEntity();
    h.entryId = "sh_" + UUID.randomUUID().toString().replace("-", "");
    h.creatorId = creatorId;
    h.kind = kind.name();
    h.fromStatus = from.name();
    h.toStatus = to.name();
    h.enforcementActionId = actionId == null ? "" : actionId;
    h.appealId = appealId == null ? "" : appealId;
    h.reversalBasis = reversalBasis == null ? "" : reversalBasis;
    h.restrictionId = restrictionId == null ? "" : restrictionId;
    h.suspensionEndTime = suspensionEnd;
    h.changed = changed.toByteArray();
    h.occurredAt = at;
    return history
        .nextCreatorSequence(creatorId)
        .invoke(next -> h.creatorSequence = next)
        .chain(() -> history.persistAndFlush(h));
  }

  /** Records the STATUS_CHANGED event of a stored history entry. */
  public Uni<Void> statusChangedEvent(
      CreatorEntity creator, StatusHistoryEntity entry, CallerIdentity actor, OffsetDateTime at) {
    return event(
        CreatorEvent.newBuilder()
            .setStatusChanged(
                CreatorStatusChanged.newBuilder().setEntry(CreatorMapper.toEntry(entry))),
        CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED,
        creator.creatorId,
        creator.market,
        actor,
        at);
  }

  /** Records the RESTRICTION_ENDED event of a lifted or expired restriction. */
  public Uni<Void> restrictionEndedEvent(
      CreatorEntity creator,
      RestrictionEntity restriction,
      CreatorStatus creatorStatus,
      CallerIdentity actor,
      OffsetDateTime at) {
    return event(
        CreatorEvent.newBuilder()
            .setRestrictionEnded(
                RestrictionEnded.newBuilder()
                    .setRestriction(CreatorMapper.toRestriction(restriction))
                    .setCreatorStatus(creatorStatus)),
        CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_ENDED,
        creator.creatorId,
        creator.market,
        actor,
        at);
  }

  /** Records a change-feed event (payload set by the caller). */
  public Uni<Void> event(
      CreatorEvent.Builder event,
      CreatorEventType type,
      String creatorId,
      String market,
      CallerIdentity caller,
      OffsetDateTime at) {
    CreatorEventEntity row = new CreatorEventEntity();
    row.eventId = "ev_" + UUID.randomUUID().toString().replace("-", "");
    row.creatorId = creatorId;
    row.market = market;
    row.eventType = type.name();
    row.occurredAt = at;
    event
        .getEnvelopeBuilder()
        .setEventId(row.eventId)
        .setActor(caller.toActor())
        .setOccurredTime(ProtoTime.of(at))
        .setSubject("creators/" + creatorId);
    row.payload =
        event.setEventType(type).setCreatorId(creatorId).setMarket(market).build().toByteArray();
    return events
        .getSession()
        .chain(s -> FeedWriter.appendInCommitOrder(s, FEED_LOCK, () -> events.persist(row)));
  }
}
