package io.creatorgov.incentive.client;

import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.creator.v1.MutinyCreatorServiceGrpc;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.client.ServiceToken;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
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

  private static CreatorProfile profile(Creator c) {
    return new CreatorProfile(
        c.getCreatorId(),
        c.getMarket(),
        c.getStatus().name().replaceFirst("^CREATOR_STATUS_", ""),
        c.getTier().name().replaceFirst("^CREATOR_TIER_", ""),
        c.getCategoriesList(),
        c.getActiveRestrictionsList().stream()
            .map(Restriction::getType)
            .map(t -> t.name().replaceFirst("^RESTRICTION_TYPE_", ""))
            .toList());
  }
}
