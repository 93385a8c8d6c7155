package io.creatorgov.kit.error;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import io.creatorgov.common.v1.ErrorReason;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/**
 * Reads the {@code google.rpc} details back out of a gRPC error: used by the services' outbound
 * clients (to branch on a dependency's reason) and by tests (to assert on details, not just on an
 * exception).
 */
public final class ErrorDetails {
  private final com.google.rpc.Status status;

  private ErrorDetails(com.google.rpc.Status status) {
    this.status = status;
  }

  public static ErrorDetails of(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      com.google.rpc.Status s = StatusProto.fromThrowable(sre);
      if (s == null) {
        s =
            com.google.rpc.Status.newBuilder()
                .setCode(sre.getStatus().getCode().value())
                .setMessage(String.valueOf(sre.getStatus().getDescription()))
                .build();
      }
      return new ErrorDetails(s);
    }
    com.google.rpc.Status s = StatusProto.fromThrowable(t);
    if (s == null) {
      throw new IllegalArgumentException("not a gRPC status error: " + t, t);
    }
    return new ErrorDetails(s);
  }

  public io.grpc.Status.Code code() {
    return io.grpc.Status.fromCodeValue(status.getCode()).getCode();
  }

  public String message() {
    return status.getMessage();
  }

  public Optional<ErrorInfo> errorInfo() {
    return unpack(ErrorInfo.class);
  }

  /** The reason of the {@code ErrorInfo}, or UNSPECIFIED when absent. */
  public ErrorReason reason() {
    return errorInfo()
        .map(i -> ErrorCatalog.fromWireName(i.getReason()))
        .orElse(ErrorReason.ERROR_REASON_UNSPECIFIED);
  }

  public Optional<BadRequest> badRequest() {
    return unpack(BadRequest.class);
  }

  public Optional<PreconditionFailure> preconditionFailure() {
    return unpack(PreconditionFailure.class);
  }

  public com.google.rpc.Status status() {
    return status;
  }

  private <T extends com.google.protobuf.Message> Optional<T> unpack(Class<T> type) {
    for (com.google.protobuf.Any any : status.getDetailsList()) {
      if (any.is(type)) {
        try {
          return Optional.of(any.unpack(type));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
