package io.creatorgov.policy.service;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.idempotency.IdempotentCommands;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The transport's half of a command's idempotency, supplied by the API layer: the RPC and request
 * id that name the command, the request as received (fingerprinted, so a reused id with another
 * body is refused), and how the command's result becomes the answer that is stored with the
 * command's effects and replayed for a repeated id. The use cases never name the API's messages.
 *
 * @param <R> what the use case returns
 * @param <A> the stored and returned answer
 */
public record IdempotentCall<R, A extends Message>(
    String rpc, String requestId, Message request, Parser<A> parser, Function<R, A> answer) {

  /**
   * Runs {@code command} in a new transaction, once per request id of this caller for this RPC; a
   * replay returns the stored answer without running it.
   */
  Uni<A> inTransaction(CallerIdentity caller, Supplier<Uni<R>> command) {
    return IdempotentCommands.inTransaction(
        rpc, caller.subject(), requestId, request, parser, () -> command.get().map(answer));
  }
}
