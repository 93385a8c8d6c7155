package io.creatorgov.kit.testing.peers;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** What every fake peer can be made to do: be down, be slow, answer as the real one refuses. */
public final class PeerConditions {
  private PeerConditions() {}

  /**
   * Asks {@code openTransactions} (when set) how many database transactions of the service under
   * test are open — twice, 50 ms apart, while the caller waits for this answer — and counts the
   * call in {@code found} when both samples saw one: a command that calls out with a transaction or
   * row lock open shows up here.
   */
  public static void probe(IntSupplier openTransactions, AtomicInteger found) {
    if (openTransactions != null
        && openTransactions.getAsInt() > 0
        && sleep(50)
        && openTransactions.getAsInt() > 0) {
      found.incrementAndGet();
    }
  }

  /** Sleeps; false when interrupted (the call was cancelled). */
  public static boolean sleep(long millis) {
    if (millis <= 0) {
      return true;
    }
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Answers UNAVAILABLE "{@code peer} down" when {@code down}; says whether it did. */
  public static boolean refuseWhile(boolean down, String peer, StreamObserver<?> observer) {
    if (down) {
      observer.onError(Status.UNAVAILABLE.withDescription(peer + " down").asRuntimeException());
    }
    return down;
  }

  /** A refusal with an ErrorInfo, as the real service sends it. */
  public static RuntimeException refusal(
      Status.Code code, String message, String reason, String domain, Map<String, String> meta) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason(reason)
                        .setDomain(domain)
                        .putAllMetadata(meta)
                        .build()))
            .build());
  }
}
