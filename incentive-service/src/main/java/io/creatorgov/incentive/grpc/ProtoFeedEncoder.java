package io.creatorgov.incentive.grpc;

import io.creatorgov.common.v1.EventEnvelope;
import io.creatorgov.incentive.service.BoostChange;
import io.creatorgov.incentive.service.EnrollmentView;
import io.creatorgov.incentive.service.FeedEncoder;
import io.creatorgov.incentive.service.ProgramView;
import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.IncentiveEventType;
import io.creatorgov.incentive.v1.TrafficBoostChange;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.time.ProtoTime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** Incentive feed events stored as the contract's {@link IncentiveEvent}. */
@ApplicationScoped
public class ProtoFeedEncoder implements FeedEncoder {

  @Override
  public byte[] programStateChanged(
      String eventId, CallerIdentity actor, OffsetDateTime at, ProgramView program) {
    return IncentiveEvent.newBuilder()
        .setEnvelope(envelope(eventId, actor, at, "programs/" + program.programId()))
        .setEventType(IncentiveEventType.INCENTIVE_EVENT_TYPE_PROGRAM_STATE_CHANGED)
        .setProgramId(program.programId())
        .setMarket(program.terms().market())
        .setProgram(ProgramResponses.program(program))
        .build()
        .toByteArray();
  }

  @Override
  public byte[] enrollmentChanged(
      String eventId, CallerIdentity actor, OffsetDateTime at, EnrollmentView enrollment) {
    return IncentiveEvent.newBuilder()
        .setEnvelope(
            envelope(
                eventId,
                actor,
                at,
                "programs/" + enrollment.programId() + "/enrollments/" + enrollment.enrollmentId()))
        .setEventType(IncentiveEventType.INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED)
        .setProgramId(enrollment.programId())
        .setMarket(enrollment.market())
        .setCreatorId(enrollment.creatorId())
        .setEnrollment(EnrollmentMessages.enrollment(enrollment))
        .build()
        .toByteArray();
  }

  @Override
  public byte[] trafficBoostChanged(
      String eventId, CallerIdentity actor, OffsetDateTime at, BoostChange change) {
    TrafficBoostChange.Builder boost =
        TrafficBoostChange.newBuilder()
            .setProgramId(change.programId())
            .setEnrollmentId(change.enrollmentId())
            .setMultiplierPermille(change.multiplierPermille());
    if (change.untilTime() != null) {
      boost.setUntilTime(ProtoTime.of(change.untilTime()));
    }
    return IncentiveEvent.newBuilder()
        .setEnvelope(
            envelope(
                eventId,
                actor,
                at,
                "programs/" + change.programId() + "/enrollments/" + change.enrollmentId()))
        .setEventType(
            change.granted()
                ? IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_GRANTED
                : IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_REVOKED)
        .setProgramId(change.programId())
        .setMarket(change.market())
        .setCreatorId(change.creatorId())
        .setTrafficBoost(boost)
        .build()
        .toByteArray();
  }

  public byte[] payoutChanged(
      String eventId,
      String eventType,
      CallerIdentity actor,
      OffsetDateTime at,
      io.creatorgov.incentive.service.PayoutViews.Payout payout) {
    return IncentiveEvent.newBuilder()
        .setEnvelope(envelope(eventId, actor, at, "payouts/" + payout.payoutId()))
        .setEventType(IncentiveEventType.valueOf(eventType))
        .setProgramId(payout.programId())
        .setMarket(payout.market())
        .setCreatorId(payout.creatorId())
        .setPayout(PayoutMessages.payout(payout))
        .build()
        .toByteArray();
  }

  private static EventEnvelope envelope(
      String eventId, CallerIdentity actor, OffsetDateTime at, String subject) {
    return EventEnvelope.newBuilder()
        .setEventId(eventId)
        .setOccurredTime(ProtoTime.of(at))
        .setActor(actor.toActor())
        .setSubject(subject)
        .build();
  }
}
