package io.creatorgov.kit.idempotency;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Request-id idempotency for commands, stored durably in the service's own database (table {@code
 * kit_idempotency_record}, migration {@code db/kit}).
 *
 * <p>Run a command through {@link #execute} <em>inside the command's own transaction</em>. The
 * first call claims {@code (scope, request_id)} with an {@code INSERT ... ON CONFLICT DO NOTHING},
 * runs the command and stores its response in the same transaction, so the effect and the record
 * commit or roll back together. A replay finds the record and returns the stored response without
 * running the command again. A concurrent replay blocks on the uncommitted claim until the first
 * transaction ends: if it committed, the replay returns its response; if it rolled back, the replay
 * claims the id and runs the command itself. Nothing runs twice and no caller sees a half state.
 *
 * <p>A failed command leaves no record (its transaction rolls back), so retrying a failed command
 * with the same id runs it again. The same id with a different request body is refused with
 * INVALID_ARGUMENT REQUEST_ID_REUSED.
 */
public final class IdempotentCommands {

  /** Allowed request ids: 1–128 characters of letters, digits and {@code . _ : -}. */
  public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final String CLAIM =
      "INSERT INTO kit_idempotency_record (scope, request_id, request_fingerprint, response_type)"
          + " VALUES (:scope, :requestId, :fingerprint, :responseType)"
          + " ON CONFLICT (scope, request_id) DO NOTHING";
  private static final String COMPLETE =
      "UPDATE kit_idempotency_record SET response = :response, response_type = :responseType,"
          + " completed_at = now()"
          + " WHERE scope = :scope AND request_id = :requestId";
  private static final String FIND =
      "SELECT request_fingerprint, response_type, response FROM kit_idempotency_record"
          + " WHERE scope = :scope AND request_id = :requestId";
  private static final String PURGE =
      "DELETE FROM kit_idempotency_record WHERE created_at < :before";

  private IdempotentCommands() {}

  /**
   * Runs {@code command} once per {@code (scope, requestId)}.
   *
   * @param session the session whose transaction the command runs in (must be in a transaction)
   * @param scope namespace of the id, typically {@code <rpc>:<caller subject>} so two callers' ids
   *     never collide
   * @param requestId the caller's request id (validated; field {@code request_id})
   * @param request the request message, fingerprinted to detect a reused id
   * @param parser parses a stored response on replay
   * @param command the command; its effects must use {@code session}
   */
  public static <T extends Message> Uni<T> execute(
      Mutiny.Session session,
      String scope,
      String requestId,
      Message request,
      Parser<T> parser,
      Supplier<Uni<T>> command) {
    validateRequestId(requestId);
    String fingerprint = RequestFingerprint.of(request);
    return session
        .createNativeQuery(CLAIM)
        .setParameter("scope", scope)
        .setParameter("requestId", requestId)
        .setParameter("fingerprint", fingerprint)
        .setParameter("responseType", "pending")
        .executeUpdate()
        .onFailure(IdempotentCommands::isLockTimeout)
        .transform(lockTimeout -> inProgress(requestId))
        .flatMap(
            claimed -> {
              if (claimed == 1) {
                return command
                    .get()
                    .flatMap(response -> store(session, scope, requestId, response));
              }
              return replay(session, scope, requestId, fingerprint, parser);
            });
  }

  /**
   * Runs {@code command} in a new Panache transaction, once per request id of this caller for this
   * RPC (scope {@code <rpc>:<caller subject>}). The usual entry point of a service command.
   */
  public static <T extends Message> Uni<T> inTransaction(
      String rpc,
      String callerSubject,
      String requestId,
      Message request,
      Parser<T> parser,
      Supplier<Uni<T>> command) {
    validateRequestId(requestId);
    return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
        () ->
            io.quarkus.hibernate.reactive.panache.Panache.getSession()
                .flatMap(
                    session ->
                        execute(
                            session,
                            rpc + ":" + callerSubject,
                            requestId,
                            request,
                            parser,
                            command)));
  }

  /**
   * The reply already stored for this request id of this caller for this RPC, read in its own short
   * session (no transaction, no lock): empty when the id is new or its first delivery is still
   * running; INVALID_ARGUMENT REQUEST_ID_REUSED when the id was used for another request. A command
   * checks it before the remote reads it needs, so a replay is answered while a dependency is down.
   */
  public static <T extends Message> Uni<Optional<T>> storedReply(
      String rpc, String callerSubject, String requestId, Message request, Parser<T> parser) {
    validateRequestId(requestId);
    String fingerprint = RequestFingerprint.of(request);
    return io.quarkus.hibernate.reactive.panache.Panache.withSession(
        () ->
            io.quarkus.hibernate.reactive.panache.Panache.getSession()
                .flatMap(
                    session ->
                        session
                            .<Object[]>createNativeQuery(FIND)
                            .setParameter("scope", rpc + ":" + callerSubject)
                            .setParameter("requestId", requestId)
                            .getResultList())
                .map(rows -> completed(rows, requestId, fingerprint, parser)));
  }

  private static <T extends Message> Optional<T> completed(
      List<Object[]> rows, String requestId, String fingerprint, Parser<T> parser) {
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = asRow(rows);
    if (!fingerprint.equals(row[0])) {
      throw reused(requestId);
    }
    return row[2] == null ? Optional.empty() : Optional.of(parse(row, requestId, parser));
  }

  /** Throws INVALID_ARGUMENT (field {@code request_id}) unless the id is well formed. */
  public static void validateRequestId(String requestId) {
    if (requestId == null || requestId.isEmpty()) {
      throw ApiException.invalid("request_id", "required: a unique id for this command (UUID)");
    }
    if (!REQUEST_ID.matcher(requestId).matches()) {
      throw ApiException.invalid(
          "request_id", "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
    }
  }

  /** Deletes records older than {@code retention}; returns how many. Run from a scheduled job. */
  public static Uni<Integer> purgeOlderThan(Mutiny.Session session, Duration retention) {
    return session
        .createNativeQuery(PURGE)
        .setParameter("before", OffsetDateTime.now(ZoneOffset.UTC).minus(retention))
        .executeUpdate();
  }

  private static <T extends Message> Uni<T> store(
      Mutiny.Session session, String scope, String requestId, T response) {
    // Make sure the command's own writes are flushed before the record says "done".
    return session
        .flush()
        .flatMap(
            ignored ->
                session
                    .createNativeQuery(COMPLETE)
                    .setParameter(
                        "response", Base64.getEncoder().encodeToString(response.toByteArray()))
                    .setParameter("responseType", response.getDescriptorForType().getFullName())
                    .setParameter("scope", scope)
                    .setParameter("requestId", requestId)
                    .executeUpdate())
        .replaceWith(response);
  }

  private static <T extends Message> Uni<T> replay(
      Mutiny.Session session,
      String scope,
      String requestId,
      String fingerprint,
      Parser<T> parser) {
    return session
        .<Object[]>createNativeQuery(FIND)
        .setParameter("scope", scope)
        .setParameter("requestId", requestId)
        .getResultList()
        .map(
            rows -> {
              if (rows.isEmpty()) {
                // The claim's owner rolled back between our insert and this read: ask for a retry.
                throw inProgress(requestId);
              }
              Object[] row = asRow(rows);
              if (!fingerprint.equals(row[0])) {
                throw reused(requestId);
              }
              if (row[2] == null) {
                throw inProgress(requestId);
              }
              return parse(row, requestId, parser);
            });
  }

  private static ApiException reused(String requestId) {
    return new ApiException(
        ErrorReason.ERROR_REASON_REQUEST_ID_REUSED,
        "request_id " + requestId + " was already used for a different request; use a new id",
        Map.of("request_id", requestId),
        List.of(
            new FieldViolation(
                "request_id", "already used for a different request by this caller; use a new id")),
        List.of(),
        null);
  }

  private static <T extends Message> T parse(Object[] row, String requestId, Parser<T> parser) {
    try {
      return parser.parseFrom(Base64.getDecoder().decode((String) row[2]));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored response for " + requestId + " is corrupt", e);
    }
  }

  /**
   * The claim waited {@code lock_timeout} on another transaction's uncommitted claim of the same
   * id: the first delivery is still running.
   */
  private static boolean isLockTimeout(Throwable t) {
    return "55P03".equals(io.creatorgov.kit.error.GrpcErrorMapper.sqlState(t));
  }

  private static Object[] asRow(List<Object[]> rows) {
    return rows.get(0);
  }

  private static ApiException inProgress(String requestId) {
    return ApiException.of(
        ErrorReason.ERROR_REASON_REQUEST_IN_PROGRESS,
        "request " + requestId + " is still being processed; retry shortly",
        Map.of("request_id", requestId));
  }
}
