package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementEventType;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.enforcement.v1.WithdrawAppealRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.feed.FeedRetentionJob;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * StreamEnforcementEvents through the real gRPC API on real PostgreSQL: commit order, resumption
 * without loss or duplicates, start_from_now, filters and market scope, and the retention horizon.
 * Every stream is cancelled when the test has read what it needs, so its slot is given back.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class EnforcementFeedGrpcServiceTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  @Inject FeedRetentionJob feedRetention;

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String token) {
    return api.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return as(TestAuthKeys.token("moderation-pipeline", Role.SERVICE));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub consumer() {
    return as(TestAuthKeys.token("incentive-service", Role.SERVICE));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub self(String creator) {
    return as(TestAuthKeys.token(creator, Role.CREATOR));
  }

  /** Reads a stream with {@code reader}, then cancels it. */
  private static <T> T reading(
      EnforcementServiceGrpc.EnforcementServiceBlockingStub stub,
      StreamEnforcementEventsRequest request,
      Function<Iterator<StreamEnforcementEventsResponse>, T> reader) {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return context.call(() -> reader.apply(stub.streamEnforcementEvents(request)));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  /** The events of a stream up to and including the first that matches {@code last}. */
  private static Function<Iterator<StreamEnforcementEventsResponse>, List<EnforcementEvent>> until(
      Predicate<EnforcementEvent> last) {
    return responses -> {
      List<EnforcementEvent> events = new ArrayList<>();
      while (true) {
        StreamEnforcementEventsResponse r = responses.next();
        if (r.hasEvent()) {
          events.add(r.getEvent());
          if (last.test(r.getEvent())) {
            return events;
          }
        }
      }
    };
  }

  private static Predicate<EnforcementEvent> ofType(EnforcementEventType type) {
    return e -> e.getEventType() == type;
  }

  /** The resume token of the feed's current end (the first checkpoint of a stream from now). */
  private String currentPosition() {
    return reading(
        consumer(),
        StreamEnforcementEventsRequest.newBuilder().setStartFromNow(true).build(),
        responses -> responses.next().getCheckpoint().getResumeToken());
  }

  private static StreamEnforcementEventsRequest.Builder after(String token, String creator) {
    return StreamEnforcementEventsRequest.newBuilder().setResumeToken(token).addCreatorIds(creator);
  }

  /** A creator in MY whose counterfeit's COMMISSION_FREEZE is applied. */
  private ReportViolationResponse appliedFreeze() {
    String creator = creatorId();
    creatorService.register(creator, "MY");
    ReportViolationResponse r =
        pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                pipeline()
                        .getEnforcementAction(
                            GetEnforcementActionRequest.newBuilder()
                                .setActionId(r.getAction().getActionId())
                                .build())
                        .getAction()
                        .getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    return r;
  }

  private Appeal file(ReportViolationResponse r) {
    return self(r.getViolation().getCreatorId())
        .fileAppeal(
            FileAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setActionId(r.getAction().getActionId())
                .setStatement("the goods were genuine")
                .build())
        .getAppeal();
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  @Test
  void eventsComeInCommitOrderAndAResumedStreamMissesNothingAndRepeatsNothing() {
    String start = currentPosition();
    ReportViolationResponse r = appliedFreeze();
    String creator = r.getViolation().getCreatorId();
    Appeal appeal = file(r);

    List<EnforcementEvent> all =
        reading(
            consumer(),
            after(start, creator).build(),
            until(ofType(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_FILED)));

    assertThat(all).extracting(EnforcementEvent::getCreatorId).containsOnly(creator);
    assertThat(all)
        .extracting(e -> e.getEnvelope().getSequence())
        .isSortedAccordingTo(Long::compare)
        .doesNotHaveDuplicates();
    assertThat(all)
        .extracting(EnforcementEvent::getEventType)
        .startsWith(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_VIOLATION_RECORDED)
        .contains(
            EnforcementEventType.ENFORCEMENT_EVENT_TYPE_STANDING_CHANGED,
            EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_DECIDED,
            EnforcementEventType.ENFORCEMENT_EVENT_TYPE_COMMISSION_HOLD_OPENED,
            EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_APPLIED)
        .endsWith(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_FILED);
    EnforcementEvent recorded = all.get(0);
    assertThat(recorded.getViolationRecorded().getViolation().getViolationId())
        .isEqualTo(r.getViolation().getViolationId());
    assertThat(recorded.getEnvelope().getSubject())
        .isEqualTo("violations/" + r.getViolation().getViolationId());
    assertThat(recorded.getMarket()).isEqualTo("MY");
    assertThat(all.get(all.size() - 1).getAppealFiled().getAppeal().getAppealId())
        .isEqualTo(appeal.getAppealId());
    // every subject names its resource as the contract spells it
    String holdId = r.getAction().getCommissionHold().getHoldId();
    assertThat(all)
        .filteredOn(
            e ->
                e.getEventType()
                    == EnforcementEventType.ENFORCEMENT_EVENT_TYPE_COMMISSION_HOLD_OPENED)
        .extracting(e -> e.getEnvelope().getSubject())
        .containsExactly("commissionHolds/" + holdId);
    assertThat(all)
        .filteredOn(
            e -> e.getEventType() == EnforcementEventType.ENFORCEMENT_EVENT_TYPE_STANDING_CHANGED)
        .extracting(e -> e.getEnvelope().getSubject())
        .containsOnly("creators/" + creator);

    // resume after the second event: the rest, exactly once, in the same order
    List<EnforcementEvent> resumed =
        reading(
            consumer(),
            after(all.get(1).getEnvelope().getResumeToken(), creator).build(),
            until(ofType(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_FILED)));
    assertThat(resumed).containsExactlyElementsOf(all.subList(2, all.size()));

    // a change committed while nobody listens is the first thing a resumed stream delivers
    self(creator)
        .withdrawAppeal(
            WithdrawAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(appeal.getAppealId())
                .build());
    List<EnforcementEvent> afterGap =
        reading(
            consumer(),
            after(all.get(all.size() - 1).getEnvelope().getResumeToken(), creator).build(),
            until(e -> true));
    assertThat(afterGap.get(0).getEventType())
        .isEqualTo(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_WITHDRAWN);
    assertThat(afterGap.get(0).getAppealWithdrawn().getAppeal().getAppealId())
        .isEqualTo(appeal.getAppealId());
  }

  @Test
  void aStreamFromNowStartsWithACheckpointAndDeliversOnlyLaterEvents() {
    String creator = creatorId();
    creatorService.register(creator, "MY");
    pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM"));

    List<ReportViolationResponse> reported = new ArrayList<>();

    List<EnforcementEvent> later =
        reading(
            consumer(),
            StreamEnforcementEventsRequest.newBuilder()
                .setStartFromNow(true)
                .addCreatorIds(creator)
                .build(),
            responses -> {
              assertThat(responses.next().hasCheckpoint()).as("caught up at once").isTrue();
              reported.add(pipeline().reportViolation(report(creator, "MY", "FAKE_DISCOUNT")));
              return until(ofType(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_VIOLATION_RECORDED))
                  .apply(responses);
            });

    // the first violation recorded on the stream is the one reported after it started
    assertThat(later.get(later.size() - 1).getViolationRecorded().getViolation().getViolationId())
        .isEqualTo(reported.get(0).getViolation().getViolationId());
  }

  @Test
  void filtersAndTheCallersMarketScopeSelectTheEvents() {
    String start = currentPosition();
    ReportViolationResponse r = appliedFreeze();
    String creator = r.getViolation().getCreatorId();
    Appeal appeal = file(r);

    List<EnforcementEvent> appealsOnly =
        reading(
            consumer(),
            after(start, creator)
                .addMarkets("MY")
                .addEventTypes(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_FILED)
                .build(),
            until(e -> true));
    assertThat(appealsOnly).hasSize(1);
    assertThat(appealsOnly.get(0).getAppealFiled().getAppeal().getAppealId())
        .isEqualTo(appeal.getAppealId());

    // a Vietnam-scoped consumer sees none of them: it reads checkpoints up to the appeal's event
    long appealSequence = appealsOnly.get(0).getEnvelope().getSequence();
    List<StreamEnforcementEventsResponse> seenInVietnam =
        reading(
            as(TestAuthKeys.scopedToken("payouts-vn", new String[] {"VN"}, Role.SERVICE)),
            after(start, creator).build(),
            responses -> {
              List<StreamEnforcementEventsResponse> seen = new ArrayList<>();
              StreamEnforcementEventsResponse item;
              do {
                item = responses.next();
                seen.add(item);
              } while (!item.hasCheckpoint()
                  || item.getCheckpoint().getSequence() < appealSequence);
              return seen;
            });
    assertThat(seenInVietnam).noneMatch(StreamEnforcementEventsResponse::hasEvent);

    ErrorDetails outOfScope =
        failure(
            () ->
                reading(
                    as(TestAuthKeys.scopedToken("payouts-vn", new String[] {"VN"}, Role.SERVICE)),
                    StreamEnforcementEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("MY")
                        .build(),
                    responses -> responses.next()));
    assertThat(outOfScope.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
  }

  @Test
  void aResumeTokenFromBeforeTheRetentionHorizonIsRefusedAsExpired() throws Exception {
    String before = currentPosition();
    String creator = creatorId();
    creatorService.register(creator, "MY");
    pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM"));
    TestSql.execute(
        "UPDATE enforcement_event SET occurred_at = now() - interval '400 days'"
            + " WHERE creator_id = ?",
        creator);
    ErrorDetails expired;
    try {
      feedRetention.purgeBefore(Instant.now().minus(Duration.ofDays(30))).await().indefinitely();
      expired =
          failure(
              () ->
                  reading(
                      consumer(),
                      StreamEnforcementEventsRequest.newBuilder().setResumeToken(before).build(),
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
                    consumer(),
                    StreamEnforcementEventsRequest.newBuilder().setResumeToken("forged").build(),
                    responses -> responses.next()));
    assertThat(forged.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_RESUME_TOKEN);
  }
}
