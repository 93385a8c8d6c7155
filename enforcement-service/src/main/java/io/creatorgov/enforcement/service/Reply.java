package io.creatorgov.enforcement.service;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.function.Function;

/**
 * What request-id idempotency needs from the API layer: the request as received (fingerprinted, so
 * a request id reused with another body is refused), and how the command's result becomes the reply
 * that is stored in the command's own transaction and returned, as stored, to every replay. The use
 * cases return their results; only the API layer builds its messages.
 *
 * @param <A> the use case's result
 * @param <R> the API's reply message
 */
public record Reply<A, R extends Message>(
    Message request, Parser<R> parser, Function<? super A, R> encoder) {

  public static <A, R extends Message> Reply<A, R> of(
      Message request, Parser<R> parser, Function<? super A, R> encoder) {
    return new Reply<>(request, parser, encoder);
  }
}
