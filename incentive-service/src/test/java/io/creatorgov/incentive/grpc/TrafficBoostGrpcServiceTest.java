package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.FeedReading.currentSequence;
import static io.creatorgov.incentive.grpc.FeedReading.reading;
import static io.creatorgov.incentive.grpc.FeedReading.through;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.eligibleCreator;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.points;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.incentive.config.AdjustableClock;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.CommissionBonusReward;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.IncentiveEventType;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ReinstateEnrollmentRequest;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.StreamIncentiveEventsRequest;
import io.creatorgov.incentive.v1.TrafficBoostChange;
import io.creatorgov.incentive.v1.WithdrawRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TRAFFIC_BOOST_GRANTED / TRAFFIC_BOOST_REVOKED on the incentive feed, read through
 * StreamIncentiveEvents: a boost is announced when it starts applying (enrolment in a running boost
 * programme, resumption, the window's start) and when it stops (withdrawal, pause, end), exactly
 * once each, also when the moves race.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakeCreatorService.class)
@QuarkusTestResource(FakeEnforcementService.class)
class TrafficBoostGrpcServiceTest {
  private static final String MANAGER = "manager-boosts";
  private static final IncentiveEventType GRANTED =
      IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_GRANTED;
  private static final IncentiveEventType REVOKED =
      IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_REVOKED;

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;
  @FakeEnforcementService.Inject FakeEnforcementService.Enforcement enforcement;

  @Inject AdjustableClock clock;

  @AfterEach
  void realTime() {
    clock.reset();
  }

  @Test
  void enrollingInARunningBoostProgrammeGrantsTheBoostUntilTheWindowEndAndWithdrawalRevokesIt() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    Instant end = start.plus(Duration.ofDays(30));
    Program p = activate(draft(start, end));
    String creator = eligible();

    Enrollment e = enroll(p, creator);
    List<IncentiveEvent> granted = boostEvents(p);

    assertThat(granted).hasSize(1);
    IncentiveEvent grant = granted.get(0);
    assertThat(grant.getEventType()).isEqualTo(GRANTED);
    assertThat(grant.getCreatorId()).isEqualTo(creator);
    assertThat(grant.getMarket()).isEqualTo("MY");
    assertThat(grant.getProgramId()).isEqualTo(p.getProgramId());
    assertThat(grant.getEnvelope().getSubject())
        .isEqualTo("programs/" + p.getProgramId() + "/enrollments/" + e.getEnrollmentId());
    TrafficBoostChange boost = grant.getTrafficBoost();
    assertThat(boost.getProgramId()).isEqualTo(p.getProgramId());
    assertThat(boost.getEnrollmentId()).isEqualTo(e.getEnrollmentId());
    assertThat(boost.getMultiplierPermille()).isEqualTo(1_500);
    assertThat(ProtoTime.toInstant(boost.getUntilTime())).isEqualTo(end);

    withdraw(e);
    List<IncentiveEvent> after = boostEvents(p);

