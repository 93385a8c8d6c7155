package io.creatorgov.kit.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.testing.conformance.DocumentedError;
import io.creatorgov.kit.testing.conformance.DocumentedErrors;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented errors of all four services, read from the contracts' descriptors, agree with the
 * kit's reason → code table, and the parser reads what the comments say.
 */
class ContractErrorCatalogTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "creatorgov.creator.v1.CreatorService",
        "creatorgov.policy.v1.PolicyService",
        "creatorgov.enforcement.v1.EnforcementService",
        "creatorgov.incentive.v1.IncentiveService"
      })
  void everyRpcDocumentsItsErrorsWithTheCodeTheKitGivesEachReason(String service) {
    List<DocumentedError> errors = DocumentedErrors.of(service);
    assertThat(errors).isNotEmpty();
    Map<String, List<DocumentedError>> byRpc =
        errors.stream().collect(Collectors.groupingBy(DocumentedError::rpc));
    assertThat(byRpc.keySet())
        .as("every RPC of %s has an Errors: list", service)
        .containsExactlyInAnyOrderElementsOf(DocumentedErrors.methods(service));
    for (DocumentedError error : errors) {
      assertThat(ErrorCatalog.codeOf(error.reason()))
          .as("%s %s: the kit sends this reason with another code", service, error.key())
          .isEqualTo(error.code());
    }
    byRpc.forEach(
        (rpc, documented) ->
            assertThat(documented)
                .extracting(DocumentedError::reason)
                .as("%s.%s documents the authentication failures", service, rpc)
                .contains(
                    ErrorReason.ERROR_REASON_TOKEN_MISSING,
                    ErrorReason.ERROR_REASON_TOKEN_INVALID,
                    ErrorReason.ERROR_REASON_TOKEN_EXPIRED,
                    ErrorReason.ERROR_REASON_ROLE_REQUIRED));
  }

  @Test
  void readsReasonsMetadataAndDetailsFromAComment() {
    List<DocumentedError> errors =
        DocumentedErrors.parse(
            "s.v1.S",
            "Do",
            "Does it.\n Errors: INVALID_ARGUMENT (INVALID_ARGUMENT: a, b (c); COMMISSION_CAP_EXCEEDED:"
                + " metadata `cap_bps`, `category`; REQUEST_ID_REUSED), FAILED_PRECONDITION\n"
                + " (ONBOARDING_INCOMPLETE: PreconditionFailure has one violation per item, type"
                + " `ONBOARDING_ITEM`; INVALID_STATE_TRANSITION: not APPLIED, metadata"
                + " `current_state`), UNAVAILABLE (DEPENDENCY_UNAVAILABLE: down, metadata"
                + " `dependency` = `policy-service`); UNAVAILABLE when shutting down.");
    assertThat(errors)
        .extracting(DocumentedError::key)
        .containsExactly(
            "Do INVALID_ARGUMENT/INVALID_ARGUMENT",
            "Do INVALID_ARGUMENT/COMMISSION_CAP_EXCEEDED",
            "Do INVALID_ARGUMENT/REQUEST_ID_REUSED",
            "Do FAILED_PRECONDITION/ONBOARDING_INCOMPLETE",
            "Do FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            "Do UNAVAILABLE/DEPENDENCY_UNAVAILABLE");
    assertThat(errors.get(1).metadata()).containsOnlyKeys("cap_bps", "category");
    assertThat(errors.get(2).metadata()).isEmpty();
    assertThat(errors.get(3).preconditionFailure()).isTrue();
    assertThat(errors.get(3).preconditionType()).isEqualTo("ONBOARDING_ITEM");
    assertThat(errors.get(4).metadata()).containsOnlyKeys("current_state");
    assertThat(errors.get(5).metadata()).containsEntry("dependency", "policy-service");
    assertThat(errors.get(5).code()).isEqualTo(Status.Code.UNAVAILABLE);
  }
}
