package io.creatorgov.policy.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.connection.MaxConnectionAge;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.RedisProxy;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.policy.v1.ListPoliciesRequest;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connections age out (gRFC A9 on the one Vert.x port): a client's connection is sent GOAWAY once
 * it reaches its maximum age, and the client's next call simply goes over a new connection — which
 * is what lets round robin spread long-lived channels over pods started after they connected.
 */
@QuarkusTest
@TestProfile(MaxConnectionAgeTest.ShortConnectionAge.class)
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_policy_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(RedisProxy.class)
class MaxConnectionAgeTest {

  /** Connections live one second (the production default is unset; see application.properties). */
  public static class ShortConnectionAge implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // the %test-profile keys too: they would win over plain keys
      return Map.of(
          "creatorgov.grpc.max-connection-age", "1s",
          "%test.creatorgov.grpc.max-connection-age", "1s",
          "creatorgov.grpc.max-connection-age-grace", "1s");
    }
  }

  @GrpcClient("policy")
  PolicyServiceGrpc.PolicyServiceBlockingStub grpc;

  @Inject MaxConnectionAge connections;

  private PolicyServiceGrpc.PolicyServiceBlockingStub reader() {
    return grpc.withCallCredentials(
            BearerAuth.of(TestAuthKeys.token("age-test", Role.POLICY_AUTHOR)))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void anAgedConnectionIsRetiredAndTheNextCallGoesOverANewOne() {
    long before = connections.retired();
    reader().listPolicies(ListPoliciesRequest.getDefaultInstance());
    long seen = connections.seen();

    await().atMost(Duration.ofSeconds(10)).until(() -> connections.retired() > before);

    // the channel reconnects by itself: the caller sees no error, and the call came over a new
    // connection (without the GOAWAY the client would have kept the old one)
    assertThat(reader().listPolicies(ListPoliciesRequest.getDefaultInstance())).isNotNull();
    assertThat(connections.seen()).isGreaterThan(seen);
  }
}
