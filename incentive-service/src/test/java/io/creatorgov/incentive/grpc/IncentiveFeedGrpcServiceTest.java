package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.FeedReading.currentPosition;
import static io.creatorgov.incentive.grpc.FeedReading.currentSequence;
import static io.creatorgov.incentive.grpc.FeedReading.reading;
import static io.creatorgov.incentive.grpc.FeedReading.through;
import static io.creatorgov.incentive.grpc.FeedReading.until;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.eligibleCreator;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.points;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.IncentiveEventType;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramState;
import io.creatorgov.incentive.v1.StreamIncentiveEventsRequest;
import io.creatorgov.incentive.v1.StreamIncentiveEventsResponse;
import io.creatorgov.incentive.v1.WithdrawRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.feed.FeedRetentionJob;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.grpc.Status;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * StreamIncentiveEvents through the real gRPC API on real PostgreSQL: commit order, resumption
 * without loss or duplicates, start_from_now, filters and market scope, checkpoints of a quiet
 * stream, the retention horizon and who may read the feed. Every stream is cancelled once read.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakeCreatorService.class)
@QuarkusTestResource(FakeEnforcementService.class)
class IncentiveFeedGrpcServiceTest {
  private static final String MANAGER = "manager-feed";

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;
  @FakeEnforcementService.Inject FakeEnforcementService.Enforcement enforcement;

  @Inject FeedRetentionJob feedRetention;

  @Test
  void eventsComeInCommitOrderAndAResumedStreamMissesNothingAndRepeatsNothing() {
    String start = currentPosition(payouts());
    Program p = runningBoostProgram();
    String creator = eligible();
    Enrollment e = enroll(p, creator);
    withdraw(e);
    pause(p);

    List<IncentiveEvent> all =
        reading(
            payouts(),
            after(start, p).build(),
            until(stateChangedTo(ProgramState.PROGRAM_STATE_PAUSED)));

    assertThat(all)
        .extracting(IncentiveEvent::getEventType)
        .containsExactly(
            IncentiveEventType.INCENTIVE_EVENT_TYPE_PROGRAM_STATE_CHANGED,
            IncentiveEventType.INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED,
            IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_GRANTED,
            IncentiveEventType.INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED,
            IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_REVOKED,
            IncentiveEventType.INCENTIVE_EVENT_TYPE_PROGRAM_STATE_CHANGED);
    assertThat(all)
        .extracting(ev -> ev.getEnvelope().getSequence())
        .isSortedAccordingTo(Long::compare)
        .doesNotHaveDuplicates();
    assertThat(all).extracting(IncentiveEvent::getProgramId).containsOnly(p.getProgramId());
    assertThat(all).extracting(IncentiveEvent::getMarket).containsOnly("MY");
    assertThat(all).allSatisfy(ev -> assertThat(ev.getEnvelope().getResumeToken()).isNotEmpty());
    assertThat(all.get(0).getEnvelope().getSubject()).isEqualTo("programs/" + p.getProgramId());
    assertThat(all.get(0).getCreatorId()).isEmpty();
    assertThat(all.get(0).getProgram().getState()).isEqualTo(ProgramState.PROGRAM_STATE_ACTIVE);
    assertThat(all.get(1).getEnvelope().getSubject())
        .isEqualTo("programs/" + p.getProgramId() + "/enrollments/" + e.getEnrollmentId());
    assertThat(all.get(1).getEnrollment().getEnrollmentId()).isEqualTo(e.getEnrollmentId());
    assertThat(all.get(1).getCreatorId()).isEqualTo(creator);

    // resume after the second event: the rest, exactly once, in the same order
    List<IncentiveEvent> resumed =
        reading(
            payouts(),
            after(all.get(1).getEnvelope().getResumeToken(), p).build(),
            until(stateChangedTo(ProgramState.PROGRAM_STATE_PAUSED)));
    assertThat(resumed).containsExactlyElementsOf(all.subList(2, all.size()));

    // a change committed while nobody listens is the first thing a resumed stream delivers
    end(p);
    List<IncentiveEvent> afterGap =
        reading(
            payouts(),
            after(all.get(all.size() - 1).getEnvelope().getResumeToken(), p).build(),
            until(ev -> true));
    assertThat(afterGap.get(0).getProgram().getState()).isEqualTo(ProgramState.PROGRAM_STATE_ENDED);
  }

