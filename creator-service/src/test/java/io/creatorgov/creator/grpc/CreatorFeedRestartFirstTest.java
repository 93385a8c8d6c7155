package io.creatorgov.creator.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.RegisterCreatorRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * First half of the restart test: a consumer reads the feed and keeps its last token. The second
 * half ({@link CreatorFeedRestartSecondTest}) runs on a restarted application (another test
 * profile) and resumes from that token. Surefire runs the two in name order.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorFeedRestartFirstTest {
  static final Path STATE = Path.of("target", "feed-restart.properties");

  @GrpcClient("creator")
  CreatorServiceGrpc.CreatorServiceBlockingStub grpc;

  @Test
  void aConsumerReadsTheFeedAndKeepsItsLastToken() throws IOException {
    String id =
        grpc.withCallCredentials(BearerAuth.of(TestAuthKeys.token("ops-ana", Role.CREATOR_OPS)))
            .registerCreator(
                RegisterCreatorRequest.newBuilder()
                    .setRequestId(CreatorFixtures.requestId())
                    .setMarket("MY")
                    .setHandle(CreatorFixtures.handle())
                    .setDisplayName("Restart")
                    .build())
            .getCreator()
            .getCreatorId();

    List<CreatorEvent> events = read(grpc, id, "");

    assertThat(events).isNotEmpty();
    Properties state = new Properties();
    state.setProperty("creator_id", id);
    state.setProperty("token", events.get(events.size() - 1).getEnvelope().getResumeToken());
    state.setProperty(
        "sequence", Long.toString(events.get(events.size() - 1).getEnvelope().getSequence()));
    Files.createDirectories(STATE.getParent());
    try (var out = Files.newBufferedWriter(STATE)) {
      state.store(out, "written by CreatorFeedRestartFirstTest");
    }
  }

  static List<CreatorEvent> read(
      CreatorServiceGrpc.CreatorServiceBlockingStub grpc, String creatorId, String token) {
    List<CreatorEvent> out = new ArrayList<>();
    var it =
        grpc.withCallCredentials(
                BearerAuth.of(TestAuthKeys.token("incentive-service", Role.SERVICE)))
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .streamCreatorEvents(
                StreamCreatorEventsRequest.newBuilder()
                    .addCreatorIds(creatorId)
                    .setResumeToken(token)
                    .build());
    try {
      while (it.hasNext()) {
        var r = it.next();
        if (r.hasEvent()) {
          out.add(r.getEvent());
        }
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
    }
    return out;
  }
}
