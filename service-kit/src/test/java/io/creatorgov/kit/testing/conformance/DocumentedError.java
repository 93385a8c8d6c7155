package io.creatorgov.kit.testing.conformance;

import io.creatorgov.common.v1.ErrorReason;
import io.grpc.Status;
import java.util.Map;

/**
 * One (code, reason) an RPC's comment promises under {@code Errors:}, with what the comment says
 * must travel with it.
 *
 * @param service the service's full name, e.g. {@code creatorgov.creator.v1.CreatorService}
 * @param rpc the method name, e.g. {@code RegisterCreator}
 * @param code the canonical gRPC code
 * @param reason the {@code ErrorInfo.reason}
 * @param metadata the {@code ErrorInfo.metadata} keys the comment names (value when the comment
 *     fixes one, as in {@code `dependency` = `policy-service`}; empty string otherwise)
 * @param preconditionFailure whether the comment promises a {@code PreconditionFailure} detail
 * @param preconditionType the {@code PreconditionFailure} violation type the comment names, or
 *     empty
 * @param text the comment's words for this reason (after the reason's colon, if any)
 */
public record DocumentedError(
    String service,
    String rpc,
    Status.Code code,
    ErrorReason reason,
    Map<String, String> metadata,
    boolean preconditionFailure,
    String preconditionType,
    String text) {

  /** {@code RegisterCreator INVALID_ARGUMENT/UNKNOWN_MARKET}: how tests and catalogues name it. */
  public String key() {
    return rpc + " " + code + "/" + wireReason();
  }

  /** The reason as it travels in {@code ErrorInfo.reason}. */
  public String wireReason() {
    return reason.name().substring("ERROR_REASON_".length());
  }

  @Override
  public String toString() {
    return key();
  }
}
