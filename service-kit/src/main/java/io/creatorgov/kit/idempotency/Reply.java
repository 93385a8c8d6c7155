package io.creatorgov.kit.idempotency;

import io.creatorgov.kit.auth.CallerIdentity;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What request-id idempotency needs from the API layer, which implements it with its messages
 * ({@link StoredReply}): the request as received is fingerprinted (so a request id reused with
 * another body is refused), and the command's result becomes the reply, stored in the command's own
 * transaction and returned, as stored, to every replay. Use cases return their results; only the
 * API layer builds messages, so a use case sees this interface and no generated type.
 *
 * @param <A> the use case's result
 * @param <R> the API's reply
 */
public interface Reply<A, R> {

  /**
   * Runs {@code command} in a new transaction, once per request id of this caller for this RPC
   * (scope {@code <rpc>:<callerSubject>}), and returns the reply stored for it.
   */
  Uni<R> once(String rpc, String callerSubject, String requestId, Supplier<Uni<A>> command);

  /**
   * The reply already stored for this request id (see {@link IdempotentCommands#storedReply});
   * empty when there is none yet.
   */
  Uni<Optional<R>> stored(String rpc, String callerSubject, String requestId);

  /**
   * Runs {@code command} in a new transaction, once per request id of {@code caller} for {@code
   * rpc}; its result becomes the API's reply, stored with the command's effects and returned as
   * stored to a replay.
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
   * As {@link #once}, for a command that needs remote reads first (made with no transaction open):
   * a replay of a request id already answered gets its stored reply before {@code prepare} runs, so
   * it is answered even while the dependencies those reads need are down. Only a first delivery (or
   * one whose first delivery is still running, which {@code once} then sorts out) prepares.
   */
  static <P, A, R> Uni<R> onceAfter(
      String rpc,
      CallerIdentity caller,
      String requestId,
      Reply<A, R> reply,
      Supplier<Uni<P>> prepare,
      Function<P, Uni<A>> command) {
    return reply
        .stored(rpc, caller.subject(), requestId)
        .chain(
            stored ->
                stored.isPresent()
                    ? Uni.createFrom().item(stored.get())
                    : prepare
                        .get()
                        .chain(
                            prepared ->
                                reply.once(
                                    rpc,
                                    caller.subject(),
                                    requestId,
                                    () -> command.apply(prepared))));
  }
}
