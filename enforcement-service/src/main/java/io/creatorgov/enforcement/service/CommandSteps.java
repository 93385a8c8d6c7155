package io.creatorgov.enforcement.service;

import io.creatorgov.kit.auth.CallerIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;

/** The steps every enforcement use case is made of: its transaction, its clock, its ids. */
final class CommandSteps {
  private CommandSteps() {}

  /**
   * Runs {@code command} in a new transaction, once per request id of this caller for this RPC
   * (scope {@code <rpc>:<caller subject>}); its result becomes the API's reply, stored with the
   * command's effects and returned as stored to a replay.
   */
  static <A, R> Uni<R> once(
      String rpc,
      CallerIdentity caller,
      String requestId,
      Reply<A, R> reply,
      Supplier<Uni<A>> command) {
    return reply.once(rpc, caller.subject(), requestId, command);
  }

  /**
   * Remote reads complete on gRPC client or fault-tolerance threads; Panache work must continue on
   * the caller's Vert.x context.
   */
  static <T> Uni<T> onCallerContext(Uni<T> remote) {
    Context context = Vertx.currentContext();
    return context == null ? remote : remote.emitOn(r -> context.runOnContext(ignored -> r.run()));
  }

  /** ABORTED ETAG_MISMATCH when the caller gave an etag and it is not the current one. */
  static void requireEtag(String given, String current) {
    if (given != null && !given.isEmpty() && !given.equals(current)) {
      throw io.creatorgov.kit.error.ApiException.etagMismatch(current);
    }
  }

  /** Now on {@code clock} (enforcement time), in UTC at the database's precision. */
  static OffsetDateTime now(Clock clock) {
    return clock.instant().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Ids that sort by creation time, so paging by id is chronological. On the system clock, not
   * enforcement time: ids must keep sorting in the order rows were written even when tests move
   * enforcement time.
   */
  static String sortableId(String prefix) {
    return prefix
        + String.format("%013d", System.currentTimeMillis())
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
