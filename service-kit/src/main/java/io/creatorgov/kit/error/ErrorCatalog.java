package io.creatorgov.kit.error;

import io.creatorgov.common.v1.ErrorReason;
import io.grpc.Status;

/**
 * The one place that fixes which canonical gRPC code each {@link ErrorReason} travels with, as
 * documented in {@code creatorgov/common/v1/errors.proto}.
 */
public final class ErrorCatalog {
  private static final String PREFIX = "ERROR_REASON_";

  private ErrorCatalog() {}

  /** The canonical code for a reason. Unknown or unspecified reasons are INTERNAL. */
  public static Status.Code codeOf(ErrorReason reason) {
    return switch (reason) {
      case ERROR_REASON_INVALID_ARGUMENT,
          ERROR_REASON_UNKNOWN_MARKET,
          ERROR_REASON_MARKET_DISABLED,
          ERROR_REASON_CURRENCY_MISMATCH,
          ERROR_REASON_INVALID_PAGE_TOKEN,
          ERROR_REASON_REQUEST_ID_REUSED,
          ERROR_REASON_INVALID_UPDATE_MASK,
          ERROR_REASON_INVALID_RESUME_TOKEN,
          ERROR_REASON_COMMISSION_CAP_EXCEEDED ->
          Status.Code.INVALID_ARGUMENT;
      case ERROR_REASON_TOKEN_MISSING, ERROR_REASON_TOKEN_INVALID, ERROR_REASON_TOKEN_EXPIRED ->
          Status.Code.UNAUTHENTICATED;
      case ERROR_REASON_ROLE_REQUIRED,
          ERROR_REASON_MARKET_OUT_OF_SCOPE,
          ERROR_REASON_NOT_RESOURCE_OWNER,
          ERROR_REASON_SELF_APPROVAL_FORBIDDEN ->
          Status.Code.PERMISSION_DENIED;
      case ERROR_REASON_RESOURCE_NOT_FOUND, ERROR_REASON_POLICY_NOT_EFFECTIVE ->
          Status.Code.NOT_FOUND;
      case ERROR_REASON_ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
      case ERROR_REASON_ETAG_MISMATCH,
          ERROR_REASON_CONCURRENT_MODIFICATION,
          ERROR_REASON_REQUEST_IN_PROGRESS ->
          Status.Code.ABORTED;
      case ERROR_REASON_INVALID_STATE_TRANSITION,
          ERROR_REASON_ONBOARDING_INCOMPLETE,
          ERROR_REASON_COMMISSION_FROZEN,
          ERROR_REASON_POLICY_VERSION_IMMUTABLE,
          ERROR_REASON_POLICY_VERSION_NOT_APPROVED,
          ERROR_REASON_APPEAL_WINDOW_CLOSED,
          ERROR_REASON_APPEAL_ALREADY_FILED,
          ERROR_REASON_BUDGET_EXHAUSTED,
          ERROR_REASON_NOT_ELIGIBLE,
          ERROR_REASON_PROGRAM_NOT_ACTIVE,
          ERROR_REASON_PRECONDITION_FAILED ->
          Status.Code.FAILED_PRECONDITION;
      case ERROR_REASON_RESUME_TOKEN_EXPIRED -> Status.Code.OUT_OF_RANGE;
      case ERROR_REASON_DEPENDENCY_UNAVAILABLE, ERROR_REASON_OVERLOADED -> Status.Code.UNAVAILABLE;
      case ERROR_REASON_DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      case ERROR_REASON_INTERNAL, ERROR_REASON_UNSPECIFIED, UNRECOGNIZED -> Status.Code.INTERNAL;
    };
  }

  /**
   * The {@code ErrorInfo.reason} string: the enum name without its {@code ERROR_REASON_} prefix.
   */
  public static String wireName(ErrorReason reason) {
    String name = reason.name();
    return name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
  }

  /** The reason for an {@code ErrorInfo.reason} string, or UNSPECIFIED if unknown. */
  public static ErrorReason fromWireName(String wireName) {
    try {
      return ErrorReason.valueOf(PREFIX + wireName);
    } catch (IllegalArgumentException e) {
      return ErrorReason.ERROR_REASON_UNSPECIFIED;
    }
  }
}
