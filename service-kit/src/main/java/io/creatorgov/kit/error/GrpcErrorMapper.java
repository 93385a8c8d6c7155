package io.creatorgov.kit.error;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.client.PeerFailures;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Turns any throwable into a gRPC status with {@code google.rpc.Status} details, in the style of
 * Zeebe's gateway mapper: the code follows from the {@link ErrorReason}; every error carries an
 * {@code ErrorInfo{reason, domain, metadata}}; validation errors carry {@code BadRequest}, state
 * errors {@code PreconditionFailure}. Only the unexpected becomes INTERNAL, with a generic message,
 * logged at error level with an id that is also returned to the caller.
 */
public final class GrpcErrorMapper {
  private static final Logger LOG = Logger.getLogger(GrpcErrorMapper.class);

  /** The {@code dependency} metadata of a database that cannot be reached. */
  public static final String DATABASE = "database";

  private final String domain;

  /**
   * @param domain the {@code ErrorInfo.domain} of this service, for example {@code
   *     creator.creatorgov.io}
   */
  public GrpcErrorMapper(String domain) {
    this.domain = domain;
  }

  public String domain() {
    return domain;
  }

  /** Maps a throwable to the exception a gRPC server should close the call with. */
  public StatusRuntimeException toStatusRuntimeException(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (t instanceof StatusException se) {
      return new StatusRuntimeException(se.getStatus(), se.getTrailers());
    }
    ApiException api = toApiException(t);
    return StatusProto.toStatusRuntimeException(toRpcStatus(api));
  }

  /** The {@code google.rpc.Status} for an {@link ApiException}. */
  public com.google.rpc.Status toRpcStatus(ApiException e) {
    Status.Code code = ErrorCatalog.codeOf(e.reason());
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(e.getMessage());
    status.addDetails(
        Any.pack(
            ErrorInfo.newBuilder()
                .setReason(ErrorCatalog.wireName(e.reason()))
                .setDomain(domain)
                .putAllMetadata(e.metadata())
                .build()));
    if (!e.fieldViolations().isEmpty()) {
      BadRequest.Builder bad = BadRequest.newBuilder();
      for (FieldViolation v : e.fieldViolations()) {
        bad.addFieldViolations(
            BadRequest.FieldViolation.newBuilder()
                .setField(v.field())
                .setDescription(v.description()));
      }
      status.addDetails(Any.pack(bad.build()));
    }
    if (!e.preconditionViolations().isEmpty()) {
      PreconditionFailure.Builder pf = PreconditionFailure.newBuilder();
      for (PreconditionViolation v : e.preconditionViolations()) {
        pf.addViolations(
            PreconditionFailure.Violation.newBuilder()
                .setType(v.type())
                .setSubject(v.subject())
                .setDescription(v.description()));
      }
      status.addDetails(Any.pack(pf.build()));
    }
    return status.build();
  }

