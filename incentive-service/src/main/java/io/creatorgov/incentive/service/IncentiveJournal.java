package io.creatorgov.incentive.service;

import io.creatorgov.incentive.repository.IncentiveEventEntity;
import io.creatorgov.incentive.repository.IncentiveEventRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.feed.FeedWriter;
import io.creatorgov.kit.ids.ResourceIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes incentive change-feed events inside the caller's transaction, in commit order (the kit's
 * {@link FeedWriter}), so a change and its events commit together or not at all. Every enrolment
 * and programme change journalled here is also checked for a traffic boost that starts or stops
 * with it ({@link TrafficBoostTracker}); each start and stop is announced once, after the change's
 * own event (TRAFFIC_BOOST_GRANTED / TRAFFIC_BOOST_REVOKED).
 *
 * <p>The feed's advisory lock is the last lock a transaction takes: the boost decision locks its
 * enrolment and boost rows before any event is appended. (A programme move that appended first and
 * then waited for an enrolment row held by an enrolment move waiting for the feed lock would
 * deadlock.)
 */
@ApplicationScoped
public class IncentiveJournal {
  /** Advisory lock serializing writers of the incentive feed: sequence order is commit order. */
  static final long FEED_LOCK = 7_302_004L;

  /** The event type names, as the contract's IncentiveEventType values. */
  static final String PROGRAM_STATE_CHANGED = "INCENTIVE_EVENT_TYPE_PROGRAM_STATE_CHANGED";

  static final String ENROLLMENT_CHANGED = "INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED";

  static final String TRAFFIC_BOOST_GRANTED = "INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_GRANTED";

  static final String TRAFFIC_BOOST_REVOKED = "INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_REVOKED";

  static final String PAYOUT_PAYABLE = "INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE";

  static final String PAYOUT_HELD_BACK = "INCENTIVE_EVENT_TYPE_PAYOUT_HELD_BACK";

  static final String PAYOUT_TRANSFER_REPORTED = "INCENTIVE_EVENT_TYPE_PAYOUT_TRANSFER_REPORTED";

  private final IncentiveEventRepository events;
  private final FeedEncoder encoder;
  private final TrafficBoostTracker boosts;

  public IncentiveJournal(
      IncentiveEventRepository events, FeedEncoder encoder, TrafficBoostTracker boosts) {
    this.events = events;
    this.encoder = encoder;
    this.boosts = boosts;
  }

  /**
   * PROGRAM_STATE_CHANGED: {@code program} after a lifecycle move {@code actor} made (at the
   * programme's update time).
   */
  public Uni<Void> programStateChanged(CallerIdentity actor, ProgramView program) {
    OffsetDateTime at = program.updateTime().atOffset(ZoneOffset.UTC);
    IncentiveEventEntity row = new IncentiveEventEntity();
    row.eventId = ResourceIds.random("iev_");
    row.programId = program.programId();
    row.creatorId = "";
    row.market = program.terms().market();
    row.eventType = PROGRAM_STATE_CHANGED;
    row.occurredAt = at;
    row.payload = encoder.programStateChanged(row.eventId, actor, at, program);
    return boosts
        .afterProgramChange(program.programId())
        .call(() -> append(row))
        .chain(changes -> announceBoosts(actor, at, changes));
  }

  /**
   * TRAFFIC_BOOST_GRANTED for each ENROLLED creator of the ACTIVE programme {@code programId} whose
   * boost starts with the window's start at {@code at}, noticed by {@code actor} (the scheduler).
   * The programme row must be locked.
   */
  public Uni<Void> windowStarted(CallerIdentity actor, String programId, OffsetDateTime at) {
    return boosts
        .afterProgramChange(programId)
        .chain(changes -> announceBoosts(actor, at, changes));
  }

  /**
   * ENROLLMENT_CHANGED: {@code enrollment} after {@code actor} created it or changed its state (at
   * the enrolment's update time); then TRAFFIC_BOOST_GRANTED or _REVOKED when the move starts or
   * stops the creator's boost. Call it for every enrolment move, with the enrolment row written
   * (and locked, for a change of an existing one).
   */
  public Uni<Void> enrollmentChanged(CallerIdentity actor, EnrollmentView enrollment) {
    OffsetDateTime at = enrollment.updateTime().atOffset(ZoneOffset.UTC);
    IncentiveEventEntity row = new IncentiveEventEntity();
    row.eventId = ResourceIds.random("iev_");
    row.programId = enrollment.programId();
    row.creatorId = enrollment.creatorId();
    row.market = enrollment.market();
    row.eventType = ENROLLMENT_CHANGED;
    row.occurredAt = at;
    row.payload = encoder.enrollmentChanged(row.eventId, actor, at, enrollment);
    return boosts
        .afterEnrollmentChange(enrollment)
        .call(() -> append(row))
        .chain(changes -> announceBoosts(actor, at, changes));
  }

  /** One TRAFFIC_BOOST_GRANTED or _REVOKED event per change, in order. */
  private Uni<Void> announceBoosts(
      CallerIdentity actor, OffsetDateTime at, List<BoostChange> changes) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (BoostChange change : changes) {
      chain = chain.chain(() -> append(boostRow(actor, at, change)));
    }
    return chain;
  }

  private IncentiveEventEntity boostRow(
      CallerIdentity actor, OffsetDateTime at, BoostChange change) {
    IncentiveEventEntity row = new IncentiveEventEntity();
    row.eventId = ResourceIds.random("iev_");
    row.programId = change.programId();
    row.creatorId = change.creatorId();
    row.market = change.market();
    row.eventType = change.granted() ? TRAFFIC_BOOST_GRANTED : TRAFFIC_BOOST_REVOKED;
    row.occurredAt = at;
    row.payload = encoder.trafficBoostChanged(row.eventId, actor, at, change);
    return row;
  }

  /** PAYOUT_PAYABLE or PAYOUT_HELD_BACK by the payout's state (nothing for NOTHING_DUE). */
  public Uni<Void> payoutProduced(CallerIdentity actor, PayoutViews.Payout payout) {
    return switch (payout.state()) {
      case PAYABLE -> payoutChanged(actor, PAYOUT_PAYABLE, payout);
      case HELD_BACK -> payoutChanged(actor, PAYOUT_HELD_BACK, payout);
      case NOTHING_DUE -> Uni.createFrom().voidItem();
    };
  }

  /** PAYOUT_TRANSFER_REPORTED: the payout after the payouts system reported its transfer. */
  public Uni<Void> payoutTransferReported(CallerIdentity actor, PayoutViews.Payout payout) {
    return payoutChanged(actor, PAYOUT_TRANSFER_REPORTED, payout);
  }

  private Uni<Void> payoutChanged(CallerIdentity actor, String type, PayoutViews.Payout payout) {
    OffsetDateTime at = payout.updateTime().atOffset(ZoneOffset.UTC);
    IncentiveEventEntity row = new IncentiveEventEntity();
    row.eventId = ResourceIds.random("iev_");
    row.programId = payout.programId();
    row.creatorId = payout.creatorId();
    row.market = payout.market();
    row.eventType = type;
    row.occurredAt = at;
    row.payload = encoder.payoutChanged(row.eventId, type, actor, at, payout);
    return append(row);
  }

  private Uni<Void> append(IncentiveEventEntity row) {
    return events
        .getSession()
        .chain(s -> FeedWriter.appendInCommitOrder(s, FEED_LOCK, () -> events.persist(row)));
  }
}
