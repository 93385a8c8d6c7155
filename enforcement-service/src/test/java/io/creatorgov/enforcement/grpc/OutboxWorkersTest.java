package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.enforcement.service.ActionOutbox;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several outbox workers (other instances of the service) never deliver one action twice: each
 * claims rows with FOR UPDATE SKIP LOCKED and a lease. Two rounds are started together behind a
 * barrier, next to the scheduled worker of this instance, over a backlog built while
 * creator-service refused deliveries.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class OutboxWorkersTest {
  private static final int BACKLOG = 12;

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  @Inject ActionOutbox outbox;

  @Inject CircuitBreakerMaintenance circuitBreakers;

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return api.withCallCredentials(
            BearerAuth.of(TestAuthKeys.token("moderation-pipeline", Role.SERVICE)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @Test
  void concurrentWorkersDeliverEveryPendingActionExactlyOnce() throws Exception {
    List<String> actions = new ArrayList<>();
    creatorService.refuseDeliveries = true;
    try {
      for (int i = 0; i < BACKLOG; i++) {
        String creator = creatorId();
        creatorService.register(creator, "MY");
        actions.add(
            pipeline()
                .reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"))
                .getAction()
                .getActionId());
      }
    } finally {
      creatorService.refuseDeliveries = false;
      circuitBreakers.resetAll();
    }

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<?>> rounds = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        rounds.add(
            pool.submit(
                () -> {
                  start.await();
                  return round();
                }));
      }
      for (Future<?> round : rounds) {
        round.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> actions.stream().allMatch(this::applied));
    Thread.sleep(1_000); // later rounds must not deliver anything again
    for (String actionId : actions) {
      // one restriction per action (COMMISSION_FROZEN), sent once
      assertThat(creatorService.callsFor(actionId)).as(actionId).isEqualTo(1);
    }
  }

  /** One worker round on a Vert.x context, as the scheduler runs it. */
  private Void round() throws Exception {
    try {
      return VertxContextSupport.subscribeAndAwait(() -> outbox.deliverDue());
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private boolean applied(String actionId) {
    return pipeline()
            .getEnforcementAction(
                GetEnforcementActionRequest.newBuilder().setActionId(actionId).build())
            .getAction()
            .getState()
        == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED;
  }
}
