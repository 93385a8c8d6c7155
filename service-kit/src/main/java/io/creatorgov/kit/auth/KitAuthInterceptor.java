package io.creatorgov.kit.auth;

import io.creatorgov.kit.error.KitExceptionHandlerProvider;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;

/**
 * The Quarkus wiring of {@link AuthInterceptor}: applied to every gRPC service of the application,
 * with the rules of every {@link RpcAccessRules} bean and the key from {@link AuthSettings}.
 */
@GlobalInterceptor
@ApplicationScoped
@Priority(1_000_000)
public class KitAuthInterceptor implements ServerInterceptor {

  private final AuthInterceptor delegate;

  public KitAuthInterceptor(
      AuthSettings settings,
      Instance<RpcAccessRules> ruleSets,
      KitExceptionHandlerProvider errorHandling) {
    String pem =
        settings
            .publicKey()
            .or(() -> settings.publicKeyLocation().map(PemKeys::read))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "set creatorgov.auth.public-key or creatorgov.auth.public-key-location"));
    TokenVerifier verifier =
        new TokenVerifier(
            PemKeys.parsePublicKey(pem),
            settings.issuer(),
            settings.audience(),
            settings.clockSkew());
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

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return delegate.interceptCall(call, headers, next);
  }
}