    assertThat(after).extracting(IncentiveEvent::getEventType).containsExactly(GRANTED, REVOKED);
    TrafficBoostChange revoked = after.get(1).getTrafficBoost();
    assertThat(revoked.getEnrollmentId()).isEqualTo(e.getEnrollmentId());
    assertThat(revoked.getMultiplierPermille()).isEqualTo(1_500);
    assertThat(revoked.hasUntilTime()).isFalse();
  }

  @Test
  void pausingTheProgrammeRevokesEveryBoostResumingGrantsThemAgainAndEndingRevokesThem() {
    Program p = runningBoostProgram();
    Enrollment first = enroll(p, eligible());
    Enrollment second = enroll(p, eligible());
    Enrollment withdrawn = enroll(p, eligible());
    withdraw(withdrawn);

    pause(p);
    assertThat(boostsOf(p, first)).containsExactly(GRANTED, REVOKED);
    assertThat(boostsOf(p, second)).containsExactly(GRANTED, REVOKED);

    activate(p);
    assertThat(boostsOf(p, first)).containsExactly(GRANTED, REVOKED, GRANTED);
    assertThat(boostsOf(p, second)).containsExactly(GRANTED, REVOKED, GRANTED);
    assertThat(boostsOf(p, withdrawn))
        .as("not enrolled: no boost")
        .containsExactly(GRANTED, REVOKED);

    end(p);
    assertThat(boostsOf(p, first)).containsExactly(GRANTED, REVOKED, GRANTED, REVOKED);
    assertThat(boostsOf(p, second)).containsExactly(GRANTED, REVOKED, GRANTED, REVOKED);
    assertThat(boostsOf(p, withdrawn)).containsExactly(GRANTED, REVOKED);
  }

  @Test
  void aProgrammeWithoutATrafficBoostAnnouncesNoBoost() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    Program p =
        activate(
            manager()
                .createProgram(
                    create(
                        program(uniqueName("No boost"))
                            .setWindow(window(start, start.plus(Duration.ofDays(30))))
                            .clearRewards()
                            .addRewards(
                                RewardRule.newBuilder()
                                    .setCommissionBonus(
                                        CommissionBonusReward.newBuilder().setBonusBps(200)))))
                .getProgram());
    Enrollment e = enroll(p, eligible());
    pause(p);
    activate(p);
    withdraw(e);

    assertThat(boostEvents(p)).isEmpty();
  }

  @Test
  void aCreatorEnrolledBeforeTheWindowOpensIsGrantedOnceWhenItStarts() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));
    Instant end = start.plus(Duration.ofDays(30));
    Program p = activate(draft(start, end));
    Enrollment e = enroll(p, eligible());
    assertThat(boostEvents(p)).as("the window has not started").isEmpty();

    clock.freezeAt(start.plusSeconds(1));

    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> boostsOf(p, e).size() == 1);
    // the scheduler keeps running: still exactly one grant several rounds later
    Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    List<IncentiveEvent> events = boostEvents(p);
    assertThat(events).extracting(IncentiveEvent::getEventType).containsExactly(GRANTED);
    assertThat(events.get(0).getEnvelope().getActor().getSubject()).isEqualTo("program-scheduler");
    assertThat(ProtoTime.toInstant(events.get(0).getTrafficBoost().getUntilTime())).isEqualTo(end);
  }

  @Test
  void reinstatingAnEnrolmentGrantsItsBoostAgain() throws Exception {
    Program p = runningBoostProgram();
    Enrollment e = enroll(p, eligible());
    // the enrolment was paused (as the enforcement feed does) and its boost revoked
    TestSql.execute(
        "UPDATE enrollment SET state = 'PAUSED', state_reason = 'CREATOR_SUSPENDED'"
            + " WHERE enrollment_id = ?",
        e.getEnrollmentId());
    TestSql.execute(
        "UPDATE traffic_boost SET granted = false WHERE enrollment_id = ?", e.getEnrollmentId());

    manager()
        .reinstateEnrollment(
            ReinstateEnrollmentRequest.newBuilder()
                .setRequestId(requestId())
                .setEnrollmentId(e.getEnrollmentId())
                .setReason("the restriction was lifted")
                .build());

    assertThat(boostsOf(p, e)).containsExactly(GRANTED, GRANTED);
  }

  @Test
  void aWithdrawalRacingAPauseOrAResumptionLeavesEveryBoostAnnouncedExactlyOnce() throws Exception {
    for (int round = 0; round < 6; round++) {
      Program paused = runningBoostProgram();
      Enrollment e = enroll(paused, eligible());
      race(() -> withdraw(e), () -> pause(paused));
      assertThat(boostsOf(paused, e)).as("withdraw vs pause").containsExactly(GRANTED, REVOKED);

      Program resumed = runningBoostProgram();
      Enrollment f = enroll(resumed, eligible());
      pause(resumed);
      race(() -> withdraw(f), () -> activate(resumed));
      // resumed first: granted again, then revoked by the withdrawal; withdrawn first: nothing
      List<IncentiveEventType> raced = boostsOf(resumed, f);
      assertThat(raced)
          .as(
              "withdraw vs resume: grants and revokes alternate and the withdrawn creator ends revoked")
          .isIn(List.of(GRANTED, REVOKED), List.of(GRANTED, REVOKED, GRANTED, REVOKED));
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Runs both calls at once (behind a barrier); both must succeed. */
  private static void race(Runnable a, Runnable b) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (Runnable call : List.of(a, b)) {
        Callable<Object> task =
            () -> {
              start.await(10, TimeUnit.SECONDS);
              call.run();
              return null;
            };
        results.add(pool.submit(task));
      }
      for (Future<Object> f : results) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The programme's boost events on the feed, up to its current end. */
  private List<IncentiveEvent> boostEvents(Program p) {
    long last = currentSequence(payouts());
    return reading(
        payouts(),
        StreamIncentiveEventsRequest.newBuilder()
            .addProgramIds(p.getProgramId())
            .addEventTypes(GRANTED)
            .addEventTypes(REVOKED)
            .build(),
        through(last));
  }

  private List<IncentiveEventType> boostsOf(Program p, Enrollment e) {
    return boostEvents(p).stream()
        .filter(ev -> ev.getTrafficBoost().getEnrollmentId().equals(e.getEnrollmentId()))
        .map(IncentiveEvent::getEventType)
        .toList();
  }

  private Program draft(Instant start, Instant end) {
    return manager()
        .createProgram(create(program(uniqueName("Boost")).setWindow(window(start, end))))
        .getProgram();
  }

  /** An ACTIVE programme with a 1.5× traffic boost whose window started an hour ago. */
  private Program runningBoostProgram() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    return activate(draft(start, start.plus(Duration.ofDays(30))));
  }

  private Program activate(Program p) {
    return manager()
        .activateProgram(
            ActivateProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .build())
        .getProgram();
  }

  private String eligible() {
    String creator = "cr_" + UUID.randomUUID().toString().substring(0, 12);
    creators.register(eligibleCreator(creator).build());
    enforcement.put(points(creator, "MY", 0));
    return creator;
  }

  private Enrollment enroll(Program p, String creator) {
    return manager()
        .enroll(
            EnrollRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .setCreatorId(creator)
                .build())
        .getEnrollment();
  }

  private void withdraw(Enrollment e) {
    manager()
        .withdraw(
            WithdrawRequest.newBuilder()
                .setRequestId(requestId())
                .setEnrollmentId(e.getEnrollmentId())
                .build());
  }

  private void pause(Program p) {
    manager()
        .pauseProgram(
            PauseProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .build());
  }

  private void end(Program p) {
    manager()
        .endProgram(
            EndProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .build());
  }

  private IncentiveServiceBlockingStub as(String token) {
    return client.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private IncentiveServiceBlockingStub manager() {
    return as(TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER));
  }

  private IncentiveServiceBlockingStub payouts() {
    return as(TestAuthKeys.token("payouts-boosts", Role.SERVICE));
  }
}
