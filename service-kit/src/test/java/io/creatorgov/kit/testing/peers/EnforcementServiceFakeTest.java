package io.creatorgov.kit.testing.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enforcement fake's feed behaves as a feed: resumes after a token, filters, stays live. */
class EnforcementServiceFakeTest {
  private final EnforcementServiceFake fake = new EnforcementServiceFake();
  private ManagedChannel channel;
  private EnforcementServiceGrpc.EnforcementServiceBlockingStub stub;

  @BeforeEach
  void start() {
    Map<String, String> config = fake.start();
    channel =
        ManagedChannelBuilder.forAddress(
                "127.0.0.1", Integer.parseInt(config.get("quarkus.grpc.clients.enforcement.port")))
            .usePlaintext()
            .build();
    stub = EnforcementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    fake.stop();
  }

  private EnforcementServiceFake.Enforcement feed() {
    return fake.state();
  }

  private static EnforcementEvent event(String creator, String market) {
    return EnforcementEvent.newBuilder().setCreatorId(creator).setMarket(market).build();
  }

  @Test
  void aStreamResumesAfterItsTokenFiltersByMarketAndDeliversLaterEventsLive() throws Exception {
    feed().publish(event("c1", "SG"));
    String token = feed().publish(event("c2", "MY")).getEnvelope().getResumeToken();
    feed().publish(event("c3", "SG"));
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      Iterator<StreamEnforcementEventsResponse> stream =
          context.call(
              () ->
                  stub.streamEnforcementEvents(
                      StreamEnforcementEventsRequest.newBuilder()
                          .setResumeToken(token)
                          .addMarkets("SG")
                          .build()));
      assertThat(stream.next().getEvent().getCreatorId()).isEqualTo("c3");
      feed().publish(event("c4", "MY"));
      feed().publish(event("c5", "SG"));
      assertThat(stream.next().getEvent().getCreatorId()).isEqualTo("c5");
      feed().checkpoint();
      assertThat(stream.next().getCheckpoint().getSequence()).isEqualTo(5);
    } finally {
      context.cancel(null);
    }
  }
}
