package io.creatorgov.policy.client;

import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.client.ServiceToken;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.GetPolicyVersionRequest;
import io.creatorgov.policy.v1.GetPolicyVersionResponse;
import io.creatorgov.policy.v1.MutinyPolicyServiceGrpc;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.ResolvePolicyRequest;
import io.creatorgov.policy.v1.ResolvePolicyResponse;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The gRPC client of policy-service, with the same fault tolerance on every call: a deadline,
 * retries of transient failures (ResolvePolicy is a read), a circuit breaker and a bulkhead. Final
 * answers (NOT_FOUND POLICY_NOT_EFFECTIVE, INVALID_ARGUMENT…) are not retried and keep their
 * reason.
 */
@ApplicationScoped
@Timeout(2000)
@Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = PeerFailures.TransientFailure.class)
@CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 1)
@Bulkhead(value = 32)
public class PolicyServiceClient {
  public static final String PEER = "policy-service";

  private final MutinyPolicyServiceGrpc.MutinyPolicyServiceStub stub;

  public PolicyServiceClient(
      @GrpcClient("policy") MutinyPolicyServiceGrpc.MutinyPolicyServiceStub stub,
      @ConfigProperty(name = "creatorgov.policy-client.token") Optional<String> token) {
    this.stub = ServiceToken.on(stub, token);
  }

  /** The version of {@code policyKey} in force now in {@code market}. */
  public Uni<ResolvedPolicy> resolve(String policyKey, String market) {
    return call(ResolvePolicyRequest.newBuilder().setPolicyKey(policyKey).setMarket(market));
  }

  /** The version of {@code policyKey} that was in force in {@code market} at {@code at}. */
  public Uni<ResolvedPolicy> resolveAt(String policyKey, String market, Instant at) {
    return call(
        ResolvePolicyRequest.newBuilder()
            .setPolicyKey(policyKey)
            .setMarket(market)
            .setResolveTime(ProtoTime.of(at)));
  }

  /**
   * Version {@code version} of {@code policyKey} (any state, drafts included) resolved for {@code
   * market}: its base with that market's overlay. NOT_FOUND RESOURCE_NOT_FOUND when there is no
   * such key or version.
   */
  public Uni<ResolvedPolicy> resolveVersion(String policyKey, String market, int version) {
    return call(
        ResolvePolicyRequest.newBuilder()
            .setPolicyKey(policyKey)
            .setMarket(market)
            .setVersion(version));
  }

  /** Version {@code version} of {@code policyKey} as stored (any state), full view. */
  public Uni<PolicyVersion> getVersion(String policyKey, int version) {
    return stub.getPolicyVersion(
            GetPolicyVersionRequest.newBuilder()
                .setPolicyKey(policyKey)
                .setVersion(version)
                .build())
        .map(GetPolicyVersionResponse::getPolicyVersion)
        .onFailure()
        .transform(f -> PeerFailures.classify(PEER, f));
  }

  private Uni<ResolvedPolicy> call(ResolvePolicyRequest.Builder request) {
    return stub.resolvePolicy(request.build())
        .map(ResolvePolicyResponse::getResolvedPolicy)
        .onFailure()
        .transform(f -> PeerFailures.classify(PEER, f));
  }
}
