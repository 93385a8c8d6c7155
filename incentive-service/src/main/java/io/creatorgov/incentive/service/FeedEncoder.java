package io.creatorgov.incentive.service;

import io.creatorgov.kit.auth.CallerIdentity;
import java.time.OffsetDateTime;

/**
 * How an incentive change-feed event is stored: the contract's {@code IncentiveEvent} without its
 * sequence and resume token (set when it is read). The API layer implements it
 * (grpc/ProtoFeedEncoder); service/ hands over the change.
 */
public interface FeedEncoder {

  /** A PROGRAM_STATE_CHANGED event with the programme after the change. */
  byte[] programStateChanged(
      String eventId, CallerIdentity actor, OffsetDateTime at, ProgramView program);

  /** An ENROLLMENT_CHANGED event with the enrolment after the change. */
  byte[] enrollmentChanged(
      String eventId, CallerIdentity actor, OffsetDateTime at, EnrollmentView enrollment);

  /** A TRAFFIC_BOOST_GRANTED or TRAFFIC_BOOST_REVOKED event (per {@code change.granted()}). */
  byte[] trafficBoostChanged(
      String eventId, CallerIdentity actor, OffsetDateTime at, BoostChange change);

  /**
   * A PAYOUT_PAYABLE, PAYOUT_HELD_BACK or PAYOUT_TRANSFER_REPORTED event ({@code eventType}, the
   * contract's value name) with the payout after the change.
   */
  byte[] payoutChanged(
      String eventId,
      String eventType,
      CallerIdentity actor,
      OffsetDateTime at,
      PayoutViews.Payout payout);
}
