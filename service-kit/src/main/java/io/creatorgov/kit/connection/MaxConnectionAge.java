package io.creatorgov.kit.connection;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The server side of gRPC's connection management (gRFC A9 "max connection age") on the one Vert.x
 * port that serves gRPC and HTTP: a client connection is sent GOAWAY once it reaches {@code
 * creatorgov.grpc.max-connection-age} (±10% jitter, so clients do not reconnect in step), and
 * closed after {@code creatorgov.grpc.max-connection-age-grace} at the latest; calls in flight
 * finish, new calls go to a new connection. With {@code dns:///} and round robin on the client this
 * is what spreads long-lived channels over pods added after they connected. The gRPC-Java server
 * has these settings; the Vert.x server the suite uses (one port) does not, hence this filter.
 * Unset: connections live as long as the client keeps them.
 */
@ApplicationScoped
public class MaxConnectionAge {
  private static final Logger LOG = Logger.getLogger(MaxConnectionAge.class);

  private final Optional<Duration> maxAge;
  private final Duration grace;
  private final Vertx vertx;

  /** Every connection seen, aged or retired (weakly held: a closed connection is forgotten). */
  private final Set<HttpConnection> tracked =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private final AtomicLong retired = new AtomicLong();
  private final AtomicLong seen = new AtomicLong();

  public MaxConnectionAge(
      @ConfigProperty(name = "creatorgov.grpc.max-connection-age") Optional<Duration> maxAge,
      @ConfigProperty(name = "creatorgov.grpc.max-connection-age-grace", defaultValue = "30s")
          Duration grace,
      Vertx vertx) {
    this.maxAge = maxAge.filter(d -> !d.isZero() && !d.isNegative());
    this.grace = grace;
    this.vertx = vertx;
  }

  /** Runs first on every request of the HTTP/gRPC port. */
  void register(@Observes Filters filters) {
    if (maxAge.isPresent()) {
      filters.register(this::track, Integer.MAX_VALUE);
    }
  }

  private void track(RoutingContext rc) {
    HttpConnection connection = rc.request().connection();
    if (connection != null && tracked.add(connection)) {
      seen.incrementAndGet();
      vertx.setTimer(jittered(maxAge.orElseThrow()), id -> retire(connection));
    }
    rc.next();
  }

  private void retire(HttpConnection connection) {
    // stays in `tracked`: a retired connection still finishing its calls is not aged again
    retired.incrementAndGet();
    LOG.debugf("connection from %s reached its maximum age: GOAWAY", connection.remoteAddress());
    connection.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static long jittered(Duration age) {
    long millis = age.toMillis();
    long spread = millis / 10;
    return Math.max(1, millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
  }

  /** How many connections were sent GOAWAY for their age since start. */
  public long retired() {
    return retired.get();
  }

  /** How many distinct client connections carried requests since start. */
  public long seen() {
    return seen.get();
  }
}
