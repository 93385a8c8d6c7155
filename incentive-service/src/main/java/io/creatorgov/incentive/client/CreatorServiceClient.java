package io.creatorgov.incentive.client;

import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.creator.v1.ListStatusHistoryRequest;
import io.creatorgov.creator.v1.ListStatusHistoryResponse;
import io.creatorgov.creator.v1.MutinyCreatorServiceGrpc;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.creator.v1.StatusChangeKind;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.incentive.domain.StatusChange;
import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.client.ServiceToken;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The gRPC client of creator-service for incentive-service: reads only, each with a deadline,
 * retries of transient failures, a circuit breaker and a bulkhead. NOT_FOUND RESOURCE_NOT_FOUND
 * when creator-service does not know the creator; UNAVAILABLE DEPENDENCY_UNAVAILABLE (metadata
 * {@code dependency} = {@code creator-service}) when it cannot be reached — never a guess.
 */
@ApplicationScoped
@Timeout(2000)
@Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = PeerFailures.TransientFailure.class)
@CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 1)
@Bulkhead(value = 32)
public class CreatorServiceClient {
  public static final String PEER = "creator-service";
  private static final int HISTORY_PAGE = 500;

  private final MutinyCreatorServiceGrpc.MutinyCreatorServiceStub stub;

  public CreatorServiceClient(
      @GrpcClient("creator") MutinyCreatorServiceGrpc.MutinyCreatorServiceStub stub,
      @ConfigProperty(name = "creatorgov.creator-client.token") Optional<String> token) {
    this.stub = ServiceToken.on(stub, token);
  }

  /** The creator as creator-service holds it now. */
  public Uni<CreatorProfile> creator(String creatorId) {
    return stub.getCreator(GetCreatorRequest.newBuilder().setCreatorId(creatorId).build())
        .map(r -> profile(r.getCreator()))
        .onFailure()
        .transform(f -> PeerFailures.classify(PEER, f));
  }

  /**
   * The creator's whole status history, oldest first (every page of ListStatusHistory), as the
   * status changes settlement applies its suspension rule to.
   */
  public Uni<List<StatusChange>> statusHistory(String creatorId) {
    return historyFrom(creatorId, "", new ArrayList<>())
        .onFailure()
        .transform(f -> PeerFailures.classify(PEER, f));
  }

  private Uni<List<StatusChange>> historyFrom(
      String creatorId, String token, List<StatusChange> read) {
    return stub.listStatusHistory(
            ListStatusHistoryRequest.newBuilder()
                .setCreatorId(creatorId)
                .setPageSize(HISTORY_PAGE)
                .setPageToken(token)
                .build())
        .chain(page -> nextHistoryPage(creatorId, page, read));
  }

  private Uni<List<StatusChange>> nextHistoryPage(
      String creatorId, ListStatusHistoryResponse page, List<StatusChange> read) {
    page.getEntriesList().forEach(e -> read.add(change(e)));
    return page.getNextPageToken().isEmpty()
        ? Uni.createFrom().item(read)
        : historyFrom(creatorId, page.getNextPageToken(), read);
  }

  private static StatusChange change(StatusHistoryEntry e) {
    boolean undo =
        e.getKind() == StatusChangeKind.STATUS_CHANGE_KIND_REINSTATED
            || e.getKind() == StatusChangeKind.STATUS_CHANGE_KIND_UNBANNED;
    boolean overturned =
        !e.getAppealId().isEmpty()
            || e.getReversalBasis() != ReversalBasis.REVERSAL_BASIS_UNSPECIFIED;
    return new StatusChange(
        ProtoTime.toInstant(e.getChanged().getCommitTime()),
        e.getToStatus().name().replaceFirst("^CREATOR_STATUS_", ""),
        e.getEnforcementActionId(),
        undo && overturned);
  }

  private static CreatorProfile profile(Creator c) {
    return new CreatorProfile(
        c.getCreatorId(),
        c.getMarket(),
        c.getStatus().name().replaceFirst("^CREATOR_STATUS_", ""),
        c.getTier().name().replaceFirst("^CREATOR_TIER_", ""),
        c.getCategoriesList(),
        c.getActiveRestrictionsList().stream().map(CreatorServiceClient::typeName).toList(),
        c.getActiveRestrictionsList().stream()
            .filter(Restriction::hasEndTime)
            .collect(
                Collectors.toMap(
                    CreatorServiceClient::typeName,
                    r -> ProtoTime.toInstant(r.getEndTime()),
                    (a, b) -> a.isAfter(b) ? a : b)));
  }

  private static String typeName(Restriction r) {
    return r.getType().name().replaceFirst("^RESTRICTION_TYPE_", "");
  }
}
