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

  /** A matching event. */
  record Event<T>(T event) implements FeedItem<T> {}

  /** A position with no event attached. */
  record Checkpoint<T>(FeedCheckpoint checkpoint) implements FeedItem<T> {}
}
