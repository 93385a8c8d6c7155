package io.creatorgov.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.rpc.ErrorInfo;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.StartAppealReviewRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cross-service story with the four real services as processes: policies published, creators
 * onboarded in a points-ladder market (MY) and a health-rating market (VN), commission set within
 * and over the cap, violations reported until a threshold restricts going live, the restriction
 * visible to the live room through CheckCapability, the creator's appeal overturning it — and a new
 * commission-cap version published mid-story that the next decision uses at once, while the old
 * version can still be replayed by number.
 */
class CreatorGovernanceStoryIT {
  private static SuiteProcesses suite;
  private static Platform platform;

  @BeforeAll
  static void startTheSuite() throws Exception {
    suite = SuiteProcesses.startAll();
    platform = new Platform(suite);
    platform.publishSeedPolicies();
  }

  @AfterAll
  static void stopTheSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void violationsRestrictACreatorUntilItsAppealIsOverturnedAcrossTheServices() {
    Creator my = platform.onboard("MY", "story.my." + suffix(), List.of("beauty", "fashion"));
    Creator vn = platform.onboard("VN", "story.vn." + suffix(), List.of("beauty"));
    assertThat(platform.check(my.getCreatorId(), Capability.CAPABILITY_GO_LIVE).getAllowed())
        .isTrue();

    // Points ladder (MY), 2 points per fake discount: 2 → content removal only; 4 (≥ 3) →
    // traffic limited and campaign-ineligible; 6 → live disabled as well.
    EnforcementAction removal = reportAndApply(my, 2);
    assertThat(platform.check(my.getCreatorId(), Capability.CAPABILITY_JOIN_CAMPAIGN).getAllowed())
        .isTrue();
    EnforcementAction trafficLimited = reportAndApply(my, 4);
    assertThat(trafficLimited.getActionId()).isNotEqualTo(removal.getActionId());
    assertThat(platform.check(my.getCreatorId(), Capability.CAPABILITY_JOIN_CAMPAIGN).getAllowed())
        .as("campaign-ineligible at 4 points")
        .isFalse();
    assertThat(platform.check(my.getCreatorId(), Capability.CAPABILITY_GO_LIVE).getAllowed())
        .isTrue();
    EnforcementAction liveDisabled = reportAndApply(my, 6);
    assertThat(platform.check(my.getCreatorId(), Capability.CAPABILITY_GO_LIVE).getAllowed())
        .as("live disabled at 6 points")
        .isFalse();

    // Health rating (VN): the same violation costs score instead of adding points.
    ReportViolationResponse vnReport =
        platform.report(Platform.requestId(), vn, "COUNTERFEIT_GOODS", Instant.now());
    assertThat(vnReport.getStandingChange().hasScore()).isTrue();
    assertThat(vnReport.getStandingChange().getScore().getScoreAfter())
        .isLessThan(vnReport.getStandingChange().getScore().getScoreBefore());

    // The creator appeals the second decision; a human reviewer overturns it.
    String appealId =
        platform
            .enforcement(my.getCreatorId(), Role.CREATOR)
            .fileAppeal(
                FileAppealRequest.newBuilder()
                    .setRequestId(Platform.requestId())
                    .setActionId(liveDisabled.getActionId())
                    .setStatement("The goods were genuine; invoices attached.")
                    .build())
            .getAppeal()
            .getAppealId();
    platform
        .enforcement("reviewer-rina", Role.APPEALS_REVIEWER)
        .startAppealReview(
            StartAppealReviewRequest.newBuilder()
                .setRequestId(Platform.requestId())
                .setAppealId(appealId)
                .build());
    EnforcementAction overturned =
        platform
            .enforcement("reviewer-rina", Role.APPEALS_REVIEWER)
            .decideAppeal(
                DecideAppealRequest.newBuilder()
                    .setRequestId(Platform.requestId())
                    .setAppealId(appealId)
                    .setOutcome(AppealOutcome.APPEAL_OUTCOME_OVERTURN)
                    .setReasoning("Invoices verify the goods as genuine.")
                    .build())
            .getAction();
    assertThat(overturned.getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_OVERTURNED);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(
                        platform
                            .check(my.getCreatorId(), Capability.CAPABILITY_GO_LIVE)
                            .getAllowed())
                    .as("going live restored after the overturn")
                    .isTrue());
    assertThat(platform.check(my.getCreatorId(), Capability.CAPABILITY_JOIN_CAMPAIGN).getAllowed())
        .as("the decision at 4 points (campaign-ineligible) still stands")
        .isFalse();
  }

  @Test
  void aNewCommissionCapVersionDecidesTheNextChangeAtOnceAndTheOldOneCanBeReplayed()
      throws Exception {
    Creator creator = platform.onboard("MY", "caps.my." + suffix(), List.of("beauty"));
    ResolvedPolicy before = platform.resolve("commission.caps", "MY");
    int beautyCap = capOf(before.getContent(), "beauty");
    assertThat(platform.setCommission(creator.getCreatorId(), "beauty", beautyCap).getTerms())
        .isNotNull();
    StatusRuntimeException over =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> platform.setCommission(creator.getCreatorId(), "beauty", beautyCap + 1));
    assertThat(over.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reason(over)).isEqualTo("COMMISSION_CAP_EXCEEDED");
    assertThat(metadata(over)).containsEntry("cap_bps", Integer.toString(beautyCap));

    int lowered = beautyCap / 2;
    int version = platform.publishVersion("commission.caps", withBeautyCap(before, lowered));

    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> platform.setCommission(creator.getCreatorId(), "beauty", lowered + 1));
    assertThat(reason(refused)).isEqualTo("COMMISSION_CAP_EXCEEDED");
    assertThat(metadata(refused))
        .containsEntry("cap_bps", Integer.toString(lowered))
        .containsEntry("policy_version", Integer.toString(version));
    assertThat(
            capOf(
                platform.resolve("commission.caps", "MY", before.getVersion()).getContent(),
                "beauty"))
        .as("the old version replayed by number")
        .isEqualTo(beautyCap);
  }

  @Test
  void aFeedConsumerAcrossAnEnforcementRestartEndsWithExactlyTheEventsThatHappenedInOrder()
      throws Exception {
    Creator watched = platform.onboard("MY", "feed.my." + suffix(), List.of("beauty"));
    Creator quiet = platform.onboard("MY", "quiet.my." + suffix(), List.of("beauty"));
    String watchedToken = lastToken(readFeed(watched, "")); // nothing yet: a checkpoint
    String quietToken = lastToken(readFeed(quiet, ""));

    reportAndApply(watched, 2);
    reportAndApply(watched, 4);
    List<StreamEnforcementEventsResponse> beforeRestart = readFeed(watched, watchedToken);
    watchedToken = lastToken(beforeRestart);

    suite.stop(SuiteProcesses.Service.ENFORCEMENT);
    suite.start(SuiteProcesses.Service.ENFORCEMENT);
    reportAndApply(watched, 6);
    List<StreamEnforcementEventsResponse> afterRestart = readFeed(watched, watchedToken);

    List<Long> consumed = new java.util.ArrayList<>(sequences(beforeRestart));
    consumed.addAll(sequences(afterRestart));
    List<Long> everything = sequences(readFeed(watched, ""));
    assertThat(consumed).as("what the consumer saw across the restart").isEqualTo(everything);
    assertThat(consumed).isSorted().doesNotHaveDuplicates();
    assertThat(sequences(afterRestart)).isNotEmpty();

    // A consumer whose filter matched nothing all along still resumes, past everyone's events.
    List<StreamEnforcementEventsResponse> quietRead = readFeed(quiet, quietToken);
    assertThat(sequences(quietRead)).isEmpty();
    assertThat(quietRead.get(quietRead.size() - 1).getCheckpoint().getSequence())
        .isGreaterThanOrEqualTo(everything.get(everything.size() - 1));
    System.out.printf(
        "enforcement feed across a restart: events consumed=%d (before %d, after %d),"
            + " from the start=%d, duplicates=0, quiet consumer checkpoints=%d%n",
        consumed.size(),
        sequences(beforeRestart).size(),
        sequences(afterRestart).size(),
        everything.size(),
        quietRead.size());
  }

  /** Every item of {@code creator}'s enforcement events after {@code token}, for two seconds. */
  private static List<StreamEnforcementEventsResponse> readFeed(Creator creator, String token) {
    List<StreamEnforcementEventsResponse> items = new java.util.ArrayList<>();
    var stream =
        platform
            .enforcement("dashboards", Role.SERVICE)
            .withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
            .streamEnforcementEvents(
                StreamEnforcementEventsRequest.newBuilder()
                    .addCreatorIds(creator.getCreatorId())
                    .setResumeToken(token)
                    .build());
    try {
      stream.forEachRemaining(items::add);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
    }
    assertThat(items).as("at least the catching-up checkpoint").isNotEmpty();
    return items;
  }

  private static String lastToken(List<StreamEnforcementEventsResponse> items) {
    StreamEnforcementEventsResponse last = items.get(items.size() - 1);
    return last.hasEvent()
        ? last.getEvent().getEnvelope().getResumeToken()
        : last.getCheckpoint().getResumeToken();
  }

  private static List<Long> sequences(List<StreamEnforcementEventsResponse> items) {
    return items.stream()
        .filter(StreamEnforcementEventsResponse::hasEvent)
        .map(i -> i.getEvent().getEnvelope().getSequence())
        .toList();
  }

  /** Reports a fake discount by {@code creator}; the creator then has {@code pointsAfter}. */
  private static EnforcementAction reportAndApply(Creator creator, int pointsAfter) {
    ReportViolationResponse report =
        platform.report(Platform.requestId(), creator, "FAKE_DISCOUNT", Instant.now());
    assertThat(report.getStandingChange().getPoints().getPointsAfter()).isEqualTo(pointsAfter);
    EnforcementAction action = platform.awaitApplied(report.getViolation().getActionId());
    assertThat(action.getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    return action;
  }

  private static PolicyVersion withBeautyCap(ResolvedPolicy current, int capBps) {
    PolicyContent.Builder content = current.getContent().toBuilder();
    var caps = content.getCommissionCapsBuilder();
    for (int i = 0; i < caps.getCategoryCapsCount(); i++) {
      if (caps.getCategoryCaps(i).getCategory().equals("beauty")) {
        caps.setCategoryCaps(i, caps.getCategoryCaps(i).toBuilder().setMaxRateBps(capBps));
      }
    }
    return PolicyVersion.newBuilder()
        .setChangeSummary("beauty cap lowered mid-story")
        .setBaseContent(content)
        .build();
  }

  private static int capOf(PolicyContent content, String category) {
    return content.getCommissionCaps().getCategoryCapsList().stream()
        .filter(c -> c.getCategory().equals(category))
        .findFirst()
        .orElseThrow()
        .getMaxRateBps();
  }

  private static String reason(StatusRuntimeException e) {
    return errorInfo(e).getReason();
  }

  private static Map<String, String> metadata(StatusRuntimeException e) {
    return errorInfo(e).getMetadataMap();
  }

  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("rich error status of %s", e).isNotNull();
    return status.getDetailsList().stream()
        .filter(d -> d.is(ErrorInfo.class))
        .findFirst()
        .map(
            d -> {
              try {
                return d.unpack(ErrorInfo.class);
              } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                throw new AssertionError(bad);
              }
            })
        .orElseThrow(() -> new AssertionError("no ErrorInfo in " + e));
  }

  private static String suffix() {
    return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }
}
