package io.creatorgov.kit.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** Request-id idempotency against the real PostgreSQL, through Hibernate Reactive. */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_kit_test"))
class IdempotentCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject Mutiny.SessionFactory sessions;

  private final AtomicInteger executions = new AtomicInteger();

  /** A command whose effect is one row; it answers with the row's id. */
  private Uni<AuditStamp> register(String requestId, String payload) {
    AuditStamp request = AuditStamp.newBuilder().setRequestId(requestId).setReason(payload).build();
    return sessions.withTransaction(
        session ->
            IdempotentCommands.execute(
                session,
                "test.Register:ops-ana",
                requestId,
                request,
                AuditStamp.parser(),
                () -> {
                  executions.incrementAndGet();
                  CommandEffect effect = new CommandEffect();
                  effect.requestId = requestId;
                  effect.payload = payload;
                  return session
                      .persist(effect)
                      .call(session::flush)
                      // Hold the claim open a moment so concurrent replays really overlap it.
                      .call(
                          () -> session.createNativeQuery("select pg_sleep(0.15)").getResultList())
                      .map(
                          ignored ->
                              AuditStamp.newBuilder()
                                  .setRequestId(requestId)
                                  .setReason("effect-" + effect.id)
                                  .build());
                }));
  }

  private long effectsOf(String requestId) {
    return sessions
        .withSession(
            s ->
                s.createQuery(
                        "select count(e) from CommandEffect e where e.requestId = :r", Long.class)
                    .setParameter("r", requestId)
                    .getSingleResult())
        .await()
        .atMost(WAIT);
  }

  @Test
  void replayReturnsTheFirstResponseWithoutRunningTheCommandAgain() {
    String id = UUID.randomUUID().toString();

    AuditStamp first = register(id, "alice").await().atMost(WAIT);
    AuditStamp replay = register(id, "alice").await().atMost(WAIT);

    assertThat(replay).isEqualTo(first);
    assertThat(executions).hasValue(1);
    assertThat(effectsOf(id)).isEqualTo(1);
  }

  @Test
  void sameRequestIdWithADifferentBodyIsRefusedAndChangesNothing() {
    String id = UUID.randomUUID().toString();
    register(id, "alice").await().atMost(WAIT);

    ApiException e = failure(register(id, "mallory"));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_REQUEST_ID_REUSED);
    assertThat(e.metadata()).containsEntry("request_id", id);
    assertThat(executions).hasValue(1);
    assertThat(effectsOf(id)).isEqualTo(1);
  }

  @Test
  void concurrentReplaysRunTheCommandExactlyOnceAndAllGetItsResponse() {
    String id = UUID.randomUUID().toString();
    List<Uni<AuditStamp>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(register(id, "bob"));
    }

    List<AuditStamp> responses = Uni.join().all(calls).andCollectFailures().await().atMost(WAIT);

    assertThat(executions).hasValue(1);
    assertThat(effectsOf(id)).isEqualTo(1);
    assertThat(responses).hasSize(12).allSatisfy(r -> assertThat(r).isEqualTo(responses.get(0)));
  }

  @Test
  void failedCommandLeavesNoRecordSoARetryRunsIt() {
    String id = UUID.randomUUID().toString();
    AuditStamp request = AuditStamp.newBuilder().setRequestId(id).setReason("carol").build();
    Uni<AuditStamp> failing =
        sessions.withTransaction(
            session ->
                IdempotentCommands.execute(
                    session,
                    "test.Register:ops-ana",
                    id,
                    request,
                    AuditStamp.parser(),
                    () -> {
                      executions.incrementAndGet();
                      CommandEffect effect = new CommandEffect();
                      effect.requestId = id;
                      effect.payload = "carol";
                      return session
                          .persist(effect)
                          .call(session::flush)
                          .flatMap(
                              ignored ->
                                  Uni.createFrom()
                                      .failure(
                                          ApiException.of(
                                              ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
                                              "refused",
                                              Map.of())));
                    }));
    assertThat(failure(failing).reason()).isEqualTo(ErrorReason.ERROR_REASON_PRECONDITION_FAILED);
    assertThat(effectsOf(id)).isZero();

    AuditStamp retried = register(id, "carol").await().atMost(WAIT);

    assertThat(retried.getReason()).startsWith("effect-");
    assertThat(executions).hasValue(2);
    assertThat(effectsOf(id)).isEqualTo(1);
  }

  @Test
  void idsAreScopedSoTwoCallersNeverCollide() {
    String id = UUID.randomUUID().toString();
    register(id, "dana").await().atMost(WAIT);
    AuditStamp request = AuditStamp.newBuilder().setRequestId(id).setReason("other").build();

    AuditStamp other =
        sessions
            .withTransaction(
                session ->
                    IdempotentCommands.execute(
                        session,
                        "test.Register:ops-budi",
                        id,
                        request,
                        AuditStamp.parser(),
                        () ->
                            Uni.createFrom().item(AuditStamp.newBuilder().setReason("ok").build())))
            .await()
            .atMost(WAIT);

    assertThat(other.getReason()).isEqualTo("ok");
  }

  @Test
  void malformedRequestIdIsInvalidArgumentOnTheField() {
    ApiException e = failure(register("has spaces and ünïcode", "eve"));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.fieldViolations()).extracting(FieldViolation::field).containsExactly("request_id");
    assertThat(executions).hasValue(0);
  }

  @Test
  void purgeForgetsRecordsOlderThanTheRetentionAndKeepsTheRest() {
    String old = UUID.randomUUID().toString();
    String recent = UUID.randomUUID().toString();
    register(old, "frank").await().atMost(WAIT);
    register(recent, "frank").await().atMost(WAIT);
    sessions
        .withTransaction(
            s ->
                s.createNativeQuery(
                        "update kit_idempotency_record set created_at = now() - interval '2 days'"
                            + " where request_id = :id")
                    .setParameter("id", old)
                    .executeUpdate())
        .await()
        .atMost(WAIT);

    int purged =
        sessions
            .withTransaction(s -> IdempotentCommands.purgeOlderThan(s, Duration.ofDays(1)))
            .await()
            .atMost(WAIT);
    register(recent, "frank").await().atMost(WAIT);
    assertThat(executions).as("the recent request id is still remembered").hasValue(2);
    register(old, "frank").await().atMost(WAIT);

    assertThat(purged).isEqualTo(1);
    assertThat(executions).as("the forgotten request id runs as a new command").hasValue(3);
  }

  private static ApiException failure(Uni<?> uni) {
    try {
      uni.await().atMost(WAIT);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected the command to fail");
  }
}
