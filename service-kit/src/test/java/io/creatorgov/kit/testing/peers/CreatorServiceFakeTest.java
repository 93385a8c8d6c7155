package io.creatorgov.kit.testing.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The creator fake's feed behaves as a feed: resumes after a token, filters, stays live. */
class CreatorServiceFakeTest {
  private final CreatorServiceFake fake = new CreatorServiceFake();
  private ManagedChannel channel;
  private CreatorServiceGrpc.CreatorServiceBlockingStub stub;

  @BeforeEach
  void start() {
    Map<String, String> config = fake.start();
    channel =
        ManagedChannelBuilder.forAddress(
                "127.0.0.1", Integer.parseInt(config.get("quarkus.grpc.clients.creator.port")))
            .usePlaintext()
            .build();
    stub = CreatorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    fake.stop();
  }

  private CreatorServiceFake.Creators feed() {
    return fake.state();
  }

  private static CreatorEvent event(String creator, CreatorEventType type) {
    return CreatorEvent.newBuilder()
        .setCreatorId(creator)
        .setMarket("SG")
        .setEventType(type)
        .build();
  }

  @Test
  void aStreamResumesAfterItsTokenFiltersByTypeAndDeliversLaterEventsLive() throws Exception {
    var status = CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED;
    var tier = CreatorEventType.CREATOR_EVENT_TYPE_TIER_CHANGED;
    feed().publish(event("c1", status));
    String token = feed().publish(event("c2", status)).getEnvelope().getResumeToken();
    feed().publish(event("c3", tier));
    feed().publish(event("c4", status));
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      Iterator<StreamCreatorEventsResponse> stream =
          context.call(
              () ->
                  stub.streamCreatorEvents(
                      StreamCreatorEventsRequest.newBuilder()
                          .setResumeToken(token)
                          .addEventTypes(status)
                          .build()));
      assertThat(stream.next().getEvent().getCreatorId()).isEqualTo("c4");
      // caught up: a checkpoint at the feed's position
      assertThat(stream.next().getCheckpoint().getSequence()).isEqualTo(4);
      feed().publish(event("c5", tier));
      feed().publish(event("c6", status));
      StreamCreatorEventsResponse live = stream.next();
      assertThat(live.getEvent().getCreatorId()).isEqualTo("c6");
      assertThat(live.getEvent().getEnvelope().getResumeToken()).isEqualTo("6");
      feed().checkpoint();
      assertThat(stream.next().getCheckpoint().getResumeToken()).isEqualTo("6");
      assertThat(feed().streamRequests).extracting(r -> r.getResumeToken()).containsExactly("2");
    } finally {
      context.cancel(null);
    }
  }

  @Test
  void goingDownEndsOpenStreamsWithUnavailable() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      Iterator<StreamCreatorEventsResponse> stream =
          context.call(
              () ->
                  stub.streamCreatorEvents(
                      StreamCreatorEventsRequest.newBuilder().setStartFromNow(true).build()));
      assertThat(stream.next().hasCheckpoint()).isTrue();
      feed().goDown();
      try {
        stream.next();
        throw new AssertionError("the stream should have failed");
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      }
      assertThat(feed().openStreams()).isZero();
    } finally {
      context.cancel(null);
    }
  }
}
