package io.creatorgov.kit.validation;

import io.creatorgov.kit.auth.KitAuthInterceptor;
import io.creatorgov.kit.error.KitExceptionHandlerProvider;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Quarkus wiring of {@link ValidationInterceptor}: every request message of every gRPC service
 * of the application is checked against its protovalidate rules, with the service's error domain.
 * {@code creatorgov.validation.enabled=false} switches it off (default: on).
 *
 * <p>Order: Quarkus sorts gRPC server interceptors by {@link Prioritized#getPriority()} only ({@code
 * @jakarta.annotation.Priority} is ignored there) and the <em>highest</em> priority sees a call
 * first. {@link #PRIORITY} is below {@link KitAuthInterceptor#PRIORITY}, so this runs inside
 * authentication: a caller without a valid token or role gets UNAUTHENTICATED / PERMISSION_DENIED,
 * never a validation answer that would reveal the contract's rules.
 */
@GlobalInterceptor
@ApplicationScoped
public class KitValidationInterceptor implements ServerInterceptor, Prioritized {

  /** Inside {@link KitAuthInterceptor} (lower priority = later). */
  public static final int PRIORITY = KitAuthInterceptor.PRIORITY - 1_000;

  private final boolean enabled;
  private final ValidationInterceptor delegate;

  public KitValidationInterceptor(
      @ConfigProperty(name = "creatorgov.validation.enabled", defaultValue = "true")
          boolean enabled,
      RequestValidator validator,
      KitExceptionHandlerProvider errorHandling) {
    this.enabled = enabled;
    this.delegate = new ValidationInterceptor(validator, errorHandling.mapper());
  }

  @Override
  public int getPriority() {
    return PRIORITY;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!enabled) {
      return next.startCall(call, headers);
    }
    return delegate.interceptCall(call, headers, next);
  }
}
