package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CreatorLifecycle;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.LifecycleState;
import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.StatusChangeKind;
import io.creatorgov.creator.domain.TransitionOutcome;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
          + " union select creator_id from creator where status = 'SUSPENDED'"
          + " and suspension_end_time <= :now limit 100";

  /**
   * What expires for one creator now: its restrictions past their end time, and the status after
   * them (and after its suspension, when that is over too).
   *
   * @param statusChanges whether a status change is recorded (the status moved, or the suspension
   *     ended)
   */
  private record Expiry(
      CreatorEntity creator,
      List<RestrictionEntity> due,
      CreatorStatus from,
      LifecycleState after,
      StatusChangeKind kind,
      CallerIdentity job,
      byte[] stamp,
      boolean statusChanges,
      OffsetDateTime at) {}

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
    return Panache.withSession(this::dueCreators)
        .chain(
            ids -> CommandSteps.each(new ArrayList<>(new LinkedHashSet<>(ids)), this::expireSafely))
        .onFailure()
        .recoverWithUni(this::runFailed);
  }

  /** Creators with something due. */
  private Uni<List<String>> dueCreators() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(DUE, String.class)
                    // one clock (the JVM's) both selects and expires: nothing is selected that
                    // would then not be expired
                    .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
                    .getResultList());
  }

  /** One creator in a transaction of its own; a failure is logged and the run goes on. */
  private Uni<Void> expireSafely(String creatorId) {
    return Panache.withTransaction(() -> expireOne(creatorId))
        .invoke(() -> capabilities.invalidate(creatorId))
        .onFailure()
        .recoverWithUni(f -> couldNotExpire(creatorId, f));
  }

  private Uni<Void> couldNotExpire(String creatorId, Throwable f) {
    LOG.warnf("could not expire for creator %s: %s", creatorId, f.getMessage());
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> runFailed(Throwable f) {
    LOG.warnf("expiry run failed: %s", f.getMessage());
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> expireOne(String creatorId) {
    return creators
        .findById(creatorId, LockModeType.PESSIMISTIC_WRITE)
        .chain(c -> restrictions.active(creatorId).map(active -> decide(c, active)))
        .invoke(CreatorExpiry::apply)
        .chain(this::persist);
  }

  /** Decide what ends now, given the creator and its active restrictions (no I/O). */
  private Expiry decide(CreatorEntity c, List<RestrictionEntity> active) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Instant instant = now.toInstant();
    List<RestrictionEntity> due =
        active.stream()
            .filter(r -> r.endTime != null && !r.endTime.toInstant().isAfter(instant))
            .toList();
    LifecycleState before = CreatorMapper.lifecycle(c, active.size());
    Optional<TransitionOutcome> suspensionOver = CreatorLifecycle.expireSuspension(before, instant);
    CallerIdentity job = suspensionOver.isPresent() ? SUSPENSION_EXPIRY : RESTRICTION_EXPIRY;
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
            active.size() - due.size());
    StatusChangeKind kind =
        suspensionOver.isPresent()
            ? StatusChangeKind.SUSPENSION_EXPIRED
            : StatusChangeKind.RESTRICTIONS_CLEARED;
    CreatorStatus from = c.status;
    boolean statusChanges = after.status() != from || suspensionOver.isPresent();
    byte[] stamp = journal.stamp(job, now, "end time reached", "");
    return new Expiry(c, due, from, after, kind, job, stamp, statusChanges, now);
  }

  /** The due restrictions become EXPIRED at their end time; the creator takes its new status. */
  private static void apply(Expiry expiry) {
    for (RestrictionEntity r : expiry.due()) {
      r.state = RestrictionState.EXPIRED;
      r.endedTime = r.endTime;
      r.updateTime = expiry.at();
    }
    if (!expiry.statusChanges()) {
      return;
    }
    CreatorEntity c = expiry.creator();
    LifecycleState after = expiry.after();
    c.status = after.status();
    c.suspensionEndTime =
        after.suspensionEndTime() == null
            ? null
            : after.suspensionEndTime().atOffset(ZoneOffset.UTC);
    c.suspensionActionId = after.suspensionActionId();
    c.statusChangeTime = expiry.at();
    c.lastChange = expiry.stamp();
    c.updateTime = expiry.at();
  }

  /** A RESTRICTION_ENDED per expired restriction, then the status change, if any. */
  private Uni<Void> persist(Expiry expiry) {
    Uni<Void> ended =
        restrictions
            .flush()
            .chain(() -> CommandSteps.each(expiry.due(), r -> announceEnded(expiry, r)));
    return expiry.statusChanges() ? ended.chain(() -> recordStatusChange(expiry)) : ended;
  }

  private Uni<Void> announceEnded(Expiry expiry, RestrictionEntity r) {
    return journal.restrictionEndedEvent(
        expiry.creator(), r, expiry.after().status(), RESTRICTION_EXPIRY, expiry.at());
  }

  private Uni<Void> recordStatusChange(Expiry expiry) {
    CreatorEntity c = expiry.creator();
    return creators
        .flush()
        .chain(
            () ->
                journal.statusChange(
                    new CreatorJournal.Entry(
                        c.creatorId,
                        expiry.kind(),
                        expiry.from(),
                        expiry.after().status(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        expiry.stamp(),
                        expiry.at())))
        .call(entry -> journal.statusChangedEvent(c, entry, expiry.job(), expiry.at()))
        .invoke(
            entry ->
                LOG.infof(
                    "creator %s: %s -> %s (%s)",
                    c.creatorId, expiry.from(), expiry.after().status(), expiry.kind()))
        .replaceWithVoid();
  }
}
