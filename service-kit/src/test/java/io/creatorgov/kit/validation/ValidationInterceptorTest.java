package io.creatorgov.kit.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.creator.v1.PerformanceSnapshot;
import io.creatorgov.creator.v1.RecordPerformanceSnapshotRequest;
import io.creatorgov.kit.auth.AccessRule;
import io.creatorgov.kit.auth.AuthInterceptor;
import io.creatorgov.kit.auth.DevTokens;
import io.creatorgov.kit.auth.KitAuthInterceptor;
import io.creatorgov.kit.auth.PemKeys;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.auth.TokenVerifier;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.error.KitExceptionHandlerProvider;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
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
import jakarta.enterprise.inject.spi.Prioritized;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The validation interceptor in front of a real (in-process) gRPC server, stacked with the auth
 * interceptor the way Quarkus stacks global interceptors: sorted by {@link Prioritized} ascending
 * and handed to {@link ServerInterceptors#intercept(ServerServiceDefinition, List)}, so the highest
 * priority sees the call first.
 */
class ValidationInterceptorTest {
  private static final String DOMAIN = "test.creatorgov.io";
  private static final String ISSUER = "https://auth.test.creatorgov";
  private static final KeyPair KEYS = PemKeys.generateRsaKeyPair();

  private static final MethodDescriptor<Money, Money> ECHO_MONEY =
      method("test.Probe/EchoMoney", Money.getDefaultInstance());
  private static final MethodDescriptor<RecordPerformanceSnapshotRequest, Money> RECORD =
      method("test.Probe/Record", RecordPerformanceSnapshotRequest.getDefaultInstance());
  private static final MethodDescriptor<DynamicMessage, Money> BROKEN =
      method("test.Probe/Broken", DynamicMessage.getDefaultInstance(BrokenRules.TYPE));

  private final AtomicInteger handled = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  /** Starts the probe service behind the kit's interceptors, ordered as Quarkus orders them. */
  private void start(boolean validationEnabled) throws Exception {
    ServerServiceDefinition probe =
        ServerServiceDefinition.builder("test.Probe")
            .addMethod(ECHO_MONEY, ServerCalls.asyncUnaryCall(this::answer))
            .addMethod(RECORD, ServerCalls.asyncUnaryCall(this::answer))
            .addMethod(BROKEN, ServerCalls.asyncUnaryCall(this::answer))
            .build();
    AuthInterceptor auth =
        new AuthInterceptor(
            new TokenVerifier(KEYS.getPublic(), ISSUER, Optional.empty(), Duration.ZERO),
            Map.of(
                ECHO_MONEY.getFullMethodName(), AccessRule.anyOf(Role.SERVICE),
                RECORD.getFullMethodName(), AccessRule.anyOf(Role.SERVICE),
                BROKEN.getFullMethodName(), AccessRule.anyOf(Role.SERVICE)),
            new KitExceptionHandlerProvider(DOMAIN).mapper());
    List<ServerInterceptor> interceptors = new ArrayList<>();
    interceptors.add(
        new KitValidationInterceptor(
            validationEnabled, new RequestValidator(), new KitExceptionHandlerProvider(DOMAIN)));
    interceptors.add(new Prioritised(auth, KitAuthInterceptor.PRIORITY));
    // io.quarkus.grpc.runtime.Interceptors.INTERCEPTOR_COMPARATOR: Prioritized, ascending
    interceptors.sort(Comparator.comparingInt(i -> ((Prioritized) i).getPriority()));
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(probe, interceptors))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  private <T> void answer(T request, io.grpc.stub.StreamObserver<Money> observer) {
    handled.incrementAndGet();
    observer.onNext(Money.newBuilder().setCurrencyCode("OK!").build());
    observer.onCompleted();
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void aValidRequestReachesTheService() throws Exception {
    start(true);

    call(ECHO_MONEY, money("MYR"), serviceToken());

    assertThat(handled).hasValue(1);
  }

  @Test
  void anInvalidRequestIsInvalidArgumentWithTheKitsDetailsAndNeverReachesTheService()
      throws Exception {
    start(true);

    ErrorDetails e = fail(ECHO_MONEY, money("myr"), serviceToken());

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.errorInfo().orElseThrow().getReason()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.errorInfo().orElseThrow().getDomain()).isEqualTo(DOMAIN);
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .containsExactly(
            BadRequest.FieldViolation.newBuilder()
                .setField("currency_code")
                .setDescription("value does not match regex pattern `^[A-Z]{3}$`")
                .build());
    assertThat(e.message())
        .isEqualTo("currency_code: value does not match regex pattern `^[A-Z]{3}$`");
    assertThat(handled).hasValue(0);
  }

  @Test
  void aNestedViolationIsNamedByItsPathInTheRequest() throws Exception {
    start(true);

    ErrorDetails e =
        fail(
            RECORD,
            RecordPerformanceSnapshotRequest.newBuilder()
                .setRequestId("r-1")
                .setCreatorId("c-1")
                .setSnapshot(PerformanceSnapshot.newBuilder().setGmv(money("S G D")))
                .build(),
            serviceToken());

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("snapshot.gmv.currency_code");
  }

  @Test
  void authenticationComesFirstSoAnUnauthenticatedCallerLearnsNothingAboutTheRules()
      throws Exception {
    start(true);

    ErrorDetails noToken = fail(ECHO_MONEY, money("myr"), null);
    ErrorDetails wrongRole =
        fail(ECHO_MONEY, money("myr"), "Bearer " + token().roles(Role.AUDITOR).mint());

    assertThat(noToken.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(noToken.badRequest()).isEmpty();
    assertThat(wrongRole.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(handled).hasValue(0);
  }

  @Test
  void rulesThatDoNotCompileAnswerInternalNotInvalidArgument() throws Exception {
    start(true);

    ErrorDetails e = fail(BROKEN, BrokenRules.message("x"), serviceToken());

    assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INTERNAL);
    assertThat(e.message()).startsWith("internal error (error id ");
    assertThat(e.badRequest()).isEmpty();
    assertThat(handled).hasValue(0);
  }

  @Test
  void switchedOffItLetsEverythingThrough() throws Exception {
    start(false);

    call(ECHO_MONEY, money("myr"), serviceToken());

    assertThat(handled).hasValue(1);
  }

  @Test
  void itRunsInsideAuthentication() {
    assertThat(KitValidationInterceptor.PRIORITY).isLessThan(KitAuthInterceptor.PRIORITY);
  }

  private static Money money(String currency) {
    return Money.newBuilder().setAmountMinor(100).setCurrencyCode(currency).build();
  }

  private static String serviceToken() {
    return "Bearer " + token().subject("pipeline").roles(Role.SERVICE).mint();
  }

  private static DevTokens.Builder token() {
    return DevTokens.with(KEYS.getPrivate(), ISSUER);
  }

  private <Q extends Message> Money call(
      MethodDescriptor<Q, Money> method, Q request, String authorization) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(AuthInterceptor.AUTHORIZATION, authorization);
    }
    io.grpc.Channel intercepted =
        io.grpc.ClientInterceptors.intercept(
            channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(intercepted, method, CallOptions.DEFAULT, request);
  }

  private <Q extends Message> ErrorDetails fail(
      MethodDescriptor<Q, Money> method, Q request, String authorization) {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> call(method, request, authorization));
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  private static <Q extends Message> MethodDescriptor<Q, Money> method(
      String fullName, Q requestPrototype) {
    return MethodDescriptor.<Q, Money>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(ProtoUtils.marshaller(requestPrototype))
        .setResponseMarshaller(ProtoUtils.marshaller(Money.getDefaultInstance()))
        .build();
  }

  /** An interceptor with a priority, as a Quarkus bean implementing Prioritized has. */
  private record Prioritised(ServerInterceptor delegate, int priority)
      implements ServerInterceptor, Prioritized {
    @Override
    public int getPriority() {
      return priority;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      return delegate.interceptCall(call, headers, next);
    }
  }
}
