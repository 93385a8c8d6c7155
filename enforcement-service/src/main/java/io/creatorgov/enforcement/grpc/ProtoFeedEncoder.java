package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.service.FeedChange;
import io.creatorgov.enforcement.v1.ActionEvent;
import io.creatorgov.enforcement.v1.AppealEvent;
import io.creatorgov.enforcement.v1.CommissionHoldEvent;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.StandingChangedEvent;
import io.creatorgov.enforcement.v1.ViolationRecordedEvent;
import io.creatorgov.kit.time.ProtoTime;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Feed changes as the stored event payload: the contract's {@code EnforcementEvent} with its
 * envelope, as {@link EnforcementChangeFeed} streams it (adding only the sequence and resume
 * token).
 */
@ApplicationScoped
public class ProtoFeedEncoder implements FeedChange.Encoder {

  @Override
  public byte[] encode(FeedChange.Envelope envelope, FeedChange change) {
    EnforcementEvent.Builder event = payload(change);
    event
        .getEnvelopeBuilder()
        .setEventId(envelope.eventId())
        .setActor(envelope.actor().toActor())
        .setOccurredTime(ProtoTime.of(envelope.at()))
        .setSubject(envelope.subject());
    return event
        .setEventType(Vocabulary.eventType(change.type()))
        .setCreatorId(envelope.creatorId())
        .setMarket(envelope.market())
        .build()
        .toByteArray();
  }

  private static EnforcementEvent.Builder payload(FeedChange change) {
    EnforcementEvent.Builder e = EnforcementEvent.newBuilder();
    if (change instanceof FeedChange.ViolationRecorded v) {
      e.setViolationRecorded(
          ViolationRecordedEvent.newBuilder()
              .setViolation(EnforcementMessages.violation(v.violation())));
    } else if (change instanceof FeedChange.StandingChanged s) {
      e.setStandingChanged(
          StandingChangedEvent.newBuilder()
              .setChange(EnforcementMessages.standingChange(s.move())));
    } else if (change instanceof FeedChange.ActionChanged a) {
      action(
          e, a.type(), ActionEvent.newBuilder().setAction(EnforcementMessages.action(a.action())));
    } else if (change instanceof FeedChange.AppealChanged a) {
      appeal(e, a.type(), AppealEvent.newBuilder().setAppeal(AppealMessages.appeal(a.appeal())));
    } else if (change instanceof FeedChange.HoldChanged h) {
      hold(
          e,
          h.type(),
          CommissionHoldEvent.newBuilder().setHold(EnforcementMessages.hold(h.hold())));
    }
    return e;
  }

  private static void action(
      EnforcementEvent.Builder e, FeedChange.Type type, ActionEvent.Builder event) {
    switch (type) {
      case ACTION_DECIDED -> e.setActionDecided(event);
      case ACTION_APPLIED -> e.setActionApplied(event);
      case ACTION_EXPIRED -> e.setActionExpired(event);
      case ACTION_OVERTURNED -> e.setActionOverturned(event);
      case ACTION_MODIFIED -> e.setActionModified(event);
      case ACTION_REVERSED -> e.setActionReversed(event);
      default -> throw new IllegalArgumentException("not an action event: " + type);
    }
  }

  private static void appeal(
      EnforcementEvent.Builder e, FeedChange.Type type, AppealEvent.Builder event) {
    switch (type) {
      case APPEAL_FILED -> e.setAppealFiled(event);
      case APPEAL_DECIDED -> e.setAppealDecided(event);
      case APPEAL_WITHDRAWN -> e.setAppealWithdrawn(event);
      default -> throw new IllegalArgumentException("not an appeal event: " + type);
    }
  }

  private static void hold(
      EnforcementEvent.Builder e, FeedChange.Type type, CommissionHoldEvent.Builder event) {
    switch (type) {
      case COMMISSION_HOLD_OPENED -> e.setCommissionHoldOpened(event);
      case COMMISSION_HOLD_AMOUNT_REPORTED -> e.setCommissionHoldAmountReported(event);
      case COMMISSION_HOLD_RELEASED -> e.setCommissionHoldReleased(event);
      case COMMISSION_HOLD_FORFEITED -> e.setCommissionHoldForfeited(event);
      default -> throw new IllegalArgumentException("not a commission hold event: " + type);
    }
  }
}
