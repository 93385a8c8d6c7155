package io.creatorgov.creator.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.service.CreatorJournal;
import io.creatorgov.creator.service.FeedChange;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.grpc.Context;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The feed's ordering guarantee under concurrent writers: a slow transaction that took its sequence
 * first and commits last is still delivered to a consumer that is already reading — because writers
 * hold the feed's advisory lock until commit (kit FeedWriter). Without the lock the fast writer's
 * higher sequence commits first, the reader moves past it, and the slow one is lost. Same test
 * resources as {@link CreatorGrpcServiceTest}, so the application is shared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorFeedOrderingTest {
  @Inject CreatorJournal journal;

  @GrpcClient("creator")
  CreatorServiceGrpc.CreatorServiceBlockingStub grpc;

  @Test
  void aSlowWriterThatTookTheLowerSequenceIsNotSkippedByAReaderOfTheFastOne() throws Throwable {
    String slowCreator = "cr_slow_" + UUID.randomUUID().toString().replace("-", "");
    String fastCreator = "cr_fast_" + UUID.randomUUID().toString().replace("-", "");
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch both = new CountDownLatch(2);
    CountDownLatch streaming = new CountDownLatch(1);
    Context.CancellableContext reading = Context.current().withCancellation();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () ->
                reading.run(
                    () -> {
                      Iterator<StreamCreatorEventsResponse> it =
                          grpc.withCallCredentials(
                                  BearerAuth.of(TestAuthKeys.token("reader", Role.SERVICE)))
                              .withDeadlineAfter(30, TimeUnit.SECONDS)
                              .streamCreatorEvents(
                                  StreamCreatorEventsRequest.newBuilder()
                                      .setStartFromNow(true)
                                      .addCreatorIds(slowCreator)
                                      .addCreatorIds(fastCreator)
                                      .build());
                      while (it.hasNext()) {
                        StreamCreatorEventsResponse r = it.next();
                        if (r.hasCheckpoint()) {
                          streaming.countDown(); // caught up: now the writers may start
                        } else {
                          seen.add(r.getEvent().getCreatorId());
                          both.countDown();
                        }
                      }
                    }));
    assertThat(streaming.await(20, TimeUnit.SECONDS)).isTrue();

    CountDownLatch slowInserted = new CountDownLatch(1);
    CompletableFuture<Void> slow =
        CompletableFuture.runAsync(
            () -> {
              try {
                VertxContextSupport.subscribeAndAwait(
                    () ->
                        Panache.withTransaction(
                            () ->
                                append(slowCreator)
                                    .invoke(slowInserted::countDown)
                                    // hold the transaction (and its sequence) open while the
                                    // fast writer commits
                                    .chain(this::sleepInTheDatabase)));
              } catch (Throwable e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(slowInserted.await(20, TimeUnit.SECONDS)).isTrue();
    VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> append(fastCreator)));
    slow.get(30, TimeUnit.SECONDS);

    boolean bothSeen = both.await(10, TimeUnit.SECONDS);
    reading.cancel(null);
    assertThat(bothSeen).as("events delivered: %s", seen).isTrue();
    assertThat(Set.copyOf(seen)).containsExactlyInAnyOrder(slowCreator, fastCreator);
    reader.handle((ok, failure) -> null).get(10, TimeUnit.SECONDS);
  }

  private io.smallrye.mutiny.Uni<Void> append(String creatorId) {
    return journal.event(
        new FeedChange.Activated(CreatorStatus.ACTIVE, CreatorTier.BRONZE),
        creatorId,
        "SG",
        CallerIdentity.system("feed-ordering-test"),
        OffsetDateTime.now(ZoneOffset.UTC));
  }

  private io.smallrye.mutiny.Uni<Void> sleepInTheDatabase() {
    return Panache.getSession()
        .chain(s -> s.createNativeQuery("select pg_sleep(1.5)").getResultList())
        .replaceWithVoid();
  }
}
