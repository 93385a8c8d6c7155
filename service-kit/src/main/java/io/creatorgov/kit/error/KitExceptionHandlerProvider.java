package io.creatorgov.kit.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Replaces Quarkus' default gRPC exception handling in every service with {@link GrpcErrorMapper},
 * so every failure leaves the service as a canonical status with {@code google.rpc} details.
 */
@ApplicationScoped
public class KitExceptionHandlerProvider implements ExceptionHandlerProvider {

  private final GrpcErrorMapper mapper;

  public KitExceptionHandlerProvider(
      @ConfigProperty(name = "creatorgov.error.domain", defaultValue = "creatorgov.io")
          String domain) {
    this.mapper = new GrpcErrorMapper(domain);
  }

  public GrpcErrorMapper mapper() {
    return mapper;
  }

  @Override
  public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
      ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
    return new ExceptionHandler<>(listener, call, metadata) {
      @Override
      protected void handleException(
          Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
        StatusRuntimeException sre = mapper.toStatusRuntimeException(failure);
        Metadata trailers = sre.getTrailers() != null ? sre.getTrailers() : new Metadata();
        serverCall.close(sre.getStatus(), trailers);
      }
    };
  }

  @Override
  public Throwable transform(Throwable failure) {
    return mapper.toStatusRuntimeException(failure);
  }
}
