package io.creatorgov.kit.auth;

import io.creatorgov.kit.error.KitExceptionHandlerProvider;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Prioritized;
import java.util.HashMap;
import java.util.Map;

/**
 * The Quarkus wiring of {@link AuthInterceptor}: applied to every gRPC service of the application,
 * with the rules of every {@link RpcAccessRules} bean and the key from {@link AuthSettings}.
 *
 * <p>Order: Quarkus sorts gRPC server interceptors by {@link Prioritized#getPriority()} only (a
 * {@code @jakarta.annotation.Priority} annotation is ignored there; an interceptor without {@code
 * Prioritized} counts as 0), and the one with the <em>highest</em> priority sees a call first.
 * {@link #PRIORITY} keeps authentication inside Quarkus' own interceptors (request context,
 * exception handling: {@code Integer.MAX_VALUE - n}) and inside the Micrometer gRPC metrics
 * interceptor (4000, so refused calls are still counted), and outside every other kit interceptor:
 * request validation ({@code KitValidationInterceptor}) only runs for authenticated, authorized
 * callers.
 */
@GlobalInterceptor
@ApplicationScoped
public class KitAuthInterceptor implements ServerInterceptor, Prioritized {

  /** Below Micrometer's gRPC metrics interceptor (4000), above every other kit interceptor. */
  public static final int PRIORITY = 2_000;

  private final AuthInterceptor delegate;

  public KitAuthInterceptor(
      AuthSettings settings,
      Instance<RpcAccessRules> ruleSets,
      KitExceptionHandlerProvider errorHandling) {
    TokenVerifier verifier = verifier(settings);
    Map<String, AccessRule> rules = new HashMap<>();
    for (RpcAccessRules set : ruleSets) {
      set.rules()
          .forEach(
              (method, rule) -> {
                if (rules.putIfAbsent(method, rule) != null) {
                  throw new IllegalStateException("two access rules for " + method);
                }
              });
    }
    this.delegate = new AuthInterceptor(verifier, rules, errorHandling.mapper());
  }

  /** A JWKS (an identity provider's rotating keys) when configured, else the one PEM key. */
  static TokenVerifier verifier(AuthSettings settings) {
    if (settings.jwksLocation().isPresent()) {
      return new TokenVerifier(
          new JwksKeys(
              settings.jwksLocation().get(),
              settings.jwksRefresh(),
              settings.jwksMinReload(),
              java.time.Clock.systemUTC()),
          settings.issuer(),
          settings.audience(),
          settings.clockSkew(),
          settings.verifiedTokenCacheSize(),
          java.time.Clock.systemUTC());
    }
    String pem =
        settings
            .publicKey()
            .or(() -> settings.publicKeyLocation().map(PemKeys::read))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "set creatorgov.auth.jwks-location, creatorgov.auth.public-key or"
                            + " creatorgov.auth.public-key-location"));
    return new TokenVerifier(
        PemKeys.parsePublicKey(pem),
        settings.issuer(),
        settings.audience(),
        settings.clockSkew(),
        settings.verifiedTokenCacheSize(),
        java.time.Clock.systemUTC());
  }

  @Override
  public int getPriority() {
    return PRIORITY;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return delegate.interceptCall(call, headers, next);
  }
}
