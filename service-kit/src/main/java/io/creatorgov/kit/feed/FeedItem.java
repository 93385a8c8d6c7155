package io.creatorgov.kit.feed;

import io.creatorgov.common.v1.FeedCheckpoint;

/**
 * One item of a change-feed stream: a matching event, or a checkpoint (the feed contract of {@code
 * creatorgov.common.v1.FeedCheckpoint}: sent when the stream has caught up and then after every
 * quiet interval, so a filtered consumer's resume token keeps advancing).
 *
 * @param <T> the event message
 */
public sealed interface FeedItem<T> {

  /** The stream response of this item: {@code onEvent} for an event, {@code onCheckpoint} else. */
  default <R> R fold(
      java.util.function.Function<T, R> onEvent,
      java.util.function.Function<FeedCheckpoint, R> onCheckpoint) {
    if (this instanceof Event<T> e) {
      return onEvent.apply(e.event());
    }
    return onCheckpoint.apply(((Checkpoint<T>) this).checkpoint());
  }

  /** A matching event. */
  record Event<T>(T event) implements FeedItem<T> {}

  /** A position with no event attached. */
  record Checkpoint<T>(FeedCheckpoint checkpoint) implements FeedItem<T> {}
}
