package io.creatorgov.incentive.grpc;

import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.IncentiveEventType;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.StreamIncentiveEventsRequest;
import io.creatorgov.incentive.v1.StreamIncentiveEventsResponse;
import io.grpc.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** Reading StreamIncentiveEvents in tests: every stream is cancelled once read. */
final class FeedReading {
  private FeedReading() {}

  /** Reads a stream with {@code reader}, then cancels it. */
  static <T> T reading(
      IncentiveServiceBlockingStub stub,
      StreamIncentiveEventsRequest request,
      Function<Iterator<StreamIncentiveEventsResponse>, T> reader) {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return context.call(() -> reader.apply(stub.streamIncentiveEvents(request)));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  /** The events of a stream up to and including the first that matches {@code last}. */
  static Function<Iterator<StreamIncentiveEventsResponse>, List<IncentiveEvent>> until(
      Predicate<IncentiveEvent> last) {
    return responses -> {
      List<IncentiveEvent> events = new ArrayList<>();
      while (true) {
        StreamIncentiveEventsResponse r = responses.next();
        if (r.hasEvent()) {
          events.add(r.getEvent());
          if (last.test(r.getEvent())) {
            return events;
          }
        }
      }
    };
  }

  /**
   * Every event of a stream until it has caught up with {@code sequence}: up to the first
   * checkpoint at or past it (or an event at it).
   */
  static Function<Iterator<StreamIncentiveEventsResponse>, List<IncentiveEvent>> through(
      long sequence) {
    return responses -> {
      List<IncentiveEvent> events = new ArrayList<>();
      while (true) {
        StreamIncentiveEventsResponse r = responses.next();
        if (r.hasEvent()) {
          events.add(r.getEvent());
          if (r.getEvent().getEnvelope().getSequence() >= sequence) {
            return events;
          }
        } else if (r.getCheckpoint().getSequence() >= sequence) {
          return events;
        }
      }
    };
  }

  static Predicate<IncentiveEvent> ofType(IncentiveEventType type) {
    return e -> e.getEventType() == type;
  }

  /** The resume token of the feed's current end (the first checkpoint of a stream from now). */
  static String currentPosition(IncentiveServiceBlockingStub stub) {
    return reading(
        stub,
        StreamIncentiveEventsRequest.newBuilder().setStartFromNow(true).build(),
        responses -> responses.next().getCheckpoint().getResumeToken());
  }

  /** The sequence of the feed's current end. */
  static long currentSequence(IncentiveServiceBlockingStub stub) {
    return reading(
        stub,
        StreamIncentiveEventsRequest.newBuilder().setStartFromNow(true).build(),
        responses -> responses.next().getCheckpoint().getSequence());
  }
}
