package io.creatorgov.policy.service;

import io.creatorgov.common.v1.Actor;
import io.creatorgov.common.v1.ActorKind;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.feed.FeedWriter;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.repository.PolicyAuditEntity;
import io.creatorgov.policy.repository.PolicyAuditRepository;
import io.creatorgov.policy.repository.PolicyChangeEventEntity;
import io.creatorgov.policy.repository.PolicyChangeEventRepository;
import io.creatorgov.policy.v1.PolicyChangeEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Writes the audit trail and change-feed events, inside the caller's transaction. */
@ApplicationScoped
public class PolicyJournal {
  /** Advisory lock id that serializes change-feed writers (commit order = sequence order). */
  public static final long FEED_LOCK = 7_301_001L;

  /** The actor of feed events no caller caused (scheduled effectiveness). */
  static final Actor SYSTEM_ACTOR =
      Actor.newBuilder()
          .setSubject("policy-effectiveness")
          .setKind(ActorKind.ACTOR_KIND_SYSTEM)
          .build();

  private final PolicyAuditRepository audit;
  private final PolicyChangeEventRepository events;

  public PolicyJournal(PolicyAuditRepository audit, PolicyChangeEventRepository events) {
    this.audit = audit;
    this.events = events;
  }

  public static AuditStamp stamp(
      CallerIdentity caller, OffsetDateTime at, String reason, String requestId) {
    return caller.stamp(at, reason, requestId);
  }

  public Uni<Void> audit(
      String policyKey,
      int version,
      String action,
      CallerIdentity caller,
      String reason,
      String requestId,
      OffsetDateTime at) {
    PolicyAuditEntity row = new PolicyAuditEntity();
    row.policyKey = policyKey;
    row.version = version;
    row.action = action;
    row.actorSubject = caller.subject();
    row.actorKind = caller.kind().name();
    row.actorRoles =
        caller.roles().stream().map(Role::claim).sorted().collect(Collectors.joining(","));
    row.reason = reason == null ? "" : reason;
    row.requestId = requestId == null ? "" : requestId;
    row.occurredAt = at;
    return audit.persist(row).replaceWithVoid();
  }

  /** Records a change-feed event; its sequence is assigned by the database at insert. */
  public Uni<Void> event(PolicyChangeEvent event, List<String> markets, OffsetDateTime at) {
    PolicyChangeEventEntity row = new PolicyChangeEventEntity();
    row.eventId = UUID.randomUUID().toString();
    row.eventType = event.getEventType().name();
    row.policyKey = event.getPolicyKey();
    row.version = event.getVersion();
    row.markets = String.join(",", markets);
    row.occurredAt = at;
    PolicyChangeEvent.Builder stored = event.toBuilder().clearMarkets().addAllMarkets(markets);
    stored
        .getEnvelopeBuilder()
        .setEventId(row.eventId)
        .setOccurredTime(ProtoTime.of(at))
        .setSubject("policies/" + event.getPolicyKey() + "/versions/" + event.getVersion());
    if (!stored.getEnvelope().hasActor()) {
      stored.getEnvelopeBuilder().setActor(SYSTEM_ACTOR);
    }
    row.payload = stored.build().toByteArray();
    // Serialize event writers until commit, so sequence order is commit order and a consumer
    // reading "after sequence N" can never miss an event that commits later with a lower number.
    return events
        .getSession()
        .chain(s -> FeedWriter.appendInCommitOrder(s, FEED_LOCK, () -> events.persist(row)));
  }
}