  @Test
  void aStreamFromNowStartsWithACheckpointAndDeliversOnlyLaterEvents() {
    Program p = runningBoostProgram();

    List<IncentiveEvent> later =
        reading(
            payouts(),
            StreamIncentiveEventsRequest.newBuilder()
                .setStartFromNow(true)
                .addProgramIds(p.getProgramId())
                .build(),
            responses -> {
              assertThat(responses.next().hasCheckpoint()).as("caught up at once").isTrue();
              pause(p);
              return until(ev -> true).apply(responses);
            });

    // the activation before the stream started is not delivered; the pause after it is
    assertThat(later).hasSize(1);
    assertThat(later.get(0).getProgram().getState()).isEqualTo(ProgramState.PROGRAM_STATE_PAUSED);
  }

  @Test
  void filtersAndTheCallersMarketScopeSelectTheEvents() {
    String start = currentPosition(payouts());
    Program p = runningBoostProgram();
    Enrollment e = enroll(p, eligible());
    pause(p);
    long last = currentSequence(payouts());

    List<IncentiveEvent> enrolmentsOnly =
        reading(
            payouts(),
            after(start, p)
                .addMarkets("MY")
                .addEventTypes(IncentiveEventType.INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED)
                .build(),
            through(last));
    assertThat(enrolmentsOnly).hasSize(1);
    assertThat(enrolmentsOnly.get(0).getEnrollment().getEnrollmentId())
        .isEqualTo(e.getEnrollmentId());

    List<IncentiveEvent> boostsOnly =
        reading(
            payouts(),
            after(start, p)
                .addEventTypes(IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_GRANTED)
                .addEventTypes(IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_REVOKED)
                .build(),
            through(last));
    assertThat(boostsOnly)
        .extracting(IncentiveEvent::getEventType)
        .containsExactly(
            IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_GRANTED,
            IncentiveEventType.INCENTIVE_EVENT_TYPE_TRAFFIC_BOOST_REVOKED);

    List<IncentiveEvent> inOtherMarkets =
        reading(
            payouts(), after(start, p).addMarkets("VN").addMarkets("TH").build(), through(last));
    assertThat(inOtherMarkets).isEmpty();

    // a Vietnam-scoped consumer sees none of them, only checkpoints up to the feed's end
    List<IncentiveEvent> seenInVietnam =
        reading(
            as(TestAuthKeys.scopedToken("payouts-vn", new String[] {"VN"}, Role.SERVICE)),
            after(start, p).build(),
            through(last));
    assertThat(seenInVietnam).isEmpty();

    ErrorDetails outOfScope =
        failure(
            () ->
                reading(
                    as(TestAuthKeys.scopedToken("payouts-vn", new String[] {"VN"}, Role.SERVICE)),
                    StreamIncentiveEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("MY")
                        .build(),
                    responses -> responses.next()));
    assertThat(outOfScope.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(outOfScope.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
  }

  @Test
  void aQuietFilteredStreamGetsCheckpointsThatMovePastEventsItDoesNotWant() {
    String nothing = "prg_" + UUID.randomUUID();

    List<StreamIncentiveEventsResponse> seen =
        reading(
            payouts(),
            StreamIncentiveEventsRequest.newBuilder()
                .setStartFromNow(true)
                .addProgramIds(nothing)
                .build(),
            responses -> {
              List<StreamIncentiveEventsResponse> items = new ArrayList<>();
              items.add(responses.next());
              // another programme's event commits; the stream stays silent about it
              Program other = runningBoostProgram();
              long otherSequence = currentSequence(payouts());
              StreamIncentiveEventsResponse item;
              do {
                item = responses.next();
                items.add(item);
              } while (!item.hasCheckpoint() || item.getCheckpoint().getSequence() < otherSequence);
              assertThat(other.getProgramId()).isNotEqualTo(nothing);
              return items;
            });

    assertThat(seen).allMatch(StreamIncentiveEventsResponse::hasCheckpoint);
    assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
    assertThat(seen)
        .extracting(r -> r.getCheckpoint().getSequence())
        .isSortedAccordingTo(Long::compare);
    // the later checkpoint's token resumes past the unwanted event: nothing is delivered before
    // the next event of the wanted programme
    StreamIncentiveEventsResponse lastCheckpoint = seen.get(seen.size() - 1);
    assertThat(lastCheckpoint.getCheckpoint().getResumeToken()).isNotEmpty();
    assertThat(lastCheckpoint.getCheckpoint().hasAsOfTime()).isTrue();
  }

  @Test
  void aResumeTokenFromBeforeTheRetentionHorizonIsRefusedAsExpiredAndAForgedOneAsInvalid()
      throws Exception {
    String before = currentPosition(payouts());
    Program aged = runningBoostProgram();
    TestSql.execute(
        "UPDATE incentive_event SET occurred_at = now() - interval '400 days' WHERE program_id = ?",
        aged.getProgramId());
    ErrorDetails expired;
    try {
      feedRetention.purgeBefore(Instant.now().minus(Duration.ofDays(30))).await().indefinitely();
      expired =
          failure(
              () ->
                  reading(
                      payouts(),
                      StreamIncentiveEventsRequest.newBuilder().setResumeToken(before).build(),
                      responses -> responses.next()));
    } finally {
      TestSql.execute("DELETE FROM kit_feed_horizon");
    }

    assertThat(expired.code()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(expired.reason()).isEqualTo(ErrorReason.ERROR_REASON_RESUME_TOKEN_EXPIRED);
    assertThat(expired.errorInfo().orElseThrow().getMetadataMap())
        .containsKey("oldest_retained_sequence");

    ErrorDetails forged =
        failure(
            () ->
                reading(
                    payouts(),
                    StreamIncentiveEventsRequest.newBuilder().setResumeToken("forged").build(),
                    responses -> responses.next()));
    assertThat(forged.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(forged.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_RESUME_TOKEN);
    assertThat(forged.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("resume_token");
  }

  @Test
  void servicesManagersAdminsAndAuditorsReadTheFeedAndCreatorsDoNot() {
    for (String token :
        List.of(
            TestAuthKeys.token("payouts", Role.SERVICE),
            TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER),
            TestAuthKeys.token("admin-feed", Role.GOVERNANCE_ADMIN),
            TestAuthKeys.token("auditor-feed", Role.AUDITOR))) {
      assertThat(currentPosition(as(token))).isNotEmpty();
    }

    ErrorDetails creator =
        failure(() -> currentPosition(as(TestAuthKeys.token("cr_feed", Role.CREATOR))));
    assertThat(creator.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(creator.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);

    ErrorDetails both =
        failure(
            () ->
                reading(
                    payouts(),
                    StreamIncentiveEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .setResumeToken(currentPosition(payouts()))
                        .build(),
                    responses -> responses.next()));
    assertThat(both.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(both.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("start_from_now");
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** An ACTIVE programme with a 1.5× traffic boost whose window started an hour ago. */
  private Program runningBoostProgram() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    Program draft =
        manager()
            .createProgram(
                create(
                    program(uniqueName("Feed"))
                        .setWindow(window(start, start.plus(Duration.ofDays(30))))))
            .getProgram();
    return manager()
        .activateProgram(
            ActivateProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(draft.getProgramId())
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

  private static java.util.function.Predicate<IncentiveEvent> stateChangedTo(ProgramState state) {
    return ev -> ev.hasProgram() && ev.getProgram().getState() == state;
  }

  private static StreamIncentiveEventsRequest.Builder after(String token, Program p) {
    return StreamIncentiveEventsRequest.newBuilder()
        .setResumeToken(token)
        .addProgramIds(p.getProgramId());
  }

  private static ErrorDetails failure(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).as("the call fails").isNotNull();
    return ErrorDetails.of(thrown);
  }

  private IncentiveServiceBlockingStub as(String token) {
    return client.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private IncentiveServiceBlockingStub manager() {
    return as(TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER));
  }

  private IncentiveServiceBlockingStub payouts() {
    return as(TestAuthKeys.token("payouts", Role.SERVICE));
  }
}
