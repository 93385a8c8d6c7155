package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.client.ActionDelivery;
import io.creatorgov.enforcement.client.ActionUndo;
import io.creatorgov.enforcement.client.CreatorServiceClient;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.OutboxRepository;
import io.creatorgov.enforcement.repository.OutboxRepository.Claimed;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.time.StoredTime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers PENDING actions to creator-service: an action is never lost (its outbox row commits with
 * the decision) and never applied twice (creator-service deduplicates each call by a request id
 * derived from the action).
 *
 * <p>Each round: (1) a short transaction claims due rows with {@code FOR UPDATE SKIP LOCKED} and a
 * lease; (2) each claimed action is delivered outside any transaction, with the client's deadline;
 * (3) another short transaction records the attempt and its outcome: APPLIED (the action becomes
 * APPLIED, ACTION_APPLIED emitted), a transient failure (retried after an exponential backoff), a
 * refusal for good (FAILED, the action stays PENDING for an operator), or — when the action's end
 * passed before it could be delivered — EXPIRED_BEFORE_DELIVERY (nothing applied, the action
 * EXPIRED). A worker that dies mid-delivery loses its lease and the row is claimed again.
 */
@ApplicationScoped
public class ActionOutbox {
  private static final Logger LOG = Logger.getLogger(ActionOutbox.class);
  private static final CallerIdentity WORKER = CallerIdentity.system("action-outbox");
  private static final String REVERSE = "REVERSE";

  /** The outcome of one attempt. */
  private record Outcome(Claimed claim, String state, String error, OffsetDateTime started) {}

  /** A claimed row and what to deliver. */
  private record Work(Claimed claim, EnforcementActionEntity action) {}

  private final Clock clock;
  private final OutboxRepository outbox;
  private final Repositories.Actions actions;
  private final Repositories.Deliveries deliveries;
  private final CreatorServiceClient creators;
  private final EnforcementJournal journal;
  private final Duration lease;
  private final int batchSize;
  private final Duration backoffInitial;
  private final Duration backoffMax;
  private final Duration inCallBudget;
  private final EnforcementMetrics metrics;
  private final AtomicLong backlogSize = new AtomicLong();
  private final AtomicLong oldestAgeSeconds = new AtomicLong();

  private final io.vertx.core.Vertx vertx;

  public ActionOutbox(
      Clock clock,
      OutboxRepository outbox,
      Repositories.Actions actions,
      Repositories.Deliveries deliveries,
      CreatorServiceClient creators,
      EnforcementJournal journal,
      MeterRegistry registry,
      EnforcementMetrics metrics,
      io.vertx.core.Vertx vertx,
      @ConfigProperty(name = "creatorgov.outbox.lease", defaultValue = "30s") Duration lease,
      @ConfigProperty(name = "creatorgov.outbox.batch-size", defaultValue = "20") int batchSize,
      @ConfigProperty(name = "creatorgov.outbox.backoff-initial", defaultValue = "2s")
          Duration backoffInitial,
      @ConfigProperty(name = "creatorgov.outbox.backoff-max", defaultValue = "5m")
          Duration backoffMax,
      @ConfigProperty(name = "creatorgov.outbox.in-call-budget", defaultValue = "1500ms")
          Duration inCallBudget) {
    this.clock = clock;
    this.vertx = vertx;
    this.inCallBudget = inCallBudget;
    this.metrics = metrics;
    this.outbox = outbox;
    this.actions = actions;
    this.deliveries = deliveries;
    this.creators = creators;
    this.journal = journal;
    this.lease = lease;
    this.batchSize = batchSize;
    this.backoffInitial = backoffInitial;
    this.backoffMax = backoffMax;
    Gauge.builder("creatorgov.enforcement.outbox.backlog", backlogSize, AtomicLong::get)
        .description("actions waiting for delivery to creator-service")
        .register(registry);
    Gauge.builder("creatorgov.enforcement.outbox.oldest.age", oldestAgeSeconds, AtomicLong::get)
        .description("age of the oldest action waiting for delivery")
        .baseUnit("seconds")
        .register(registry);
  }

