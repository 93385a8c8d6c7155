package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import java.time.OffsetDateTime;

/**
 * A change announced on the enforcement change feed, in the service's terms; {@link Encoder} turns
 * it into the stored event payload.
 */
public sealed interface FeedChange {

  /** The kinds of event, as the contract's EnforcementEventType names them (without prefix). */
  enum Type {
    VIOLATION_RECORDED,
    ACTION_DECIDED,
    ACTION_APPLIED,
    ACTION_REVERSED,
    ACTION_EXPIRED,
    ACTION_OVERTURNED,
    ACTION_MODIFIED,
    APPEAL_FILED,
    APPEAL_DECIDED,
    APPEAL_WITHDRAWN,
    COMMISSION_HOLD_OPENED,
    COMMISSION_HOLD_AMOUNT_REPORTED,
    COMMISSION_HOLD_RELEASED,
    COMMISSION_HOLD_FORFEITED,
    STANDING_CHANGED
  }

  Type type();

  /** A violation was recorded (as it is now). */
  record ViolationRecorded(ViolationEntity violation) implements FeedChange {
    public Type type() {
      return Type.VIOLATION_RECORDED;
    }
  }

  /** A creator's standing moved. */
  record StandingChanged(StandingMove move) implements FeedChange {
    public Type type() {
      return Type.STANDING_CHANGED;
    }
  }

  /** An action was decided, applied, reversed, expired, overturned or modified (as it is now). */
  record ActionChanged(Type type, ActionRecord action) implements FeedChange {}

  /** An appeal was filed, decided or withdrawn (as the result shows it). */
  record AppealChanged(Type type, Appeals.AppealResult appeal) implements FeedChange {}

  /** A commission hold was opened, its amount reported, or it was released or forfeited. */
  record HoldChanged(Type type, CommissionHoldEntity hold) implements FeedChange {}

  /**
   * Who and what an event is about.
   *
   * @param eventId the event's id, also its row's
   * @param subject the resource of the payload: {@code violations/…}, {@code actions/…}, …
   */
  record Envelope(
      String eventId,
      String creatorId,
      String market,
      String subject,
      CallerIdentity actor,
      OffsetDateTime at) {}

  /**
   * Encodes a change as the stored event payload: the contract's {@code EnforcementEvent}, which
   * the feed streams as stored. Implemented by the API layer (grpc/ProtoFeedEncoder).
   */
  interface Encoder {
    byte[] encode(Envelope envelope, FeedChange change);
  }
}
