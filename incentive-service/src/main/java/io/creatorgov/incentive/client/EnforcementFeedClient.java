package io.creatorgov.incentive.client;

import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementEventType;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.incentive.domain.EnrollmentFact;
import io.creatorgov.incentive.domain.EnrollmentFact.Undo;
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
 * enforcement-service's change feed (StreamEnforcementEvents), filtered server-side to the events
 * that undo an action — ACTION_OVERTURNED and ACTION_MODIFIED (on appeal), ACTION_REVERSED (outside
 * one) — and APPEAL_DECIDED, which nothing acts on yet (it only advances the stored token; the
 * settlement's held-back release will hook in at {@link #fact}). Translated into {@link
 * EnrollmentFact.ActionUndone} naming the undone action (for ACTION_MODIFIED the replaced one: the
 * replacement, if it suspends or bans, arrives on the creator feed as a new status change).
 */
@ApplicationScoped
public class EnforcementFeedClient {
  static final List<EnforcementEventType> TYPES =
      List.of(
          EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED,
          EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_MODIFIED,
          EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_REVERSED,
          EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_DECIDED,
          EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_WITHDRAWN);

  private final EnforcementServiceGrpc.EnforcementServiceStub stub;

  public EnforcementFeedClient(
      @GrpcClient("enforcement") Channel channel,
      @ConfigProperty(name = "creatorgov.enforcement-client.token") Optional<String> token) {
    this.stub = ServiceToken.on(EnforcementServiceGrpc.newStub(channel), token);
  }

  /**
   * The feed after {@code resumeToken}; when it is empty, from now ({@code fromNow}) or from the
   * oldest retained event.
   */
  public Multi<FeedDelivery> stream(String resumeToken, boolean fromNow) {
    StreamEnforcementEventsRequest.Builder request =
        StreamEnforcementEventsRequest.newBuilder().addAllEventTypes(TYPES);
    if (!resumeToken.isEmpty()) {
      request.setResumeToken(resumeToken);
    } else if (fromNow) {
      request.setStartFromNow(true);
    }
    return CancellableStreams.call(stub::streamEnforcementEvents, request.build())
        .map(EnforcementFeedClient::delivery);
  }

  static FeedDelivery delivery(StreamEnforcementEventsResponse r) {
    if (r.hasCheckpoint()) {
      return new FeedDelivery(
          new FeedPosition(r.getCheckpoint().getResumeToken(), r.getCheckpoint().getSequence(), ""),
          null,
          "checkpoint");
    }
    EnforcementEvent e = r.getEvent();
    return new FeedDelivery(
        new FeedPosition(
            e.getEnvelope().getResumeToken(),
            e.getEnvelope().getSequence(),
            e.getEnvelope().getEventId()),
        fact(e),
        e.getEventType().name());
  }

  private static EnrollmentFact appealClosed(Appeal appeal, boolean overturned) {
    return new EnrollmentFact.AppealClosed(
        appeal.getCreatorId(), appeal.getActionId(), appeal.getAppealId(), overturned);
  }

  /** The fact an event reports; null when nothing acts on it (the token still advances). */
  static EnrollmentFact fact(EnforcementEvent e) {
    String creator = e.getCreatorId();
    return switch (e.getEventType()) {
      case ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED ->
          new EnrollmentFact.ActionUndone(
              creator, e.getActionOverturned().getAction().getActionId(), Undo.APPEAL);
      case ENFORCEMENT_EVENT_TYPE_ACTION_MODIFIED ->
          new EnrollmentFact.ActionUndone(
              creator, e.getActionModified().getAction().getActionId(), Undo.APPEAL);
      case ENFORCEMENT_EVENT_TYPE_ACTION_REVERSED ->
          new EnrollmentFact.ActionUndone(
              creator, e.getActionReversed().getAction().getActionId(), Undo.REVERSAL);
      // An appeal closed: payouts held back for it are released (no enrolment moves).
      case ENFORCEMENT_EVENT_TYPE_APPEAL_DECIDED ->
          appealClosed(
              e.getAppealDecided().getAppeal(),
              e.getAppealDecided().getAppeal().getDecision().getOutcome()
                  != AppealOutcome.APPEAL_OUTCOME_UPHOLD);
      case ENFORCEMENT_EVENT_TYPE_APPEAL_WITHDRAWN ->
          appealClosed(e.getAppealWithdrawn().getAppeal(), false);
      default -> null;
    };
  }
}
