package io.creatorgov.incentive.client;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.repository.FeedCheckpointRepository.Stored;
import io.creatorgov.incentive.service.FeedReactions;
import io.creatorgov.incentive.service.FeedReactions.Applied;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.error.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A background consumer of one peer's change feed: reads the stored resume token, opens the stream
 * there, applies each item through {@link FeedReactions} (one transaction per item, checkpoint
 * included) strictly one after the other, and on any failure — the stream breaking, the peer down,
 * the database refusing — drops the stream and reopens it from the STORED token after a capped,
 * jittered exponential backoff, so whatever was not committed is delivered again and applied once.
 *
 * <p>A resume token the peer refuses as expired (OUT_OF_RANGE RESUME_TOKEN_EXPIRED, older than the
 * feed's retention) is never passed over silently: it is logged as an error, counted ({@code
 * incentive.feed.token.expired}), noted on the checkpoint row ({@code token_expired_time}, shown by
 * the readiness check) and handled by {@link #recover}, each feed's documented recovery.
 */
public abstract class FeedConsumer {
  private static final Logger LOG = Logger.getLogger(FeedConsumer.class);

  protected final String feed;
  protected final FeedReactions reactions;
  private final Vertx vertx;
  private final boolean enabled;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Counter applied;
  private final Counter redelivered;
  private final Counter advanced;
  private final Counter failures;
  private final Counter expired;

  private volatile boolean running;
  private volatile boolean following;
  private volatile Instant lastItemTime;
  private volatile String lastFailure = "";
  private volatile Cancellable subscription;
  private volatile long timer = -1;
  private final AtomicInteger failuresInRow = new AtomicInteger();

  /** Bumped by every (re)connection: an old stream's late signals are ignored. */
  private final AtomicInteger generation = new AtomicInteger();

  protected FeedConsumer(
      String feed,
      FeedReactions reactions,
      Vertx vertx,
      MeterRegistry meters,
      boolean enabled,
      Duration minBackoff,
      Duration maxBackoff) {
    this.feed = feed;
    this.reactions = reactions;
    this.vertx = vertx;
    this.enabled = enabled;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.applied = counter(meters, "incentive.feed.events", "outcome", "applied");
    this.redelivered = counter(meters, "incentive.feed.events", "outcome", "redelivered");
    this.advanced = counter(meters, "incentive.feed.events", "outcome", "advanced");
    this.failures = counter(meters, "incentive.feed.stream.failures", null, null);
    this.expired = counter(meters, "incentive.feed.token.expired", null, null);
  }

  private Counter counter(MeterRegistry meters, String name, String tag, String value) {
    Counter.Builder b = Counter.builder(name).tag("feed", feed);
    if (tag != null) {
      b = b.tag(tag, value);
    }
    return b.register(meters);
  }

  /** The stream after the stored position ({@code stored} null: never consumed). */
  protected abstract Multi<FeedDelivery> stream(Stored stored);

  /**
   * This feed's recovery after its stored token was refused as expired (runs on a Vert.x context,
   * may use the database); must end with {@link FeedReactions#reconciled}. The consumer follows the
   * feed again only once it completed; a failure is retried with backoff, also after a restart.
   */
  protected abstract Uni<Void> recover();

  /** Whether the consumer is enabled by configuration. */
  public boolean enabled() {
    return enabled;
  }

  /** Starts consuming (no-op when already running or disabled by configuration). */
  public synchronized void start() {
    if (running || !enabled) {
      return;
    }
    running = true;
    failuresInRow.set(0);
    connect();
  }

  /** Stops consuming: the stream is cancelled; what was committed stays committed. */
  public synchronized void stop() {
    running = false;
    following = false;
    generation.incrementAndGet();
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Cancellable s = subscription;
    subscription = null;
    if (s != null) {
      s.cancel();
    }
  }

  public boolean running() {
    return running;
  }

  /** Running with the stream open and caught up (a checkpoint or an item received since). */
  public boolean following() {
    return running && following;
  }

  public Instant lastItemTime() {
    return lastItemTime;
  }

  public String lastFailure() {
    return lastFailure;
  }

  private void connect() {
    int gen = generation.incrementAndGet();
    onContext(() -> reactions.stored(feed))
        .subscribe()
        .with(stored -> open(gen, stored), f -> failed(gen, f));
  }

  private void open(int gen, Stored stored) {
    if (!running || gen != generation.get()) {
      return;
    }
    if (stored != null && stored.tokenExpiredTime() != null) {
      recoverThenReconnect(gen);
      return;
    }
    LOG.infof(
        "%s feed: following from %s",
        feed,
        stored == null || stored.resumeToken().isEmpty()
            ? "now (no stored token)"
            : "sequence " + stored.lastSequence());
    subscription =
        stream(stored)
            .onItem()
            .transformToUniAndConcatenate(d -> onContext(() -> handle(d)).replaceWith(d))
            .subscribe()
            .with(d -> received(gen, d), f -> failed(gen, f), () -> failed(gen, null));
  }

  private Uni<Applied> handle(FeedDelivery d) {
    if (d.fact() == null) {
      return reactions.advance(feed, d.position()).invoke(a -> count(a, true));
    }
    return reactions
        .apply(feed, d.position(), d.fact())
        .invoke(a -> count(a, false))
        .invoke(
            a ->
                LOG.debugf(
                    "%s feed: %s at %d %s (%d enrolments moved)",
                    feed,
                    d.description(),
                    d.position().sequence(),
                    a.redelivered() ? "already applied" : "applied",
                    a.moved()));
  }

  private void count(Applied a, boolean onlyAdvanced) {
    (a.redelivered() ? redelivered : onlyAdvanced ? advanced : applied).increment();
  }

  private void received(int gen, FeedDelivery d) {
    if (gen != generation.get()) {
      return;
    }
    following = true;
    lastItemTime = Instant.now();
    failuresInRow.set(0);
  }

  private void failed(int gen, Throwable failure) {
    if (gen != generation.get()) {
      return;
    }
    following = false;
    subscription = null;
    if (!running) {
      return;
    }
    if (failure != null && tokenExpired(failure)) {
      expired.increment();
      lastFailure = "resume token expired";
      LOG.errorf(
          "%s feed: the stored resume token is older than the feed's retention"
              + " (RESUME_TOKEN_EXPIRED); events in the gap cannot be read again — recovering",
          feed);
      onContext(() -> reactions.tokenExpired(feed))
          .subscribe()
          .with(ignored -> retry(gen, Duration.ZERO), f -> retry(gen, backoff()));
      return;
    }
    failures.increment();
    lastFailure = failure == null ? "stream ended" : String.valueOf(failure.getMessage());
    Duration delay = backoff();
    LOG.warnf(
        "%s feed: stream %s; reconnecting from the stored token in %d ms",
        feed, failure == null ? "ended" : "failed: " + failure, delay.toMillis());
    retry(gen, delay);
  }

  /**
   * The stored token expired and the recovery has not finished (this run or an earlier one that
   * failed or was interrupted): run it, then follow again; until it completes, nothing is consumed.
   */
  private void recoverThenReconnect(int gen) {
    LOG.warnf("%s feed: recovering after an expired resume token", feed);
    onContext(this::recover)
        .subscribe()
        .with(
            ignored -> retry(gen, Duration.ZERO),
            f -> {
              lastFailure = "recovery after an expired token failed: " + f.getMessage();
              LOG.errorf(f, "%s feed: recovery after an expired token failed; retrying", feed);
              retry(gen, backoff());
            });
  }

  private void retry(int gen, Duration delay) {
    synchronized (this) {
      if (!running || gen != generation.get()) {
        return;
      }
      if (delay.isZero()) {
        connect();
        return;
      }
      timer =
          vertx.setTimer(
              delay.toMillis(),
              id -> {
                synchronized (this) {
                  timer = -1;
                  if (running && gen == generation.get()) {
                    connect();
                  }
                }
              });
    }
  }

  /** min × 2^(failures in a row), capped, with ±20 % jitter. */
  private Duration backoff() {
    int n = Math.min(failuresInRow.getAndIncrement(), 20);
    long base = Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << n);
    long jitter = base / 5;
    long millis = base + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter));
    return Duration.ofMillis(Math.max(1, millis));
  }

  static boolean tokenExpired(Throwable failure) {
    if (!(failure instanceof StatusRuntimeException sre)
        || sre.getStatus().getCode() != Status.Code.OUT_OF_RANGE) {
      return false;
    }
    return ErrorDetails.of(failure).reason() == ErrorReason.ERROR_REASON_RESUME_TOKEN_EXPIRED
        || String.valueOf(sre.getStatus().getDescription()).contains("RESUME_TOKEN_EXPIRED");
  }

  /**
   * Runs database work on a fresh, safe duplicated Vert.x context (Hibernate Reactive's session is
   * bound to it), whatever thread the gRPC stream delivers on.
   */
  protected <T> Uni<T> onContext(Supplier<Uni<T>> work) {
    return CallerContext.onFreshContext(vertx, work);
  }
}
