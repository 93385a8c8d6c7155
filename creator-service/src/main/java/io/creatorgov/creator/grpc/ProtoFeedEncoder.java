package io.creatorgov.creator.grpc;

import com.google.protobuf.FieldMask;
import io.creatorgov.creator.service.CreatorView;
import io.creatorgov.creator.service.FeedChange;
import io.creatorgov.creator.v1.CommissionChanged;
import io.creatorgov.creator.v1.CreatorActivated;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorProfileUpdated;
import io.creatorgov.creator.v1.CreatorRegistered;
import io.creatorgov.creator.v1.CreatorStatusChanged;
import io.creatorgov.creator.v1.RestrictionApplied;
import io.creatorgov.creator.v1.RestrictionEnded;
import io.creatorgov.creator.v1.TierChanged;
import io.creatorgov.kit.time.ProtoTime;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Feed changes as the stored event payload: the contract's {@code CreatorEvent} with its envelope,
 * as {@link CreatorChangeFeed} streams it (adding only the sequence and resume token).
 */
@ApplicationScoped
public class ProtoFeedEncoder implements FeedChange.Encoder {

  @Override
  public byte[] encode(FeedChange.Envelope envelope, FeedChange change) {
    CreatorEvent.Builder event = payload(change);
    event
        .getEnvelopeBuilder()
        .setEventId(envelope.eventId())
        .setActor(envelope.actor().toActor())
        .setOccurredTime(ProtoTime.of(envelope.at()))
        .setSubject("creators/" + envelope.creatorId());
    return event
        .setEventType(Vocabulary.eventType(change.type()))
        .setCreatorId(envelope.creatorId())
        .setMarket(envelope.market())
        .build()
        .toByteArray();
  }

  private static CreatorEvent.Builder payload(FeedChange change) {
    CreatorEvent.Builder e = CreatorEvent.newBuilder();
    if (change instanceof FeedChange.Registered r) {
      e.setCreatorRegistered(CreatorRegistered.newBuilder().setCreator(creator(r.creator())));
    } else if (change instanceof FeedChange.Activated a) {
      e.setCreatorActivated(
          CreatorActivated.newBuilder()
              .setStatus(Vocabulary.status(a.status()))
              .setTier(Vocabulary.tier(a.tier())));
    } else if (change instanceof FeedChange.ProfileUpdated p) {
      e.setProfileUpdated(
          CreatorProfileUpdated.newBuilder()
              .setChangedFields(FieldMask.newBuilder().addAllPaths(p.changedFields()))
              .setCreator(creator(p.creator())));
    } else if (change instanceof FeedChange.StatusChanged s) {
      e.setStatusChanged(
          CreatorStatusChanged.newBuilder().setEntry(CreatorMessages.toEntry(s.entry())));
    } else if (change instanceof FeedChange.RestrictionApplied r) {
      e.setRestrictionApplied(
          RestrictionApplied.newBuilder()
              .setRestriction(CreatorMessages.toRestriction(r.restriction()))
              .setCreatorStatus(Vocabulary.status(r.creatorStatus())));
    } else if (change instanceof FeedChange.RestrictionEnded r) {
      e.setRestrictionEnded(
          RestrictionEnded.newBuilder()
              .setRestriction(CreatorMessages.toRestriction(r.restriction()))
              .setCreatorStatus(Vocabulary.status(r.creatorStatus())));
    } else if (change instanceof FeedChange.CommissionChanged c) {
      e.setCommissionChanged(
          CommissionChanged.newBuilder().setChange(CreatorMessages.toChange(c.change())));
    } else if (change instanceof FeedChange.TierChanged t) {
      e.setTierChanged(
          TierChanged.newBuilder().setAssessment(ProtoStoredForms.toProto(t.assessment())));
    }
    return e;
  }

  private static io.creatorgov.creator.v1.Creator creator(CreatorView view) {
    return CreatorMessages.toCreator(view.creator(), view.active(), view.at());
  }
}
