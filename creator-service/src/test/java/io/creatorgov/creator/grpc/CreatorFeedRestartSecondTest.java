package io.creatorgov.creator.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.ApplyRestrictionRequest;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Second half of the restart test: the application was restarted; the consumer resumes. */
@QuarkusTest
@TestProfile(CreatorFeedRestartSecondTest.Restarted.class)
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorFeedRestartSecondTest {

  /** A different profile makes Quarkus start a new application; it keeps the database. */
  public static class Restarted implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.flyway.clean-at-start", "false", "creatorgov.feed.poll-interval", "300ms");
    }
  }

  @GrpcClient("creator")
  CreatorServiceGrpc.CreatorServiceBlockingStub grpc;

  @Test
  void afterARestartTheConsumerResumesWithNoGapAndNoDuplicate() throws IOException {
    assertThat(CreatorFeedRestartFirstTest.STATE).as("first half ran before").exists();
    Properties state = new Properties();
    try (var in = Files.newBufferedReader(CreatorFeedRestartFirstTest.STATE)) {
      state.load(in);
    }
    String id = state.getProperty("creator_id");
    long lastSequence = Long.parseLong(state.getProperty("sequence"));
    grpc.withCallCredentials(BearerAuth.of(TestAuthKeys.token("enforcement-service", Role.SERVICE)))
        .applyRestriction(
            ApplyRestrictionRequest.newBuilder()
                .setCreatorId(id)
                .setType(RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE)
                .setEnforcementActionId("act-after-restart")
                .setReason("after restart")
                .setRequestId(CreatorFixtures.requestId())
                .build());

    List<CreatorEvent> resumed =
        CreatorFeedRestartFirstTest.read(grpc, id, state.getProperty("token"));

    assertThat(resumed)
        .extracting(CreatorEvent::getEventType)
        .containsExactly(CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_APPLIED);
    assertThat(resumed.get(0).getEnvelope().getSequence()).isGreaterThan(lastSequence);
  }
}
