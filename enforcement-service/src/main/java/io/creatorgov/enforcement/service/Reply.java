package io.creatorgov.enforcement.service;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * What request-id idempotency needs from the API layer, which implements it with its messages
 * (grpc/StoredReply): the request as received is fingerprinted (so a request id reused with another
 * body is refused), and the command's result becomes the reply, stored in the command's own
 * transaction and returned, as stored, to every replay. The use cases return their results; only
 * the API layer builds its messages.
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
}
