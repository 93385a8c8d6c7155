package io.creatorgov.kit.testing.peers;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A peer service faked by a gRPC server inside the test JVM, on a free local port that the
 * service's gRPC client {@code quarkus.grpc.clients.<client>} is pointed at. The fake's state (a
 * {@code ...ImplBase} with switches such as {@code down}) is injected into the test's fields that
 * carry the fake's own {@code @Inject} annotation and its type.
 *
 * @param <S> the fake's state: the service implementation the server runs
 */
public abstract class FakePeer<S extends BindableService>
    implements QuarkusTestResourceLifecycleManager {
  private final String client;
  private final S state;
  private final Class<? extends Annotation> inject;
  private Server server;

  protected FakePeer(String client, S state, Class<? extends Annotation> inject) {
    this.client = client;
    this.state = state;
    this.inject = inject;
  }

  /** The fake's state, for a subclass to seed before the server starts. */
  protected S state() {
    return state;
  }

  /** Called before the server starts: put what every test expects to find. */
  protected void seed() {}

  @Override
  public Map<String, String> start() {
    seed();
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(state)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String port = Integer.toString(server.getPort());
    String prefix = "quarkus.grpc.clients." + client + ".";
    return Map.of(prefix + "host", "127.0.0.1", prefix + "port", port, prefix + "test-port", port);
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        state, new TestInjector.AnnotatedAndMatchesType(inject, state.getClass()));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
