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

  /**
   * Runs {@code work} on a fresh duplicated Vert.x context of its own (marked safe), whatever the
   * current one: Hibernate Reactive keeps its session in the context, so a detached unit of work —
   * one that may be cancelled or time out while the request goes on — must not share the request's
   * context, or its session's cleanup can remove the session the request opened meanwhile.
   */
  public static <T> Uni<T> onFreshContext(Vertx vertx, java.util.function.Supplier<Uni<T>> work) {
    return Uni.createFrom()
        .emitter(
            em -> {
              Context fresh =
                  io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(
                      vertx.getOrCreateContext());
              io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(
                  fresh, true);
              fresh.runOnContext(
                  ignored -> {
                    try {
                      work.get().subscribe().with(em::complete, em::fail);
                    } catch (RuntimeException e) {
                      em.fail(e);
                    }
                  });
            });
  }

  /** {@code remote}, emitting on the Vert.x context current at this call (if any). */
  public static <T> Uni<T> resumeOn(Uni<T> remote) {
    Context context = Vertx.currentContext();
    return context == null ? remote : remote.emitOn(r -> context.runOnContext(ignored -> r.run()));
  }
}
