package io.creatorgov.creator.client;

import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.policy.v1.MutinyPolicyServiceGrpc;
import io.creatorgov.policy.v1.ResolvePolicyRequest;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The gRPC client of policy-service, with its fault tolerance: a deadline per call, retries of
 * transient failures (ResolvePolicy is a read), a circuit breaker and a bulkhead. Answers that are
 * final (NOT_FOUND, INVALID_ARGUMENT…) are not retried and keep their reason.
 */
@ApplicationScoped
public class PolicyServiceClient {

  /** A failure worth retrying: policy-service unreachable, overloaded or too slow. */
  public static final class TransientPolicyFailure extends RuntimeException {
    TransientPolicyFailure(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final MutinyPolicyServiceGrpc.MutinyPolicyServiceStub stub;

  public PolicyServiceClient(
      @GrpcClient("policy") MutinyPolicyServiceGrpc.MutinyPolicyServiceStub stub,
      @ConfigProperty(name = "creatorgov.policy-client.token") java.util.Optional<String> token) {
    this.stub =
        token
            .filter(t -> !t.isBlank())
            .map(t -> stub.withCallCredentials(new Bearer(t)))
            .orElse(stub);
  }

  @Timeout(2000)
  @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = TransientPolicyFailure.class)
  @CircuitBreaker(
      requestVolumeThreshold = 6,
      failureRatio = 0.5,
      delay = 5000,
      successThreshold = 1)
  @Bulkhead(value = 32)
  public Uni<ResolvedPolicy> resolve(String policyKey, String market) {
    return stub.resolvePolicy(
            ResolvePolicyRequest.newBuilder().setPolicyKey(policyKey).setMarket(market).build())
        .map(r -> r.getResolvedPolicy())
        .onFailure()
        .transform(PolicyServiceClient::classify);
  }

  static Throwable classify(Throwable failure) {
    if (failure instanceof StatusRuntimeException sre) {
      Status.Code code = sre.getStatus().getCode();
      if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
        // our own service credentials were refused: not the end caller's problem
        return ApiException.of(
            io.creatorgov.common.v1.ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
            "policy-service refused creator-service's credentials",
            Map.of("dependency", "policy-service"));
      }
      if (code == Status.Code.UNAVAILABLE
          || code == Status.Code.DEADLINE_EXCEEDED
          || code == Status.Code.RESOURCE_EXHAUSTED
          || code == Status.Code.ABORTED) {
        return new TransientPolicyFailure(sre);
      }
      ErrorDetails details = ErrorDetails.of(sre);
      return ApiException.of(
          details.reason() == io.creatorgov.common.v1.ErrorReason.ERROR_REASON_UNSPECIFIED
              ? io.creatorgov.common.v1.ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE
              : details.reason(),
          "policy-service: " + details.message(),
          details.errorInfo().map(i -> i.getMetadataMap()).orElse(Map.of()));
    }
    return new TransientPolicyFailure(failure);
  }

  private static final class Bearer extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String token;

    Bearer(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(headers);
    }
  }
}
