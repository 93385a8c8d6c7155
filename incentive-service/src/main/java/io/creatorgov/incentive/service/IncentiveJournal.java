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

/**
 * Writes incentive change-feed events inside the caller's transaction, in commit order (the kit's
 * {@link FeedWriter}), so a change and its events commit together or not at all.
 */
@ApplicationScoped
public class IncentiveJournal {
  /** Advisory lock serializing writers of the incentive feed: sequence order is commit order. */
  static final long FEED_LOCK = 7_302_004L;

  /** The event type names, as the contract's IncentiveEventType values. */
  static final String PROGRAM_STATE_CHANGED = "INCENTIVE_EVENT_TYPE_PROGRAM_STATE_CHANGED";

  static final String ENROLLMENT_CHANGED = "INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED";

  static final String PAYOUT_PAYABLE = "INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE";

  static final String PAYOUT_HELD_BACK = "INCENTIVE_EVENT_TYPE_PAYOUT_HELD_BACK";

  static final String PAYOUT_TRANSFER_REPORTED = "INCENTIVE_EVENT_TYPE_PAYOUT_TRANSFER_REPORTED";

  private final IncentiveEventRepository events;
  private final FeedEncoder encoder;

  public IncentiveJournal(IncentiveEventRepository events, FeedEncoder encoder) {
    this.events = events;
    this.encoder = encoder;
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
    return append(row);
  }

  /**
   * ENROLLMENT_CHANGED: {@code enrollment} after {@code actor} created it or changed its state (at
   * the enrolment's update time).
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
    return append(row);
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
