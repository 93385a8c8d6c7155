package io.creatorgov.kit.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.PreconditionFailure;
import io.creatorgov.common.v1.ErrorReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

class GrpcErrorMapperTest {

  private final GrpcErrorMapper mapper = new GrpcErrorMapper("creator.creatorgov.io");

  private ErrorDetails map(Throwable t) {
    StatusRuntimeException sre = mapper.toStatusRuntimeException(t);
    return ErrorDetails.of(sre);
  }

  @Test
  void validationErrorBecomesInvalidArgumentWithEveryFieldViolation() {
    ErrorDetails details =
        map(
            ApiException.invalid(
                List.of(
                    new FieldViolation("handle", "must not be blank"),
                    new FieldViolation("home_market", "unknown market 'XX'"))));

    assertThat(details.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(details.errorInfo())
        .hasValueSatisfying(
            info -> {
              assertThat(info.getReason()).isEqualTo("INVALID_ARGUMENT");
              assertThat(info.getDomain()).isEqualTo("creator.creatorgov.io");
            });
    assertThat(details.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("handle", "home_market");
  }

  @Test
  void aPeerStillUnreachableAfterItsRetriesIsUnavailableNamingThePeerNeverInternal() {
    Throwable failure =
        io.creatorgov.kit.client.PeerFailures.classify(
            "creator-service",
            Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

    ErrorDetails details = map(new CompletionException(failure));

    assertThat(details.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(details.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE);
    assertThat(details.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("dependency", "creator-service");
  }

  @Test
  void illegalTransitionBecomesFailedPreconditionNamingTheCurrentState() {
    ErrorDetails details = map(ApiException.illegalTransition("BANNED", "ACTIVE"));

    assertThat(details.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(details.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(details.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "BANNED")
        .containsEntry("requested_state", "ACTIVE");
    assertThat(details.preconditionFailure().orElseThrow().getViolationsList())
        .extracting(PreconditionFailure.Violation::getSubject)
        .containsExactly("BANNED");
    assertThat(details.message()).contains("BANNED");
  }

  @Test
  void notFoundAlreadyExistsAndStaleEtagGetTheirCanonicalCodes() {
    assertThat(map(ApiException.notFound("creator", "c-1")).code())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(map(ApiException.alreadyExists("creator", "ID/alice")).code())
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    ErrorDetails stale = map(ApiException.etagMismatch("W/7"));
    assertThat(stale.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(stale.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_etag", "W/7");
  }

  @Test
  void unexpectedFailureBecomesInternalWithoutLeakingItsMessage() {
    ErrorDetails details = map(new IllegalStateException("password=hunter2 in connection string"));

    assertThat(details.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(details.message()).doesNotContain("hunter2").startsWith("internal error");
    assertThat(details.errorInfo().orElseThrow().getMetadataMap()).containsKey("error_id");
  }

  @Test
  void faultToleranceFailuresBecomeDeadlineExceededOrUnavailable() {
    assertThat(map(new TimeoutException("slow")).code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    ErrorDetails open = map(new CircuitBreakerOpenException("open"));
    assertThat(open.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(open.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE);
    ErrorDetails full = map(new BulkheadException("full"));
    assertThat(full.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(full.reason()).isEqualTo(ErrorReason.ERROR_REASON_OVERLOADED);
  }

  @Test
  void optimisticLockFailureBecomesAbortedConcurrentModification() {
    ErrorDetails details =
        map(new RuntimeException("wrapped", new jakarta.persistence.OptimisticLockException("x")));

    assertThat(details.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(details.reason()).isEqualTo(ErrorReason.ERROR_REASON_CONCURRENT_MODIFICATION);
  }

  @Test
  void uniqueConstraintViolationBecomesAlreadyExistsNotInternal() {
    ErrorDetails details =
        map(
            new RuntimeException(
                "insert failed",
                new java.sql.SQLIntegrityConstraintViolationException("duplicate key", "23505")));

    assertThat(details.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(details.reason()).isEqualTo(ErrorReason.ERROR_REASON_ALREADY_EXISTS);
  }

  @Test
  void aDataExceptionFromTheDatabaseIsInvalidArgumentNeverInternal() {
    ErrorDetails details =
        map(
            new RuntimeException(
                "insert failed",
                new java.sql.SQLDataException(
                    "value too long for type character varying(64)", "22001")));

    assertThat(details.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(details.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(details.badRequest().orElseThrow().getFieldViolationsCount()).isEqualTo(1);
  }

  @Test
  void aLockTimeoutIsAbortedAndAStatementTimeoutIsDeadlineExceeded() {
    ErrorDetails locked =
        map(
            new RuntimeException(
                new java.sql.SQLException("canceling statement due to lock timeout", "55P03")));
    ErrorDetails slow =
        map(
            new RuntimeException(
                new java.sql.SQLException(
                    "canceling statement due to statement timeout", "57014")));

    assertThat(locked.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(locked.reason()).isEqualTo(ErrorReason.ERROR_REASON_CONCURRENT_MODIFICATION);
    assertThat(slow.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(slow.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEADLINE_EXCEEDED);
  }

  @Test
  void aDroppedDatabaseConnectionIsUnavailableNamingTheDatabaseNeverInternal() {
    ErrorDetails dropped =
        map(
            new CompletionException(
                new RuntimeException(
                    "HR000: commit failed",
                    io.vertx.sqlclient.ClosedConnectionException.INSTANCE)));
    ErrorDetails refused =
        map(new RuntimeException(new java.sql.SQLException("connection refused", "08001")));
    ErrorDetails shuttingDown =
        map(
            new RuntimeException(
                new java.sql.SQLException(
                    "terminating connection due to administrator command", "57P01")));

    for (ErrorDetails details : List.of(dropped, refused, shuttingDown)) {
      assertThat(details.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(details.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE);
      assertThat(details.errorInfo().orElseThrow().getMetadataMap())
          .containsEntry("dependency", "database");
    }
  }

  @Test
  void wrappedApiExceptionIsUnwrappedFromCompletionException() {
    ErrorDetails details =
        map(new CompletionException(ApiException.notFound("policy", "live.prohibited-items")));

    assertThat(details.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(details.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("resource_id", "live.prohibited-items");
  }

  @Test
  void statusExceptionsAlreadyMappedPassThroughUnchanged() {
    StatusRuntimeException original =
        Status.UNAVAILABLE.withDescription("down").asRuntimeException();

    assertThat(mapper.toStatusRuntimeException(original)).isSameAs(original);
  }

  @Test
  void everyReasonHasACanonicalCodeAndOnlyInternalMapsToInternal() {
    Arrays.stream(ErrorReason.values())
        .filter(r -> r != ErrorReason.UNRECOGNIZED && r != ErrorReason.ERROR_REASON_UNSPECIFIED)
        .forEach(
            reason -> {
              Status.Code code = ErrorCatalog.codeOf(reason);
              assertThat(code).as(reason.name()).isNotEqualTo(Status.Code.UNKNOWN);
              if (reason != ErrorReason.ERROR_REASON_INTERNAL) {
                assertThat(code).as(reason.name()).isNotEqualTo(Status.Code.INTERNAL);
              }
              assertThat(ErrorCatalog.fromWireName(ErrorCatalog.wireName(reason)))
                  .isEqualTo(reason);
            });
  }

  @Test
  void wireNameDropsTheEnumPrefix() {
    assertThat(ErrorCatalog.wireName(ErrorReason.ERROR_REASON_UNKNOWN_MARKET))
        .isEqualTo("UNKNOWN_MARKET");
  }
}