  @Scheduled(
      every = "${creatorgov.outbox.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public Uni<Void> deliverDue() {
    return claim()
        .chain(this::deliverAll)
        .chain(this::measure)
        .onFailure()
        .invoke(f -> LOG.warnf(f, "outbox round failed; retrying next round"))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /**
   * Delivers a just-decided action within the caller's request, as the worker would (claim with a
   * lease, deliver outside any transaction, record), bounded by {@code creatorgov.outbox.in-call-
   * budget}. Returns whether the application was claimed and finished in time; false leaves the
   * action to the worker (creator-service down, slow, or a worker got there first) — the action is
   * never lost and never applied twice. Never fails.
   *
   * <p>It runs on a Vert.x context of its own: when the budget cancels it mid-transaction, the
   * cleanup of its session must not touch the session the request opens next on its context (that
   * race answered INTERNAL "No current Mutiny.Session found" under load).
   */
  public Uni<Boolean> deliverNow(String actionId) {
    OffsetDateTime now = StoredTime.now(clock);
    return CallerContext.resumeOn(
        CallerContext.onFreshContext(vertx, () -> attemptNow(actionId, now)));
  }

  private Uni<Boolean> attemptNow(String actionId, OffsetDateTime now) {
    return Panache.withTransaction(
            () -> outbox.claimApplication(actionId, now, now.plus(lease)).chain(this::withActions))
        .chain(work -> work.isEmpty() ? Uni.createFrom().item(false) : deliverClaimed(work.get(0)))
        .ifNoItem()
        .after(inCallBudget)
        .recoverWithItem(false)
        .onFailure()
        .invoke(f -> LOG.debugf(f, "in-call delivery of %s left to the worker", actionId))
        .onFailure()
        .recoverWithItem(false);
  }

  private Uni<Boolean> deliverClaimed(Work w) {
    return deliverOne(w).call(this::record).map(o -> "APPLIED".equals(o.state()));
  }

  /** (1) A short transaction: claim due rows with a lease, and read their actions. */
  private Uni<List<Work>> claim() {
    OffsetDateTime now = StoredTime.now(clock);
    return Panache.withTransaction(
        () -> outbox.claim(now, now.plus(lease), batchSize).chain(this::withActions));
  }

  private Uni<List<Work>> withActions(List<Claimed> claims) {
    List<String> ids = claims.stream().map(Claimed::actionId).toList();
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return actions
        .list("actionId in ?1", ids)
        .map(found -> claims.stream().map(c -> work(c, found)).toList());
  }

  private static Work work(Claimed claim, List<EnforcementActionEntity> found) {
    return new Work(
        claim,
        found.stream().filter(a -> a.actionId.equals(claim.actionId())).findFirst().orElseThrow());
  }

  private Uni<Void> deliverAll(List<Work> work) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Work w : work) {
      chain = chain.chain(() -> deliverOne(w).chain(this::record));
    }
    return chain;
  }

  /** (2) Outside any transaction: deliver, or find that the action ended before it could be. */
  private Uni<Outcome> deliverOne(Work w) {
    OffsetDateTime started = StoredTime.now(clock);
    EnforcementActionEntity a = w.action();
    if (REVERSE.equals(w.claim().purpose())) {
      return undoOne(w, started);
    }
    if (!"PENDING".equals(a.state)) {
      // undone (reversed, overturned, modified) before it could be applied
      return Uni.createFrom().item(new Outcome(w.claim(), "CANCELLED", null, started));
    }
    if (a.endAt != null && !a.endAt.isAfter(started)) {
      return Uni.createFrom()
          .item(new Outcome(w.claim(), "EXPIRED_BEFORE_DELIVERY", null, started));
    }
    return CallerContext.resumeOn(creators.deliver(delivery(a)))
        .map(ignored -> new Outcome(w.claim(), "APPLIED", null, started))
        .onFailure()
        .recoverWithItem(f -> failed(w.claim(), f, started));
  }

  /** An undo: lift the action's restrictions and reverse its status change. */
  private Uni<Outcome> undoOne(Work w, OffsetDateTime started) {
    return CallerContext.resumeOn(creators.undo(undo(w.action())))
        .map(ignored -> new Outcome(w.claim(), "APPLIED", null, started))
        .onFailure()
        .recoverWithItem(f -> failed(w.claim(), f, started));
  }

  private static ActionUndo undo(EnforcementActionEntity a) {
    boolean byAppeal = a.reversalBasis == null;
    String reason =
        byAppeal
            ? "appeal " + a.appealId + " against enforcement action " + a.actionId + " decided"
            : "enforcement action " + a.actionId + " reversed: " + a.reversalReason;
    return new ActionUndo(
        a.actionId,
        a.creatorId,
        !a.restrictionTypes.isEmpty(),
        a.targetStatus,
        byAppeal ? a.appealId : null,
        byAppeal ? null : a.reversalBasis,
        reason.length() > 2000 ? reason.substring(0, 2000) : reason);
  }

  private static Outcome failed(Claimed claim, Throwable f, OffsetDateTime started) {
    String state = CreatorServiceClient.isFinalRefusal(f) ? "FAILED" : "PENDING";
    String error = String.valueOf(f.getMessage());
    return new Outcome(
        claim, state, error.length() > 2000 ? error.substring(0, 2000) : error, started);
  }

  private static ActionDelivery delivery(EnforcementActionEntity a) {
    Set<RestrictionKind> restrictions =
        a.restrictionTypes.isEmpty()
            ? Set.of()
            : Arrays.stream(a.restrictionTypes.split(","))
                .map(RestrictionKind::valueOf)
                .collect(Collectors.toSet());
    return new ActionDelivery(
        a.actionId,
        a.creatorId,
        restrictions,
        a.endAt == null ? null : a.endAt.toInstant(),
        a.targetStatus,
        "enforcement action " + a.actionId + " (" + a.actionType + ")");
  }

  /** (3) A short transaction: log the attempt, move the row and the action, emit the event. */
  private Uni<Void> record(Outcome o) {
    OffsetDateTime now = StoredTime.now(clock);
    OffsetDateTime next =
        "PENDING".equals(o.state()) ? now.plus(backoff(o.claim().attempt())) : now;
    return Panache.withTransaction(
        () ->
            outbox
                .logAttempt(o.claim(), o.started(), now, outcomeName(o.state()), o.error())
                .chain(() -> outbox.finish(o.claim(), o.state(), next, o.error(), now))
                .chain(
                    stillOurs -> stillOurs ? settleAction(o, now) : Uni.createFrom().voidItem()));
  }

  private Uni<Void> settleAction(Outcome o, OffsetDateTime now) {
    boolean undo = REVERSE.equals(o.claim().purpose());
    if (undo || (!"APPLIED".equals(o.state()) && !"EXPIRED_BEFORE_DELIVERY".equals(o.state()))) {
      return Uni.createFrom().voidItem();
    }
    return actions.lock(o.claim().actionId()).chain(a -> moveAction(a, o, now));
  }

  private Uni<Void> moveAction(EnforcementActionEntity a, Outcome o, OffsetDateTime now) {
    if (!"PENDING".equals(a.state)) {
      // undone while its application was on its way: the undo follows (it waited for this)
      return Uni.createFrom().voidItem();
    }
    boolean applied = "APPLIED".equals(o.state());
    if (applied) {
      metrics.applied(a, now);
    }
    a.state = applied ? "APPLIED" : "EXPIRED";
    a.appliedAt = applied ? now : a.appliedAt;
    a.updatedAt = now;
    a.etagVersion++;
    return deliveries.ofAction(a.actionId, "APPLY").chain(d -> emit(a, d, applied, now));
  }

  private Uni<Void> emit(
      EnforcementActionEntity a, ActionDeliveryEntity d, boolean applied, OffsetDateTime now) {
    FeedChange.Type type =
        applied ? FeedChange.Type.ACTION_APPLIED : FeedChange.Type.ACTION_EXPIRED;
    return journal.event(
        new FeedChange.ActionChanged(type, new ActionRecord(a, d, null, null)),
        a.creatorId,
        a.market,
        "actions/" + a.actionId,
        WORKER,
        now);
  }

  /** initial × 2^(attempt−1), at most max. */
  Duration backoff(int attempt) {
    Duration d = backoffInitial;
    for (int i = 1; i < attempt && d.compareTo(backoffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(backoffMax) > 0 ? backoffMax : d;
  }

  private static String outcomeName(String state) {
    return "PENDING".equals(state) ? "RETRY" : state;
  }

  private Uni<Void> measure(Void ignored) {
    return Panache.withSession(outbox::backlog)
        .invoke(
            b -> {
              backlogSize.set(b.size());
              oldestAgeSeconds.set(
                  b.oldest() == null
                      ? 0
                      // never negative: a row stamped by another instance whose clock runs
                      // ahead, or written while tests move enforcement time back
                      : Math.max(
                          0, Duration.between(b.oldest(), StoredTime.now(clock)).getSeconds()));
            })
        .replaceWithVoid();
  }
}
