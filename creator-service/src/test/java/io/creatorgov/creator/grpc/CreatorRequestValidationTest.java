package io.creatorgov.creator.grpc;

import static io.creatorgov.creator.grpc.CreatorFixtures.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.PerformanceSnapshot;
import io.creatorgov.creator.v1.RecordPerformanceSnapshotRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kit's protovalidate interceptor in the real service: the contract's rules (here {@code
 * Money.currency_code}: {@code ^[A-Z]{3}$}) are enforced before the service code runs, and only
 * after authentication (the interceptors' Quarkus priorities). Same test resources as {@link
 * CreatorGrpcServiceTest}, so the application is shared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorRequestValidationTest {

  @GrpcClient("creator")
  CreatorServiceGrpc.CreatorServiceBlockingStub grpc;

  /** A snapshot for a creator that does not exist, with a lower-case currency code. */
  private static RecordPerformanceSnapshotRequest badSnapshot() {
    return RecordPerformanceSnapshotRequest.newBuilder()
        .setRequestId(requestId())
        .setCreatorId("no-such-creator")
        .setSnapshot(
            PerformanceSnapshot.newBuilder()
                .setGmv(Money.newBuilder().setAmountMinor(1).setCurrencyCode("sgd")))
        .build();
  }

  @Test
  void aRequestBreakingTheContractsRulesIsInvalidArgumentBeforeTheServiceLooksAtIt() {
    ErrorDetails e =
        failure(
            () ->
                grpc.withCallCredentials(
                        BearerAuth.of(TestAuthKeys.token("performance-pipeline", Role.SERVICE)))
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .recordPerformanceSnapshot(badSnapshot()));

    // not NOT_FOUND for the unknown creator: the request never reached the service
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.errorInfo().orElseThrow().getDomain()).isEqualTo("creator.creatorgov.io");
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .containsExactly(
            BadRequest.FieldViolation.newBuilder()
                .setField("snapshot.gmv.currency_code")
                .setDescription("value does not match regex pattern `^[A-Z]{3}$`")
                .build());
  }

  @Test
  void authenticationAndAuthorizationAnswerFirst() {
    ErrorDetails noToken =
        failure(
            () ->
                grpc.withDeadlineAfter(20, TimeUnit.SECONDS)
                    .recordPerformanceSnapshot(badSnapshot()));
    ErrorDetails wrongRole =
        failure(
            () ->
                grpc.withCallCredentials(
                        BearerAuth.of(TestAuthKeys.token("auditor-ali", Role.AUDITOR)))
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .recordPerformanceSnapshot(badSnapshot()));

    assertThat(noToken.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(noToken.badRequest()).isEmpty();
    assertThat(wrongRole.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(wrongRole.badRequest()).isEmpty();
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }
}
