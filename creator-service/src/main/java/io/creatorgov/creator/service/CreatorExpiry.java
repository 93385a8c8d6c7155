package io.creatorgov.creator.service;

import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.creator.domain.CreatorLifecycle;
import io.creatorgov.creator.domain.LifecycleState;
import io.creatorgov.creator.domain.TransitionOutcome;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.CreatorStatusChanged;
import io.creatorgov.creator.v1.RestrictionEnded;
import io.creatorgov.creator.v1.StatusChangeKind;
import io.creatorgov.kit.auth.CallerIdentity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Ends what expires by itself: restrictions whose end time has passed become EXPIRED, and a
 * suspension whose end has passed returns the creator to ACTIVE (or RESTRICTED while restrictions
 * remain) — each with its history entry and feed events, by the system actor. CheckCapability never
 * waits for this job: it decides "now" and already ignores what has expired.
 */
@ApplicationScoped
public class CreatorExpiry {
  private static final Logger LOG = Logger.getLogger(CreatorExpiry.class);

  /** The jobs as the contract names them (Actor.subject of their changes). */
  private static final CallerIdentity RESTRICTION_EXPIRY =
      CallerIdentity.system("restriction-expiry");

  private static final CallerIdentity SUSPENSION_EXPIRY =
      CallerIdentity.system("suspension-expiry");
  private static final String DUE =
      "select creator_id from restriction where state = 'ACTIVE' and end_time <= :now"
          + " union select creator_id from creator where status = 'CREATOR_STATUS_SUSPENDED'"
          + " and suspension_end_time <= :now limit 100";

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final CreatorJournal journal;
  private final CapabilityCache capabilities;

  public CreatorExpiry(
      CreatorRepository creators,
      RestrictionRepository restrictions,
      CreatorJournal journal,
      CapabilityCache capabilities) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.journal = journal;
    this.capabilities = capabilities;
  }

  @Scheduled(
      every = "${creatorgov.expiry.every:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> expire() {
    return Panache.withSession(
            () ->
                Panache.getSession()
                    .flatMap(
                        s ->
                            s.createNativeQuery(DUE, String.class)
                                // one clock (the JVM's) both selects and expires: nothing is
                                // selected
                                // that would then not be expired
                                .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
                                .getResultList()))
        .flatMap(
            ids -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (String id : new LinkedHashSet<>(ids)) {
                chain =
                    chain.call(
                        () ->
                            Panache.withTransaction(() -> expireOne(id))
                                .invoke(() -> capabilities.invalidate(id))
                                .onFailure()
                                .recoverWithUni(
                                    f -> {
                                      LOG.warnf(
                                          "could not expire for creator %s: %s",
                                          id, f.getMessage());
                                      return Uni.createFrom().voidItem();
                                    }));
              }
              return chain;
            })
        .onFailure()
        .recoverWithUni(
            f -> {
              LOG.warnf("expiry run failed: %s", f.getMessage());
              return Uni.createFrom().voidItem();
            });
  }

  private Uni<Void> expireOne(String creatorId) {
    return creators
        .findById(creatorId, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            c ->
                restrictions
                    .active(creatorId)
                    .flatMap(active -> expireRestrictionsAndSuspension(c, active)));
  }

  private Uni<Void> expireRestrictionsAndSuspension(
      CreatorEntity c, List<RestrictionEntity> active) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Instant instant = now.toInstant();
    List<RestrictionEntity> due =
        active.stream()
            .filter(r -> r.endTime != null && !r.endTime.toInstant().isAfter(instant))
            .toList();
    LifecycleState before = CreatorMapper.lifecycle(c, active.size());
    Optional<TransitionOutcome> suspensionOver = CreatorLifecycle.expireSuspension(before, instant);
    CallerIdentity job = suspensionOver.isPresent() ? SUSPENSION_EXPIRY : RESTRICTION_EXPIRY;
    AuditStamp stamp = CreatorJournal.stamp(job, now, "end time reached", "");
    for (RestrictionEntity r : due) {
      r.state = "EXPIRED";
      r.endedTime = r.endTime;
      r.updateTime = now;
    }
    int remaining = active.size() - due.size();
    LifecycleState afterSuspension = suspensionOver.map(TransitionOutcome::next).orElse(before);
    LifecycleState after =
        CreatorLifecycle.restrictionsChanged(
            new LifecycleState(
                afterSuspension.status(),
                afterSuspension.activated(),
                active.size(),
                afterSuspension.suspensionEndTime(),
                afterSuspension.suspensionActionId(),
                afterSuspension.banActionId()),
            remaining);
    StatusChangeKind kind =
        suspensionOver.isPresent()
            ? StatusChangeKind.STATUS_CHANGE_KIND_SUSPENSION_EXPIRED
            : StatusChangeKind.STATUS_CHANGE_KIND_RESTRICTIONS_CLEARED;
    CreatorStatus from = CreatorStatus.valueOf(c.status);
    Uni<Void> chain = restrictions.flush().replaceWithVoid();
    for (RestrictionEntity r : due) {
      chain =
          chain.call(
              () ->
                  journal.event(
                      CreatorEvent.newBuilder()
                          .setRestrictionEnded(
                              RestrictionEnded.newBuilder()
                                  .setRestriction(CreatorMapper.toRestriction(r))
                                  .setCreatorStatus(after.status())),
                      CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_ENDED,
                      c.creatorId,
                      c.market,
                      RESTRICTION_EXPIRY,
                      now));
    }
    if (after.status() == from && suspensionOver.isEmpty()) {
      return chain;
    }
    c.status = after.status().name();
    c.suspensionEndTime =
        after.suspensionEndTime() == null
            ? null
            : after.suspensionEndTime().atOffset(ZoneOffset.UTC);
    c.suspensionActionId = after.suspensionActionId();
    c.statusChangeTime = now;
    c.lastChange = stamp.toByteArray();
    c.updateTime = now;
    return chain
        .call(creators::flush)
        .flatMap(
            ignored ->
                journal.statusChange(
                    c.creatorId,
                    kind,
                    from,
                    after.status(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    stamp,
                    now))
        .call(
            entry ->
                journal.event(
                    CreatorEvent.newBuilder()
                        .setStatusChanged(CreatorStatusChanged.newBuilder().setEntry(entry)),
                    CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED,
                    c.creatorId,
                    c.market,
                    job,
                    now))
        .invoke(
            entry ->
                LOG.infof("creator %s: %s -> %s (%s)", c.creatorId, from, after.status(), kind))
        .replaceWithVoid();
  }
}
