package io.creatorgov.kit.auth;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.grpc.Context;
import java.util.Map;
import java.util.Optional;

/** Access to the verified caller of the current gRPC call. */
public final class Callers {
  static final Context.Key<CallerIdentity> CALLER = Context.key("creatorgov-caller");

  private Callers() {}

  /**
   * The caller of the RPC being served. Call it at the start of a gRPC method (on the calling
   * thread) and pass the identity down explicitly; it is not available on other threads.
   *
   * @throws ApiException UNAUTHENTICATED TOKEN_MISSING outside an authenticated call
   */
  public static CallerIdentity current() {
    return find()
        .orElseThrow(
            () ->
                ApiException.of(
                    ErrorReason.ERROR_REASON_TOKEN_MISSING, "no authenticated caller", Map.of()));
  }

  public static Optional<CallerIdentity> find() {
    return Optional.ofNullable(CALLER.get());
  }

  /** Runs {@code body} with {@code caller} as the current caller (tests, jobs). */
  public static <T> T callAs(CallerIdentity caller, java.util.concurrent.Callable<T> body)
      throws Exception {
    return Context.current().withValue(CALLER, caller).call(body);
  }
}
