package io.creatorgov.incentive.client;

import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.MutinyEnforcementServiceGrpc;
import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.client.ServiceToken;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The gRPC client of enforcement-service for incentive-service: the standing read, with a deadline,
 * retries of transient failures, a circuit breaker and a bulkhead. UNAVAILABLE
 * DEPENDENCY_UNAVAILABLE (metadata {@code dependency} = {@code enforcement-service}) when it cannot
 * be reached — an unknown standing is never read as a clean one.
 */
@ApplicationScoped
@Timeout(2000)
@Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = PeerFailures.TransientFailure.class)
@CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 1)
@Bulkhead(value = 32)
public class EnforcementServiceClient {
  public static final String PEER = "enforcement-service";

  private final MutinyEnforcementServiceGrpc.MutinyEnforcementServiceStub stub;

  public EnforcementServiceClient(
      @GrpcClient("enforcement") MutinyEnforcementServiceGrpc.MutinyEnforcementServiceStub stub,
      @ConfigProperty(name = "creatorgov.enforcement-client.token") Optional<String> token) {
    this.stub = ServiceToken.on(stub, token);
  }

  /** The creator's standing in {@code market} now, under the market's model. */
  public Uni<StandingSnapshot> standing(String creatorId, String market) {
    return stub.getCreatorStanding(
            GetCreatorStandingRequest.newBuilder()
                .setCreatorId(creatorId)
                .setMarket(market)
                .build())
        .map(r -> snapshot(r.getStanding()))
        .onFailure()
        .transform(f -> PeerFailures.classify(PEER, f));
  }

  /**
   * The ids of the creator's appeals in {@code market} still OPEN or UNDER_REVIEW, oldest first:
   * the standing's {@code open_appeals}. Read through GetCreatorStanding, which a {@code service}
   * caller may use; ListAppeals is for appeal readers (reviewers, operators, the creator) and
   * refuses this service's token.
   */
  public Uni<List<String>> openAppeals(String creatorId, String market) {
    return standing(creatorId, market).map(StandingSnapshot::openAppealIds);
  }

  private static StandingSnapshot snapshot(CreatorStanding s) {
    return new StandingSnapshot(
        s.getCreatorId(),
        s.getMarket(),
        s.getModelKind().name().replaceFirst("^STANDING_MODEL_KIND_", ""),
        s.hasPointsLadder() ? s.getPointsLadder().getActivePoints() : null,
        s.hasHealthRating() ? s.getHealthRating().getScore() : null,
        s.getOpenAppealsList().stream().map(Appeal::getAppealId).toList());
  }
}
