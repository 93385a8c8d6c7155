package io.creatorgov.enforcement.client;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;

/** How a peer's gRPC failure is classified: transient (retry, count for the breaker) or final. */
final class Failures {
  private Failures() {}

  /** A failure worth retrying: the peer unreachable, overloaded or too slow. */
  static final class TransientFailure extends RuntimeException {
    private final Status.Code code;

    TransientFailure(String peer, Throwable cause) {
      super(peer + ": " + cause.getMessage(), cause);
      this.code =
          cause instanceof StatusRuntimeException sre
              ? sre.getStatus().getCode()
              : Status.Code.UNAVAILABLE;
    }

    Status.Code code() {
      return code;
    }
  }

  static boolean isTransient(Status.Code code) {
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
  static Throwable classify(String peer, Throwable failure) {
    if (!(failure instanceof StatusRuntimeException sre)) {
      return failure instanceof ApiException ? failure : new TransientFailure(peer, failure);
    }
    Status.Code code = sre.getStatus().getCode();
    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      return ApiException.of(
          ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
          peer + " refused enforcement-service's credentials",
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
  static ApiException unavailable(String peer, Map<String, String> metadata) {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(metadata);
    all.put("dependency", peer);
    return ApiException.of(
        ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
        peer + " is unavailable; retry later with the same request id",
        all);
  }
}
