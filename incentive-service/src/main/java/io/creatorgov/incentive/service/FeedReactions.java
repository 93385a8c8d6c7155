package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EnrollmentFact;
import io.creatorgov.incentive.domain.EnrollmentReactions;
import io.creatorgov.incentive.domain.EnrollmentReactions.Current;
import io.creatorgov.incentive.domain.EnrollmentReactions.Move;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.repository.EnrollmentEntity;
import io.creatorgov.incentive.repository.EnrollmentRepository;
import io.creatorgov.incentive.repository.FeedCheckpointRepository;
import io.creatorgov.incentive.repository.FeedCheckpointRepository.Stored;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies what the creator and enforcement feeds report to the creator's enrolments, each feed item
 * in ONE transaction together with the feed's checkpoint row: the row is locked first, an item at
 * or below its stored sequence is a redelivery and changes nothing, otherwise every enrolment the
 * fact moves ({@link EnrollmentReactions}) is written, announced (ENROLLMENT_CHANGED, actor SYSTEM)
 * and, on an overturn or reversal, its withheld performance accrued ({@link
 * AccrualCommands#reinstateWithheld}), and the row moves to the item's resume token — all or
 * nothing. A restart resumes from the stored token: nothing missed, nothing applied twice.
 *
 * <p>Lock order: feed checkpoint → programme (share) → enrolment → creator position → budget slices
 * (the checkpoint row is only ever locked by this class; the rest is RecordPerformance's order).
 */
@ApplicationScoped
public class FeedReactions {
  private static final Logger LOG = Logger.getLogger(FeedReactions.class);

  /** The consumed feeds, as keys of their checkpoint rows. */
  public static final String CREATOR_FEED = "creator";

  public static final String ENFORCEMENT_FEED = "enforcement";

  /**
   * Where an item sits in its feed: its resume token, sequence and event id (empty: checkpoint).
   */
  public record FeedPosition(String resumeToken, long sequence, String eventId) {}

  /** What applying an item did: nothing (a redelivery), or how many enrolments it moved. */
  public record Applied(boolean redelivered, int moved) {}

  private final FeedCheckpointRepository checkpoints;
  private final EnrollmentRepository enrollments;
  private final ProgramRepository programs;
  private final EnrollmentViews views;
  private final EnrollmentForms forms;
  private final ProgramForms stamps;
  private final AccrualCommands accruals;
  private final AfterSettlement afterSettlement;
  private final PayoutAdjustments adjustments;
  private final IncentiveJournal journal;
  private final Clock clock;

  public FeedReactions(
      FeedCheckpointRepository checkpoints,
      EnrollmentRepository enrollments,
      ProgramRepository programs,
      EnrollmentViews views,
      EnrollmentForms forms,
      ProgramForms stamps,
      AccrualCommands accruals,
      AfterSettlement afterSettlement,
      PayoutAdjustments adjustments,
      IncentiveJournal journal,
      Clock clock) {
    this.checkpoints = checkpoints;
    this.enrollments = enrollments;
    this.programs = programs;
    this.views = views;
    this.forms = forms;
    this.stamps = stamps;
    this.accruals = accruals;
    this.afterSettlement = afterSettlement;
    this.adjustments = adjustments;
    this.journal = journal;
    this.clock = clock;
  }

  /** The actor of the changes a feed causes: kind SYSTEM, subject {@code <feed>-feed}. */
  static CallerIdentity actor(String feed) {
    return CallerIdentity.system(feed + "-feed");
  }

  /** The feed's stored position; null before it was ever consumed. */
  public Uni<Stored> stored(String feed) {
    return Panache.withSession(() -> checkpoints.read(feed));
  }

  /**
   * A checkpoint, or an event this service does not act on: only the stored token moves (never
   * backwards), so a quiet filtered feed keeps a fresh token.
   */
  public Uni<Applied> advance(String feed, FeedPosition position) {
    return Panache.withTransaction(
        () ->
            checkpoints
                .locked(feed, now())
                .chain(
                    stored ->
                        position.sequence() < stored.lastSequence()
                                || (!position.eventId().isEmpty()
                                    && position.sequence() == stored.lastSequence())
                            ? Uni.createFrom().item(new Applied(true, 0))
                            : move(feed, position).replaceWith(new Applied(false, 0))));
  }

  /** An event this service acts on: the fact applied to every enrolment of the creator. */
  public Uni<Applied> apply(String feed, FeedPosition position, EnrollmentFact fact) {
    return Panache.withTransaction(
        () ->
            checkpoints
                .locked(feed, now())
                .chain(
                    stored ->
                        position.sequence() <= stored.lastSequence()
                            ? Uni.createFrom().item(new Applied(true, 0))
                            : applyOnce(feed, position, fact)));
  }

  /** After an expired token: forget it and note that the enrolments need reconciling. */
  public Uni<Void> tokenExpired(String feed) {
    return Panache.withTransaction(() -> checkpoints.tokenExpired(feed, now())).replaceWithVoid();
  }

  /** The reconciliation after an expired token finished. */
  public Uni<Void> reconciled(String feed) {
    return Panache.withTransaction(() -> checkpoints.reconciled(feed, now())).replaceWithVoid();
  }

  /**
   * Reconciliation: {@code fact}, derived from the creator's current state read from its owner,
   * applied outside any feed position (its own transaction; idempotent like every fact).
   */
  public Uni<Integer> reconcile(String feed, EnrollmentFact fact) {
    return Panache.withTransaction(() -> react(feed, "", fact));
  }

  /** The creators with an enrolment a fact can still move (for reconciliation), by creator id. */
  public Uni<List<String>> creatorsWithMovableEnrollments(String afterCreatorId, int limit) {
    return Panache.withSession(() -> enrollments.creatorsWithMovable(afterCreatorId, limit));
  }

  private Uni<Applied> applyOnce(String feed, FeedPosition position, EnrollmentFact fact) {
    return react(feed, position.eventId(), fact)
        .call(ignored -> move(feed, position))
        .map(moved -> new Applied(false, moved));
  }

  private Uni<Integer> react(String feed, String eventId, EnrollmentFact fact) {
    if (fact instanceof EnrollmentFact.AppealClosed closed) {
      return releaseHeldBack(feed, eventId, closed);
    }
    Uni<Integer> remembered =
        fact instanceof EnrollmentFact.ActionUndone undone
            ? checkpoints.recordUndone(
                undone.actionId(),
                undone.creatorId(),
                undone.undo().reason().name(),
                eventId,
                now())
            : Uni.createFrom().item(0);
    return remembered
        .chain(ignored -> checkpoints.undone(fact.actionId()))
        .chain(
            actionUndone ->
                enrollments
                    .movableOf(fact.creatorId())
                    .chain(rows -> reactEach(feed, eventId, fact, actionUndone, rows)));
  }

  /** Settlement payouts held back for the closed appeal are released (none moved: 0). */
  private Uni<Integer> releaseHeldBack(
      String feed, String eventId, EnrollmentFact.AppealClosed closed) {
    return adjustments
        .releaseHeldBack(
            actor(feed), eventId, closed.appealId(), closed.overturned(), closed.actionId())
        .invoke(
            released ->
                LOG.infof(
                    "%s feed: appeal %s closed (overturned: %s), %d held-back payout(s) released",
                    feed, closed.appealId(), closed.overturned(), released.size()))
        .replaceWith(0);
  }

  private Uni<Integer> reactEach(
      String feed, String eventId, EnrollmentFact fact, boolean actionUndone, List<Object[]> rows) {
    Uni<Integer> chain = Uni.createFrom().item(0);
    for (Object[] row : rows) {
      String enrollmentId = (String) row[0];
      String programId = (String) row[1];
      chain =
          chain.chain(
              moved ->
                  reactOne(feed, eventId, fact, actionUndone, programId, enrollmentId)
                      .map(one -> moved + (one ? 1 : 0)));
    }
    return chain;
  }

  private Uni<Boolean> reactOne(
      String feed,
      String eventId,
      EnrollmentFact fact,
      boolean actionUndone,
      String programId,
      String enrollmentId) {
    return programs
        .shared(programId)
        .chain(
            p ->
                enrollments
                    .locked(enrollmentId)
                    .chain(e -> decideAndWrite(feed, eventId, fact, actionUndone, p, e)));
  }

  private Uni<Boolean> decideAndWrite(
      String feed,
      String eventId,
      EnrollmentFact fact,
      boolean actionUndone,
      ProgramEntity p,
      EnrollmentEntity e) {
    var move =
        EnrollmentReactions.react(
            new Current(e.state, e.stateReason, e.enforcementActionId),
            p.state,
            fact,
            actionUndone);
    if (move.isEmpty()) {
      LOG.debugf(
          "%s feed: %s leaves enrolment %s (%s) as it is", feed, fact, e.enrollmentId, e.state);
      return Uni.createFrom().item(false);
    }
    Move m = move.get();
    Instant inactiveSince = e.stateChangeTime.toInstant();
    CallerIdentity actor = actor(feed);
    write(e, m, actor, eventId);
    Uni<Void> restored =
        m.restoresEarnings()
            ? accruals
                .reinstateWithheld(p, e.creatorId, inactiveSince, m.enforcementActionId(), eventId)
                .chain(r -> afterSettlementIfSettled(p, e, m, eventId, r))
            : Uni.createFrom().voidItem();
    LOG.infof(
        "%s feed: enrolment %s of %s in %s → %s (%s)",
        feed, e.enrollmentId, e.creatorId, p.programId, m.state(), m.reason());
    return restored
        .chain(ignored -> enrollments.flush())
        .map(ignored -> views.view(e))
        .call(view -> journal.enrollmentChanged(actor, view))
        .replaceWith(true);
  }

  private Uni<Void> afterSettlementIfSettled(
      ProgramEntity p, EnrollmentEntity e, Move m, String eventId, AccrualCommands.Restored r) {
    if (p.state != ProgramState.SETTLED || r.records() == 0) {
      return Uni.createFrom().voidItem();
    }
    return afterSettlement.restored(
        new AfterSettlement.Restoration(
            p.programId,
            e.creatorId,
            e.enrollmentId,
            m.enforcementActionId(),
            eventId,
            r.records(),
            r.grantedMinor()));
  }

  /**
   * The move on the row: an inactive interval closes whenever the enrolment leaves PAUSED or
   * DISQUALIFIED (also PAUSED → DISQUALIFIED: the disqualification's interval, which its own
   * action's undo restores, starts at the new state change).
   */
  private void write(EnrollmentEntity e, Move m, CallerIdentity actor, String eventId) {
    OffsetDateTime now = StoredTime.now(clock);
    boolean wasInactive =
        e.state == EnrollmentState.PAUSED || e.state == EnrollmentState.DISQUALIFIED;
    if (wasInactive) {
      List<PausedInterval> closed = new ArrayList<>(forms.intervals(e.inactiveIntervals));
      closed.add(new PausedInterval(e.stateChangeTime.toInstant(), now.toInstant()));
      e.inactiveIntervals = forms.intervals(closed);
    }
    e.state = m.state();
    e.stateReason = m.reason();
    e.stateMessage = m.message();
    e.enforcementActionId = m.enforcementActionId();
    e.stateChangeTime = now;
    e.lastUpdated = stamps.stamp(actor, now, m.message(), eventId);
    e.updateTime = now;
  }

  private Uni<Integer> move(String feed, FeedPosition position) {
    return checkpoints.advance(
        feed, position.resumeToken(), position.sequence(), position.eventId(), now());
  }

  private OffsetDateTime now() {
    return StoredTime.now(clock);
  }
}
