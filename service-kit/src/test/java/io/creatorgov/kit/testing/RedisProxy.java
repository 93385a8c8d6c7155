package io.creatorgov.kit.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Puts a {@link TcpProxy} between the service under test and the machine's Redis (127.0.0.1:6379,
 * or {@code CREATORGOV_REDIS_PORT}), so a test can make Redis unreachable and bring it back. Inject
 * it into the test with {@code @RedisProxy.Inject TcpProxy redisProxy;}.
 */
public class RedisProxy implements QuarkusTestResourceLifecycleManager {
  private TcpProxy proxy;

  /** Marks the test field that receives the proxy. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  @Override
  public Map<String, String> start() {
    String port = System.getenv("CREATORGOV_REDIS_PORT");
    try {
      proxy = new TcpProxy(port == null || port.isBlank() ? 6379 : Integer.parseInt(port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port());
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        proxy, new TestInjector.AnnotatedAndMatchesType(Inject.class, TcpProxy.class));
  }

  @Override
  public void stop() {
    try {
      proxy.close();
    } catch (IOException ignored) {
      // shutting down
    }
  }
}
