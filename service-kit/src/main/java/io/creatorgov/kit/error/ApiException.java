package io.creatorgov.kit.error;

import io.creatorgov.common.v1.ErrorReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A failure a client can act on. Thrown by any layer (domain, service, grpc); {@link
 * GrpcErrorMapper} turns it into a canonical gRPC status whose code follows from the {@link
 * ErrorReason} (see {@link ErrorCatalog}), with {@code google.rpc} details.
 *
 * <p>This class deliberately has no gRPC types in its API so domain and service code can throw it.
 */
public class ApiException extends RuntimeException {

  private final ErrorReason reason;
  private final Map<String, String> metadata;
  private final List<FieldViolation> fieldViolations;
  private final List<PreconditionViolation> preconditionViolations;

  public ApiException(ErrorReason reason, String message) {
    this(reason, message, Map.of(), List.of(), List.of(), null);
  }

  public ApiException(
      ErrorReason reason,
      String message,
      Map<String, String> metadata,
      List<FieldViolation> fieldViolations,
      List<PreconditionViolation> preconditionViolations,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    if (reason == null || reason == ErrorReason.ERROR_REASON_UNSPECIFIED) {
      throw new IllegalArgumentException("an ApiException needs a specific reason");
    }
    this.reason = reason;
    this.metadata = Map.copyOf(new LinkedHashMap<>(metadata));
    this.fieldViolations = List.copyOf(fieldViolations);
    this.preconditionViolations = List.copyOf(preconditionViolations);
  }

  public ErrorReason reason() {
    return reason;
  }

  /** Values the client may act on, for {@code ErrorInfo.metadata}. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public List<FieldViolation> fieldViolations() {
    return fieldViolations;
  }

  public List<PreconditionViolation> preconditionViolations() {
    return preconditionViolations;
  }

  // ---- factories for the common cases -------------------------------------------------------

  /** INVALID_ARGUMENT with every offending field. */
  public static ApiException invalid(List<FieldViolation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("invalid() needs at least one field violation");
    }
    String message =
        violations.size() == 1
            ? violations.get(0).field() + ": " + violations.get(0).description()
            : violations.size()
                + " invalid fields, first "
                + violations.get(0).field()
                + ": "
                + violations.get(0).description();
    return new ApiException(reasonOf(violations), message, Map.of(), violations, List.of(), null);
  }

  /**
   * The reason of an INVALID_ARGUMENT, as the contracts state it: the violations' precise reason
   * (UNKNOWN_MARKET, CURRENCY_MISMATCH…) when every violation is of that one kind, INVALID_ARGUMENT
   * otherwise; every violation is in the BadRequest either way.
   */
  private static ErrorReason reasonOf(List<FieldViolation> violations) {
    ErrorReason first = violations.get(0).reason();
    boolean oneKind = violations.stream().allMatch(v -> v.reason() == first);
    return oneKind ? first : ErrorReason.ERROR_REASON_INVALID_ARGUMENT;
  }

  /** INVALID_ARGUMENT for a single field. */
  public static ApiException invalid(String field, String description) {
    return invalid(List.of(new FieldViolation(field, description)));
  }

  /** NOT_FOUND for a resource of the given type and id. */
  public static ApiException notFound(String resourceType, String resourceId) {
    return new ApiException(
        ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND,
        resourceType + " '" + resourceId + "' not found",
        Map.of("resource_type", resourceType, "resource_id", resourceId),
        List.of(),
        List.of(),
        null);
  }

  /** ALREADY_EXISTS for a unique key that is taken. */
  public static ApiException alreadyExists(String resourceType, String key) {
    return new ApiException(
        ErrorReason.ERROR_REASON_ALREADY_EXISTS,
        resourceType + " '" + key + "' already exists",
        Map.of("resource_type", resourceType, "key", key),
        List.of(),
        List.of(),
        null);
  }

  /**
   * ABORTED ETAG_MISMATCH (with the current etag) when the caller gave an etag and it is not {@code
   * current}; no etag given means "whatever the current version is".
   */
  public static void requireEtag(String given, String current) {
    if (given != null && !given.isEmpty() && !given.equals(current)) {
      throw etagMismatch(current);
    }
  }

  /** ABORTED: the caller's etag is stale. */
  public static ApiException etagMismatch(String currentEtag) {
    return new ApiException(
        ErrorReason.ERROR_REASON_ETAG_MISMATCH,
        "etag does not match the current version; re-read and retry",
        Map.of("current_etag", currentEtag),
        List.of(),
        List.of(),
        null);
  }

  /** FAILED_PRECONDITION: a state machine refuses a transition. */
  public static ApiException illegalTransition(String currentState, String requestedState) {
    return new ApiException(
        ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION,
        "cannot move from " + currentState + " to " + requestedState,
        Map.of("current_state", currentState, "requested_state", requestedState),
        List.of(),
        List.of(
            new PreconditionViolation(
                "STATE", currentState, "transition to " + requestedState + " is not allowed")),
        null);
  }

  /**
   * FAILED_PRECONDITION PRECONDITION_FAILED: the resource's state does not allow {@code what} (not
   * a state machine move, so not INVALID_STATE_TRANSITION); metadata {@code current_state}.
   */
  public static ApiException notAllowedInState(String currentState, String what) {
    return new ApiException(
        ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
        what + " is not allowed while the resource is " + currentState,
        Map.of("current_state", currentState),
        List.of(),
        List.of(new PreconditionViolation("STATE", currentState, what + " is not allowed")),
        null);
  }

  /** FAILED_PRECONDITION with the given reason and every unmet condition. */
  public static ApiException precondition(
      ErrorReason reason, String message, List<PreconditionViolation> violations) {
    return new ApiException(reason, message, Map.of(), List.of(), violations, null);
  }

  /** PERMISSION_DENIED / UNAUTHENTICATED and other reason-only errors with metadata. */
  public static ApiException of(ErrorReason reason, String message, Map<String, String> metadata) {
    return new ApiException(reason, message, metadata, List.of(), List.of(), null);
  }
}
