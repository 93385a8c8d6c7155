package io.creatorgov.enforcement.client;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.creator.v1.ApplyRestrictionRequest;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.creator.v1.LiftRestrictionRequest;
import io.creatorgov.creator.v1.MutinyCreatorServiceGrpc;
import io.creatorgov.creator.v1.StatusTransition;
import io.creatorgov.creator.v1.TransitionCreatorStatusRequest;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.client.ServiceToken;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The gRPC client of creator-service, with its fault tolerance. GetCreator is a read: retried on
 * transient failures. Delivering an action is idempotent on creator-service's side (a request id
 * derived from the action id per call), but it is not retried here: the outbox owns the retry
 * schedule, with backoff and an attempt log; the call only has its deadline, breaker and bulkhead.
 */
@ApplicationScoped
public class CreatorServiceClient {
  static final String PEER = "creator-service";

  private final MutinyCreatorServiceGrpc.MutinyCreatorServiceStub stub;

  public CreatorServiceClient(
      @GrpcClient("creator") MutinyCreatorServiceGrpc.MutinyCreatorServiceStub stub,
      @ConfigProperty(name = "creatorgov.creator-client.token") Optional<String> token) {
    this.stub = ServiceToken.on(stub, token);
  }

  /**
   * The creator's home market and status. NOT_FOUND RESOURCE_NOT_FOUND when creator-service says
   * the creator does not exist; UNAVAILABLE DEPENDENCY_UNAVAILABLE when it cannot be reached.
   */
  @Timeout(2000)
  @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = PeerFailures.TransientFailure.class)
  @CircuitBreaker(
      requestVolumeThreshold = 6,
      failureRatio = 0.5,
      delay = 5000,
      successThreshold = 1)
  @Bulkhead(value = 32)
  public Uni<CreatorFacts> getCreator(String creatorId) {
    return stub.getCreator(GetCreatorRequest.newBuilder().setCreatorId(creatorId).build())
        .map(r -> facts(r.getCreator()))
        .onFailure()
        .transform(f -> PeerFailures.classify(PEER, f));
  }

  /**
   * Whether {@code failure} of a call to creator-service means it is down — unreachable after the
   * retries, its breaker open, or the bulkhead full — rather than an answer about the creator. A
   * call that ran out of time is not: it stays a timeout (DEADLINE_EXCEEDED, retry with the same
   * request id).
   */
  public static boolean unreachable(Throwable failure) {
    return failure instanceof PeerFailures.TransientFailure
        || failure instanceof CircuitBreakerOpenException
        || failure instanceof BulkheadException;
  }

  /** UNAVAILABLE DEPENDENCY_UNAVAILABLE ({@code dependency} = creator-service). */
  public static ApiException unavailable() {
    return PeerFailures.unavailable(PEER, java.util.Map.of());
  }

  /**
   * Applies an action's restrictions, then its status change, in creator-service. Each call carries
   * a request id derived from the action, so a repeated delivery (after a lost reply) applies
   * nothing twice. Fails with a transient failure (see {@link #isFinalRefusal}) or an ApiException
   * when creator-service refuses for good.
   */
  @Timeout(5000)
  @CircuitBreaker(
      requestVolumeThreshold = 4,
      failureRatio = 0.5,
      delay = 2000,
      successThreshold = 1,
      skipOn = ApiException.class)
  @Bulkhead(value = 16)
  public Uni<Void> deliver(ActionDelivery delivery) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (RestrictionKind kind : delivery.restrictions()) {
      chain = chain.chain(() -> applyRestriction(delivery, kind));
    }
    if (delivery.targetStatus() != null) {
      chain = chain.chain(() -> transition(delivery));
    }
    return chain.onFailure().transform(f -> PeerFailures.classify(PEER, f));
  }

  /**
   * Undoes an action in creator-service: lifts its restrictions (by action id), then reverses its
   * status change (UNBAN for a ban, REINSTATE for a suspension) citing the appeal or the reversal
   * basis. Request ids derive from the action, so a repeated delivery changes nothing twice. A
   * status that is no longer the one the action placed (a suspension that already ended, say) is
   * nothing left to reverse: creator-service refuses the transition with FAILED_PRECONDITION and
   * that counts as done.
   */
  @Timeout(5000)
  @CircuitBreaker(
      requestVolumeThreshold = 4,
      failureRatio = 0.5,
      delay = 2000,
      successThreshold = 1,
      skipOn = ApiException.class)
  @Bulkhead(value = 16)
  public Uni<Void> undo(ActionUndo undo) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    if (undo.liftRestrictions()) {
      chain = chain.chain(() -> lift(undo));
    }
    if (undo.placedStatus() != null) {
      chain = chain.chain(() -> reverseStatus(undo));
    }
    return chain.onFailure().transform(f -> PeerFailures.classify(PEER, f));
  }

  private Uni<Void> lift(ActionUndo undo) {
    LiftRestrictionRequest.Builder request =
        LiftRestrictionRequest.newBuilder()
            .setRequestId(undo.actionId() + ":lift")
            .setCreatorId(undo.creatorId())
            .setEnforcementActionId(undo.actionId())
            .setReason(undo.reason());
    if (undo.appealId() != null) {
      request.setAppealId(undo.appealId());
    }
    return stub.liftRestriction(request.build()).replaceWithVoid();
  }

  private Uni<Void> reverseStatus(ActionUndo undo) {
    TransitionCreatorStatusRequest.Builder request =
        TransitionCreatorStatusRequest.newBuilder()
            .setRequestId(undo.actionId() + ":status-reversal")
            .setCreatorId(undo.creatorId())
            .setEnforcementActionId(undo.actionId())
            .setReason(undo.reason())
            .setTransition(
                "BANNED".equals(undo.placedStatus())
                    ? StatusTransition.STATUS_TRANSITION_UNBAN
                    : StatusTransition.STATUS_TRANSITION_REINSTATE);
    if (undo.appealId() != null) {
      request.setAppealId(undo.appealId());
    } else {
      request.setReversalBasis(ReversalBasis.valueOf("REVERSAL_BASIS_" + undo.reversalBasis()));
    }
    return stub.transitionCreatorStatus(request.build())
        .replaceWithVoid()
        .onFailure(CreatorServiceClient::nothingLeftToReverse)
        .recoverWithNull();
  }

  private static boolean nothingLeftToReverse(Throwable f) {
    return f instanceof io.grpc.StatusRuntimeException e
        && e.getStatus().getCode() == io.grpc.Status.Code.FAILED_PRECONDITION;
  }

  /**
   * Whether a delivery failure is creator-service refusing the change for good
   * (FAILED_PRECONDITION, NOT_FOUND, INVALID_ARGUMENT…): the outbox stops retrying. Anything else —
   * unreachable, deadline, open breaker, full bulkhead, our credentials refused — is retried.
   */
  public static boolean isFinalRefusal(Throwable failure) {
    return failure instanceof ApiException e
        && e.reason() != ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE;
  }

  private Uni<Void> applyRestriction(ActionDelivery delivery, RestrictionKind kind) {
    ApplyRestrictionRequest.Builder request =
        ApplyRestrictionRequest.newBuilder()
            .setRequestId(delivery.actionId() + ":apply:" + kind.name())
            .setCreatorId(delivery.creatorId())
            .setType(RestrictionType.valueOf("RESTRICTION_TYPE_" + kind.name()))
            .setEnforcementActionId(delivery.actionId())
            .setReason(delivery.reason());
    if (delivery.endTime() != null) {
      request.setEndTime(ProtoTime.of(delivery.endTime()));
    }
    return stub.applyRestriction(request.build()).replaceWithVoid();
  }

  private Uni<Void> transition(ActionDelivery delivery) {
    TransitionCreatorStatusRequest.Builder request =
        TransitionCreatorStatusRequest.newBuilder()
            .setRequestId(delivery.actionId() + ":status")
            .setCreatorId(delivery.creatorId())
            .setEnforcementActionId(delivery.actionId())
            .setReason(delivery.reason())
            .setTransition(
                "BANNED".equals(delivery.targetStatus())
                    ? StatusTransition.STATUS_TRANSITION_BAN
                    : StatusTransition.STATUS_TRANSITION_SUSPEND);
    if (delivery.endTime() != null && "SUSPENDED".equals(delivery.targetStatus())) {
      request.setSuspensionEndTime(ProtoTime.of(delivery.endTime()));
    }
    return stub.transitionCreatorStatus(request.build()).replaceWithVoid();
  }

  private static CreatorFacts facts(Creator creator) {
    return new CreatorFacts(
        creator.getCreatorId(),
        creator.getMarket(),
        creator.getHandle(),
        creator.getStatus().name().replace("CREATOR_STATUS_", ""));
  }
}