  /**
   * Classifies a throwable: our own {@link ApiException}s pass as they are; fault-tolerance and
   * optimistic-locking failures get their documented reasons; anything else is INTERNAL.
   */
  public ApiException toApiException(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ApiException api) {
      if (api.reason() == ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE) {
        LOG.warnf("dependency unavailable: %s", api.getMessage());
      } else {
        LOG.debugf("request refused: %s %s", api.reason(), api.getMessage());
      }
      return api;
    }
    if (t instanceof PeerFailures.TransientFailure peerFailure) {
      // A peer still failing after the call's retries, which the command did not turn into an
      // answer of its own: the caller may retry later, as for any unavailable dependency.
      LOG.warnf("dependency unavailable: %s", t.getMessage());
      return PeerFailures.unavailable(peerFailure.peer(), Map.of());
    }
    String type = t.getClass().getName();
    switch (type) {
      case "org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException":
        LOG.warnf("deadline exceeded: %s", t.getMessage());
        return ApiException.of(
            ErrorReason.ERROR_REASON_DEADLINE_EXCEEDED,
            "a dependency did not answer in time",
            Map.of());
      case "org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException":
        LOG.warnf("circuit open: %s", t.getMessage());
        return ApiException.of(
            ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
            "a dependency is unavailable (circuit open); retry later",
            Map.of());
      case "org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException":
        LOG.warnf("bulkhead full: %s", t.getMessage());
        return ApiException.of(
            ErrorReason.ERROR_REASON_OVERLOADED,
            "too many concurrent calls; retry later",
            Map.of());
      default:
        break;
    }
    if (isOptimisticLockFailure(t)) {
      LOG.debugf("optimistic lock failure: %s", t.getMessage());
      return ApiException.of(
          ErrorReason.ERROR_REASON_CONCURRENT_MODIFICATION,
          "the resource was changed concurrently; re-read and retry",
          Map.of());
    }
    String sqlState = sqlState(t);
    if (isDatabaseUnreachable(t, sqlState)) {
      // the connection dropped (or could not be made) before the database answered: the
      // transaction rolled back, or committed with its answer lost — a retry with the same
      // request id finds out which, never INTERNAL
      LOG.warnf("database unreachable: %s", t.getMessage());
      return ApiException.of(
          ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE,
          "the database is unreachable; retry with the same request id",
          Map.of("dependency", DATABASE));
    }
    if ("23505".equals(sqlState)) {
      LOG.debugf("unique constraint violated: %s", t.getMessage());
      return ApiException.of(
          ErrorReason.ERROR_REASON_ALREADY_EXISTS,
          "a resource with the same unique key already exists",
          Map.of());
    }
    if ("55P03".equals(sqlState)) {
      // lock_timeout: another writer holds the row; fail fast instead of queueing behind it
      LOG.infof("lock not available within lock_timeout: %s", t.getMessage());
      return ApiException.of(
          ErrorReason.ERROR_REASON_CONCURRENT_MODIFICATION,
          "the resource is locked by a concurrent change; retry with the same request id",
          Map.of());
    }
    if ("57014".equals(sqlState)) {
      // statement_timeout (or a cancelled query): the database did not answer in time
      LOG.warnf("statement cancelled by timeout: %s", t.getMessage());
      return ApiException.of(
          ErrorReason.ERROR_REASON_DEADLINE_EXCEEDED,
          "the database did not answer in time; retry with the same request id",
          Map.of());
    }
    if (sqlState != null && sqlState.startsWith("22")) {
      // SQLSTATE class 22 (data exception: value too long, out of range, bad encoding…) is bad
      // input that slipped past validation: a backstop so it is never INTERNAL.
      LOG.warnf("data exception %s reached the database: %s", sqlState, t.getMessage());
      return ApiException.invalid(
          "request", "a value is not acceptable to the database (SQLSTATE " + sqlState + ")");
    }
    String errorId = UUID.randomUUID().toString();
    LOG.errorf(t, "unexpected failure, error id %s", errorId);
    return ApiException.of(
        ErrorReason.ERROR_REASON_INTERNAL,
        "internal error (error id " + errorId + ")",
        Map.of("error_id", errorId));
  }

  /**
   * A database connection lost mid-call (Vert.x {@code ClosedConnectionException}), or a SQLSTATE
   * of class 08 (connection exception) or 57P01–57P03 (the server shutting down or not yet
   * accepting connections).
   */
  private static boolean isDatabaseUnreachable(Throwable t, String sqlState) {
    if (sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.equals("57P01")
            || sqlState.equals("57P02")
            || sqlState.equals("57P03"))) {
      return true;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getClass().getName().equals("io.vertx.sqlclient.ClosedConnectionException")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOptimisticLockFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String n = c.getClass().getName();
      if (n.equals("jakarta.persistence.OptimisticLockException")
          || n.equals("org.hibernate.StaleObjectStateException")
          || n.equals("org.hibernate.StaleStateException")) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** The SQLSTATE of the first cause that has one (JDBC or the reactive PostgreSQL client). */
  /** The SQLSTATE of a database failure anywhere in {@code t}'s causes, or null. */
  public static String sqlState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
      for (String accessor : new String[] {"getSqlState", "getSQLState"}) {
        try {
          Object state = c.getClass().getMethod(accessor).invoke(c);
          if (state instanceof String s) {
            return s;
          }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
          // not this kind of exception
        }
      }
    }
    return null;
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
