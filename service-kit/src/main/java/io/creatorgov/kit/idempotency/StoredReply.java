package io.creatorgov.kit.idempotency;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A command's reply kept for replays of its request id ({@link IdempotentCommands}): the request as
 * received is fingerprinted, the use case's result is encoded into the response message inside the
 * command's transaction and stored with its effects.
 *
 * @param <A> the use case's result
 * @param <R> the response message
 */
public record StoredReply<A, R extends Message>(
    Message request, Parser<R> parser, Function<? super A, R> encoder) implements Reply<A, R> {

  public static <A, R extends Message> StoredReply<A, R> of(
      Message request, Parser<R> parser, Function<? super A, R> encoder) {
    return new StoredReply<>(request, parser, encoder);
  }

  @Override
  public Uni<Optional<R>> stored(String rpc, String callerSubject, String requestId) {
    return IdempotentCommands.storedReply(rpc, callerSubject, requestId, request, parser);
  }

  @Override
  public Uni<R> once(String rpc, String callerSubject, String requestId, Supplier<Uni<A>> command) {
    return IdempotentCommands.inTransaction(
        rpc, callerSubject, requestId, request, parser, () -> command.get().map(encoder));
  }
}
