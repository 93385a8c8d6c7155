package io.creatorgov.kit.feed;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Serves a {@link SequencedFeed} as a stream RPC the way every feed of the suite does: the shared
 * start rules (resume_token and start_from_now are exclusive; a token of another feed is refused
 * before anything else happens), a bound on the streams open at once on the instance (one more is
 * refused with UNAVAILABLE OVERLOADED, its slot given back whenever a stream ends, fails or is
 * cancelled), then the backlog and live events with checkpoints. A service keeps only its own
 * filters and the mapping of its messages.
 *
 * @param <T> the event message
 */
public final class FeedStreams<T> {
  private final SequencedFeed<T> feed;
  private final String streamRpc;
  private final Duration pollInterval;
  private final Duration checkpointInterval;
  private final int maxStreams;
  private final AtomicInteger openStreams = new AtomicInteger();

  /**
   * @param pollInterval how often an open stream looks for new events
   * @param checkpointInterval the silence after which a checkpoint is sent (the contract promises
   *     one at least every 30 s; leave room for a poll interval)
   * @param maxStreams the streams an instance serves at once
   */
  public FeedStreams(
      SequencedFeed<T> feed,
      String streamRpc,
      Duration pollInterval,
      Duration checkpointInterval,
      int maxStreams) {
    this.feed = feed;
    this.streamRpc = streamRpc;
    this.pollInterval = pollInterval;
    this.checkpointInterval = checkpointInterval;
    this.maxStreams = maxStreams;
  }

  /** The start rule every feed request shares: resume_token or start_from_now, not both. */
  public static void checkStart(Violations v, String resumeToken, boolean startFromNow) {
    v.require(
        !resumeToken.isEmpty() && startFromNow,
        "start_from_now",
        "give either resume_token or start_from_now, not both");
  }

  /** INVALID_ARGUMENT INVALID_RESUME_TOKEN for a token this feed never issued. */
  public void checkToken(String resumeToken) {
    if (!resumeToken.isEmpty()) {
      feed.decodeToken(resumeToken);
    }
  }

  /** Streams open on this instance now. */
  public int openStreams() {
    return openStreams.get();
  }

  /**
   * The events passing {@code filter} after the start position, then new ones as they commit, with
   * checkpoints; for as long as the caller stays subscribed. Call after the request's own checks.
   */
  public Multi<FeedItem<T>> open(String resumeToken, boolean startFromNow, Predicate<T> filter) {
    checkToken(resumeToken); // before a stream slot is taken
    Runnable close = takeSlot();
    // from here on every failure, even one thrown while the pipeline is built, ends the stream
    // through onTermination, which gives the slot back
    return Uni.createFrom()
        .deferred(() -> feed.start(resumeToken, startFromNow))
        .toMulti()
        .flatMap(
            first ->
                feed.items(
                    first, pollInterval, Multi.createFrom().empty(), filter, checkpointInterval))
        .onTermination()
        .invoke(close);
  }

  /**
   * Takes one of the instance's stream slots, or refuses the stream (UNAVAILABLE OVERLOADED); the
   * returned action gives the slot back, once.
   */
  private Runnable takeSlot() {
    if (openStreams.incrementAndGet() > maxStreams) {
      openStreams.decrementAndGet();
      throw ApiException.of(
          ErrorReason.ERROR_REASON_OVERLOADED,
          "too many open "
              + streamRpc
              + " streams on this instance; reconnect with backoff and the last resume token",
          Map.of("max_streams", Integer.toString(maxStreams)));
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        openStreams.decrementAndGet();
      }
    };
  }
}
