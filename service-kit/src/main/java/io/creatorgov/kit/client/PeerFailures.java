package io.creatorgov.kit.client;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a peer's gRPC failure is classified for the caller's fault tolerance: transient (retry it,
 * count it for the circuit breaker) or final (keep the peer's reason and metadata). Every client of
 * a peer service classifies the same way, so a retry policy means the same thing everywhere.
 */
public final class PeerFailures {
  private PeerFailures() {}

  /** A failure worth retrying: the peer unreachable, overloaded or too slow. */
  public static final class TransientFailure extends RuntimeException {
    private final Status.Code code;
    private final String peer;

    TransientFailure(String peer, Throwable cause) {
      super(peer + ": " + cause.getMessage(), cause);
      this.peer = peer;
      this.code =
          cause instanceof StatusRuntimeException sre
              ? sre.getStatus().getCode()
              : Status.Code.UNAVAILABLE;
    }

    /** The status the peer answered (UNAVAILABLE when it could not be reached at all). */
    public Status.Code code() {
      return code;
    }

    /** The peer that failed, for example {@code creator-service}. */
    public String peer() {
      return peer;
    }
  }

  /** Whether a peer's status code means "try again later" rather than a final answer. */
  public static boolean isTransient(Status.Code code) {
    return code == Status.Code.UNAVAILABLE
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.RESOURCE_EXHAUSTED
        || code == Status.Code.ABORTED;
  }

  /**
   * Transient failures become {@link TransientFailure}; a refusal of our own credentials becomes
   * UNAVAILABLE DEPENDENCY_UNAVAILABLE (not the end caller's problem); any other answer keeps its
   * reason and metadata.
   */
  public static Throwable classify(String peer, Throwable failure) {
    if (!(failure instanceof StatusRuntimeException sre)) {
      return failure instanceof ApiException ? failure : new TransientFailure(peer, failure);
    }
    Status.Code code = sre.getStatus().getCode();
    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      return ApiException.of(
          ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
          peer + " refused this service's credentials",
          Map.of("dependency", peer));
    }
    if (isTransient(code)) {
      return new TransientFailure(peer, sre);
    }
    ErrorDetails details = ErrorDetails.of(sre);
    return ApiException.of(
        details.reason() == ErrorReason.ERROR_REASON_UNSPECIFIED
            ? ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE
            : details.reason(),
        peer + ": " + details.message(),
        details.errorInfo().map(i -> i.getMetadataMap()).orElse(Map.of()));
  }

  /** UNAVAILABLE DEPENDENCY_UNAVAILABLE for a peer that could not be reached. */
  public static ApiException unavailable(String peer, Map<String, String> metadata) {
    Map<String, String> all = new LinkedHashMap<>(metadata);
    all.put("dependency", peer);
    return ApiException.of(
        ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
        peer + " is unavailable; retry later with the same request id",
        all);
  }
}
