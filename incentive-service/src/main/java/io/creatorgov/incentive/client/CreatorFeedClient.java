package io.creatorgov.incentive.client;

import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.creatorgov.incentive.domain.EnrollmentFact;
import io.creatorgov.incentive.service.FeedReactions.FeedPosition;
import io.creatorgov.kit.client.ServiceToken;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * creator-service's change feed (StreamCreatorEvents), filtered server-side to what moves an
 * enrolment — STATUS_CHANGED and RESTRICTION_APPLIED — and translated into {@link EnrollmentFact}s:
 *
 * <ul>
 *   <li>STATUS_CHANGED kind SUSPENDED → {@link EnrollmentFact.CreatorSuspended}; BANNED → {@link
 *       EnrollmentFact.CreatorBanned}; OFFBOARDED → {@link EnrollmentFact.CreatorOffboarded};
 *   <li>SUSPENSION_EXPIRED, and REINSTATED citing neither an appeal nor a reversal basis (an
 *       operator ended the suspension early) → {@link EnrollmentFact.SuspensionEnded};
 *   <li>REINSTATED or UNBANNED citing an appeal or a reversal: no fact here — the enforcement
 *       feed's ACTION_OVERTURNED / ACTION_MODIFIED / ACTION_REVERSED of the same action reinstates
 *       with the earnings restored ({@link EnforcementFeedClient});
 *   <li>RESTRICTION_APPLIED of a CAMPAIGN_INELIGIBLE restriction → {@link
 *       EnrollmentFact.CampaignIneligible}.
 * </ul>
 */
@ApplicationScoped
public class CreatorFeedClient {
  static final List<CreatorEventType> TYPES =
      List.of(
          CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED,
          CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_APPLIED);

  private final CreatorServiceGrpc.CreatorServiceStub stub;

  public CreatorFeedClient(
      @GrpcClient("creator") Channel channel,
      @ConfigProperty(name = "creatorgov.creator-client.token") Optional<String> token) {
    this.stub = ServiceToken.on(CreatorServiceGrpc.newStub(channel), token);
  }

  /** The feed after {@code resumeToken}; from now when it is empty. */
  public Multi<FeedDelivery> stream(String resumeToken) {
    StreamCreatorEventsRequest.Builder request =
        StreamCreatorEventsRequest.newBuilder().addAllEventTypes(TYPES);
    if (resumeToken.isEmpty()) {
      request.setStartFromNow(true);
    } else {
      request.setResumeToken(resumeToken);
    }
    return CancellableStreams.call(stub::streamCreatorEvents, request.build())
        .map(CreatorFeedClient::delivery);
  }

  static FeedDelivery delivery(StreamCreatorEventsResponse r) {
    if (r.hasCheckpoint()) {
      return new FeedDelivery(
          new FeedPosition(r.getCheckpoint().getResumeToken(), r.getCheckpoint().getSequence(), ""),
          null,
          "checkpoint");
    }
    CreatorEvent e = r.getEvent();
    return new FeedDelivery(
        new FeedPosition(
            e.getEnvelope().getResumeToken(),
            e.getEnvelope().getSequence(),
            e.getEnvelope().getEventId()),
        fact(e),
        e.getEventType().name());
  }

  /** The fact an event reports; null when it moves no enrolment. */
  static EnrollmentFact fact(CreatorEvent e) {
    String creator = e.getCreatorId();
    if (e.hasRestrictionApplied()) {
      Restriction r = e.getRestrictionApplied().getRestriction();
      return r.getType() == RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE
          ? new EnrollmentFact.CampaignIneligible(
              creator, r.getEnforcementActionId(), r.getRestrictionId())
          : null;
    }
    if (!e.hasStatusChanged()) {
      return null;
    }
    StatusHistoryEntry entry = e.getStatusChanged().getEntry();
    String action = entry.getEnforcementActionId();
    return switch (entry.getKind()) {
      case STATUS_CHANGE_KIND_SUSPENDED -> new EnrollmentFact.CreatorSuspended(creator, action);
      case STATUS_CHANGE_KIND_BANNED -> new EnrollmentFact.CreatorBanned(creator, action);
      case STATUS_CHANGE_KIND_OFFBOARDED -> new EnrollmentFact.CreatorOffboarded(creator, action);
      case STATUS_CHANGE_KIND_SUSPENSION_EXPIRED ->
          new EnrollmentFact.SuspensionEnded(creator, action);
      case STATUS_CHANGE_KIND_REINSTATED ->
          entry.getAppealId().isEmpty()
                  && entry.getReversalBasis() == ReversalBasis.REVERSAL_BASIS_UNSPECIFIED
              ? new EnrollmentFact.SuspensionEnded(creator, action)
              : null;
      default -> null;
    };
  }
}
