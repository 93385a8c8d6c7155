package io.creatorgov.policy.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.RedisProxy;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.policy.v1.ListPoliciesRequest;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.UpdatePolicyVersionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract's protovalidate rules, enforced by the kit in the real policy-service before the
 * service code runs (same test resources as {@link PolicyGrpcServiceTest}, so the application is
 * shared).
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_policy_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(RedisProxy.class)
class PolicyRequestValidationTest {

  @GrpcClient("policy")
  PolicyServiceGrpc.PolicyServiceBlockingStub grpc;

  @Test
  void aNegativePageSizeIsRefusedByTheContractsRuleNamingTheField() {
    ErrorDetails e =
        failure(
            () ->
                as("auditor-ali", Role.AUDITOR)
                    .listPolicies(ListPoliciesRequest.newBuilder().setPageSize(-1).build()));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.errorInfo().orElseThrow().getDomain()).isEqualTo("policy.creatorgov.io");
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .containsExactly(
            BadRequest.FieldViolation.newBuilder()
                .setField("page_size")
                .setDescription("value must be greater than or equal to 0")
                .build());
  }

  @Test
  void everyBrokenFieldRuleIsReportedTogether() {
    ErrorDetails e =
        failure(
            () ->
                as("author-ana", Role.POLICY_AUTHOR)
                    .updatePolicyVersion(
                        UpdatePolicyVersionRequest.newBuilder()
                            .setPolicyVersion(PolicyVersion.getDefaultInstance())
                            .setRequestId("r".repeat(129))
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactlyInAnyOrder("policy_key", "version", "update_mask", "request_id");
  }

  private PolicyServiceGrpc.PolicyServiceBlockingStub as(String subject, Role... roles) {
    return grpc.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }
}
