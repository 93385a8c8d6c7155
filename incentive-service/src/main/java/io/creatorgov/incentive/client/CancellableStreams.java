package io.creatorgov.incentive.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A server-streaming call as a {@link Multi} whose cancellation cancels the gRPC call. (The
 * generated Mutiny stubs do not: a cancelled subscriber leaves the call, and the peer's stream,
 * open — every reconnect of a feed consumer would leak one.)
 */
final class CancellableStreams {
  private CancellableStreams() {}

  static <Q, R> Multi<R> call(BiConsumer<Q, io.grpc.stub.StreamObserver<R>> call, Q request) {
    return Multi.createFrom().emitter(emitter -> call.accept(request, observer(emitter)));
  }

  private static <Q, R> ClientResponseObserver<Q, R> observer(MultiEmitter<? super R> emitter) {
    AtomicReference<ClientCallStreamObserver<Q>> stream = new AtomicReference<>();
    emitter.onTermination(
        () -> {
          ClientCallStreamObserver<Q> s = stream.get();
          if (s != null) {
            s.cancel("feed consumer closed the stream", null);
          }
        });
    return new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        stream.set(requestStream);
      }

      @Override
      public void onNext(R value) {
        emitter.emit(value);
      }

      @Override
      public void onError(Throwable t) {
        emitter.fail(t);
      }

      @Override
      public void onCompleted() {
        emitter.complete();
      }
    };
  }
}
