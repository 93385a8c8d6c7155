package io.creatorgov.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.StringValue;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor in front of a real (in-process) gRPC server. */
class AuthInterceptorTest {

  private static final MethodDescriptor<StringValue, StringValue> WHOAMI =
      method("test.Probe/WhoAmI");
  private static final MethodDescriptor<StringValue, StringValue> ADMIN_ONLY =
      method("test.Probe/AdminOnly");
  private static final MethodDescriptor<StringValue, StringValue> UNDECLARED =
      method("test.Probe/Undeclared");
  private static final MethodDescriptor<StringValue, StringValue> HEALTH =
      method("grpc.health.v1.Health/Check");

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    ServerCalls.UnaryMethod<StringValue, StringValue> whoAmI =
        (request, observer) -> {
          CallerIdentity caller = Callers.current();
          observer.onNext(StringValue.of(caller.subject() + "|" + caller.kind()));
          observer.onCompleted();
        };
    ServerServiceDefinition probe =
        ServerServiceDefinition.builder("test.Probe")
            .addMethod(WHOAMI, ServerCalls.asyncUnaryCall(whoAmI))
            .addMethod(ADMIN_ONLY, ServerCalls.asyncUnaryCall(whoAmI))
            .addMethod(UNDECLARED, ServerCalls.asyncUnaryCall(whoAmI))
            .build();
    ServerServiceDefinition health =
        ServerServiceDefinition.builder("grpc.health.v1.Health")
            .addMethod(
                HEALTH,
                ServerCalls.asyncUnaryCall(
                    (request, observer) -> {
                      observer.onNext(StringValue.of("SERVING"));
                      observer.onCompleted();
                    }))
            .build();
    AuthInterceptor interceptor =
        new AuthInterceptor(
            new TokenVerifier(
                TestKeys.SIGNING.getPublic(), TestKeys.ISSUER, Optional.empty(), Duration.ZERO),
            Map.of(
                WHOAMI.getFullMethodName(),
                AccessRule.anyOf(Role.CREATOR_OPS, Role.SERVICE),
                ADMIN_ONLY.getFullMethodName(),
                AccessRule.anyOf(Role.GOVERNANCE_ADMIN)),
            new GrpcErrorMapper("test.creatorgov.io"));
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(probe, interceptor))
            .addService(ServerInterceptors.intercept(health, interceptor))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void callWithoutTokenIsUnauthenticated() {
    ErrorDetails e = fail(WHOAMI, null);

    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_MISSING);
    assertThat(e.errorInfo().orElseThrow().getDomain()).isEqualTo("test.creatorgov.io");
  }

  @Test
  void malformedAuthorizationHeaderIsUnauthenticated() {
    ErrorDetails e = fail(WHOAMI, "Basic dXNlcjpwYXNz");

    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  @Test
  void expiredTokenIsUnauthenticatedWithExpiredReason() {
    String token =
        TestKeys.token()
            .roles(Role.CREATOR_OPS)
            .issuedAt(java.time.Instant.now().minusSeconds(7200))
            .ttl(Duration.ofHours(1))
            .mint();

    ErrorDetails e = fail(WHOAMI, "Bearer " + token);

    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_EXPIRED);
  }

  @Test
  void callerWithoutAnAcceptedRoleIsPermissionDeniedNamingTheRoles() {
    String token = TestKeys.token().roles(Role.AUDITOR).mint();

    ErrorDetails e = fail(WHOAMI, "Bearer " + token);

    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(e.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("required_roles", "creator-ops,service");
  }

  @Test
  void callerWithAnAcceptedRoleReachesTheServiceAsThemselves() {
    String token = TestKeys.token().subject("enforcement-service").roles(Role.SERVICE).mint();

    StringValue reply = call(WHOAMI, "Bearer " + token);

    assertThat(reply.getValue()).isEqualTo("enforcement-service|ACTOR_KIND_SERVICE");
  }

  @Test
  void rolesAreCheckedPerRpc() {
    String opsToken = TestKeys.token().roles(Role.CREATOR_OPS).mint();

    assertThat(call(WHOAMI, "Bearer " + opsToken).getValue()).startsWith("dev-user");
    assertThat(fail(ADMIN_ONLY, "Bearer " + opsToken).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void rpcWithoutAnAccessRuleIsRefusedEvenForAdmins() {
    String token = TestKeys.token().roles(Role.GOVERNANCE_ADMIN).mint();

    ErrorDetails e = fail(UNDECLARED, "Bearer " + token);

    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void healthChecksNeedNoToken() {
    assertThat(call(HEALTH, null).getValue()).isEqualTo("SERVING");
  }

  private StringValue call(
      MethodDescriptor<StringValue, StringValue> method, String authorization) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(AuthInterceptor.AUTHORIZATION, authorization);
    }
    io.grpc.Channel intercepted =
        io.grpc.ClientInterceptors.intercept(
            channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(
        intercepted, method, CallOptions.DEFAULT, StringValue.of("ping"));
  }

  private ErrorDetails fail(
      MethodDescriptor<StringValue, StringValue> method, String authorization) {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> call(method, authorization));
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  private static MethodDescriptor<StringValue, StringValue> method(String fullName) {
    return MethodDescriptor.<StringValue, StringValue>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
        .build();
  }
}
