package io.creatorgov.kit.auth;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Authenticates every call from the {@code authorization: Bearer <jwt>} metadata and authorizes it
 * against the service's {@link RpcAccessRules}; the verified {@link CallerIdentity} is then
 * available through {@link Callers#current()}. Health checks and server reflection stay open.
 *
 * <p>Missing token → UNAUTHENTICATED TOKEN_MISSING; bad signature/issuer → TOKEN_INVALID; expired →
 * TOKEN_EXPIRED; no acceptable role → PERMISSION_DENIED ROLE_REQUIRED; an RPC without a rule →
 * PERMISSION_DENIED for everyone (fail-closed).
 */
public class AuthInterceptor implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(AuthInterceptor.class);

  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Set<String> OPEN_SERVICES =
      Set.of(
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection");

  private final TokenVerifier verifier;
  private final Map<String, AccessRule> rules;
  private final GrpcErrorMapper errors;

  public AuthInterceptor(
      TokenVerifier verifier, Map<String, AccessRule> rules, GrpcErrorMapper errors) {
    this.verifier = verifier;
    this.rules = Map.copyOf(rules);
    this.errors = errors;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    String service = call.getMethodDescriptor().getServiceName();
    if (service != null && OPEN_SERVICES.contains(service)) {
      return next.startCall(call, headers);
    }
    CallerIdentity caller;
    try {
      caller = authenticate(headers);
      authorize(method, caller);
    } catch (ApiException e) {
      StatusRuntimeException sre = errors.toStatusRuntimeException(e);
      call.close(sre.getStatus(), sre.getTrailers() != null ? sre.getTrailers() : new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(Callers.CALLER, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  CallerIdentity authenticate(Metadata headers) {
    String header = headers.get(AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_TOKEN_MISSING,
          "missing bearer token in the 'authorization' metadata",
          Map.of());
    }
    String trimmed = header.trim();
    if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_TOKEN_INVALID,
          "the 'authorization' metadata must be 'Bearer <token>'",
          Map.of());
    }
    return verifier.verify(trimmed.substring(7).trim());
  }

  void authorize(String method, CallerIdentity caller) {
    AccessRule rule = rules.get(method);
    if (rule == null) {
      LOG.warnf("refusing %s: no access rule is declared for it", method);
      throw ApiException.of(
          ErrorReason.ERROR_REASON_ROLE_REQUIRED,
          "no role may call " + method,
          Map.of("method", method, "required_roles", ""));
    }
    if (!caller.hasAnyRole(rule.roles())) {
      String required =
          rule.roles().stream().map(Role::claim).sorted().collect(Collectors.joining(","));
      throw ApiException.of(
          ErrorReason.ERROR_REASON_ROLE_REQUIRED,
          "calling " + method + " requires one of the roles: " + required,
          Map.of("method", method, "required_roles", required));
    }
  }
}
