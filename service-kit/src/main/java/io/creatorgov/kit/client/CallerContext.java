package io.creatorgov.kit.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Remote reads complete on gRPC client or fault-tolerance threads, but Panache work that follows
 * must run on the caller's Vert.x context: this brings a remote answer back there.
 */
public final class CallerContext {
  private CallerContext() {}

  /** {@code remote}, emitting on the Vert.x context current at this call (if any). */
  public static <T> Uni<T> resumeOn(Uni<T> remote) {
    Context context = Vertx.currentContext();
    return context == null ? remote : remote.emitOn(r -> context.runOnContext(ignored -> r.run()));
  }
}
