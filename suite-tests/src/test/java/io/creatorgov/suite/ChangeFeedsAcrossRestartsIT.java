package io.creatorgov.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.common.v1.EventEnvelope;
import io.creatorgov.common.v1.FeedCheckpoint;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.StreamIncentiveEventsRequest;
import io.creatorgov.incentive.v1.StreamIncentiveEventsResponse;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.suite.SuiteProcesses.Service;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The durable change feeds of creator-service and incentive-service read by a consumer that keeps
 * its resume token across a restart of the service, as a platform consumer does: it ends with
 * exactly the events a fresh read from the start returns, in order, none twice; and a consumer
 * whose filter matched nothing for a while resumes from its last checkpoint's token.
 */
class ChangeFeedsAcrossRestartsIT {
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
  void aCreatorFeedConsumerAcrossACreatorServiceRestartEndsWithExactlyTheEventsThatHappenedInOrder()
      throws Exception {
    Creator watched = platform.onboard("MY", "cfeed.my." + suffix(), List.of("beauty"));
    Creator quiet = platform.onboard("MY", "cquiet.my." + suffix(), List.of("beauty"));
    List<StreamCreatorEventsResponse> onboarding = readCreators(watched, "");
    String watchedToken = lastCreatorToken(onboarding);
    String quietToken = lastCreatorToken(readCreators(quiet, ""));

    platform.setCommission(watched.getCreatorId(), "beauty", 900);
    platform.setCommission(watched.getCreatorId(), "beauty", 1_000);
    List<StreamCreatorEventsResponse> beforeRestart = readCreators(watched, watchedToken);
    watchedToken = lastCreatorToken(beforeRestart);

    suite.stop(Service.CREATOR);
    suite.start(Service.CREATOR);
    platform.setCommission(watched.getCreatorId(), "beauty", 1_100);
    platform.setCommission(watched.getCreatorId(), "beauty", 1_200);
    List<StreamCreatorEventsResponse> afterRestart = readCreators(watched, watchedToken);

    List<EventEnvelope> consumed = new ArrayList<>(creatorEvents(onboarding));
    consumed.addAll(creatorEvents(beforeRestart));
    consumed.addAll(creatorEvents(afterRestart));
    List<EventEnvelope> everything = creatorEvents(readCreators(watched, ""));
    assertExactlyOnceInOrder(consumed, everything);
    assertThat(creatorEvents(beforeRestart)).hasSize(2);
    assertThat(creatorEvents(afterRestart)).as("the changes after the restart").hasSize(2);

    // The quiet consumer saw only checkpoints; its checkpoint token resumes it past everyone's
    // events, and its creator's next change is the one event it then reads.
    List<StreamCreatorEventsResponse> quietRead = readCreators(quiet, quietToken);
    assertThat(creatorEvents(quietRead)).isEmpty();
    FeedCheckpoint quietCheckpoint = quietRead.get(quietRead.size() - 1).getCheckpoint();
    assertThat(quietCheckpoint.getSequence())
        .isGreaterThanOrEqualTo(last(everything).getSequence());
    platform.setCommission(quiet.getCreatorId(), "beauty", 700);
    List<EventEnvelope> quietResumed =
        creatorEvents(readCreators(quiet, quietCheckpoint.getResumeToken()));
    assertThat(quietResumed).hasSize(1);
    assertThat(quietResumed.get(0).getSequence()).isGreaterThan(quietCheckpoint.getSequence());

    String name = "creatorFeedAcrossARestart";
    System.out.println(name + ": events consumed=" + consumed.size());
    System.out.println(name + ": events before the restart=" + creatorEvents(beforeRestart).size());
    System.out.println(name + ": events after the restart=" + creatorEvents(afterRestart).size());
    System.out.println(name + ": events from the start=" + everything.size());
    System.out.println(name + ": duplicates=" + duplicates(consumed));
    System.out.println(name + ": quiet consumer checkpoints=" + quietRead.size());
    System.out.println(name + ": quiet consumer events after resuming=" + quietResumed.size());
  }

  @Test
  void
      anIncentiveFeedConsumerAcrossAnIncentiveServiceRestartEndsWithExactlyTheEventsThatHappenedInOrder()
          throws Exception {
    Creator creator = platform.onboard("MY", "ifeed.my." + suffix(), List.of("beauty"));
    Program watched = platform.createProgramme("Feed watched " + suffix());
    Program quiet = platform.createProgramme("Feed quiet " + suffix());
    List<StreamIncentiveEventsResponse> created = readIncentives(watched, "");
    String watchedToken = lastIncentiveToken(created);
    String quietToken = lastIncentiveToken(readIncentives(quiet, ""));

    platform.activateProgramme(watched.getProgramId());
    platform.enroll(watched.getProgramId(), creator.getCreatorId());
    List<StreamIncentiveEventsResponse> beforeRestart = readIncentives(watched, watchedToken);
    watchedToken = lastIncentiveToken(beforeRestart);

    suite.stop(Service.INCENTIVE);
    suite.start(Service.INCENTIVE);
    platform
        .incentives("manager-mo", Role.INCENTIVE_MANAGER)
        .pauseProgram(
            PauseProgramRequest.newBuilder()
                .setRequestId(Platform.requestId())
                .setProgramId(watched.getProgramId())
                .setReason("suite: stock check")
                .build());
    platform.activateProgramme(watched.getProgramId());
    platform
        .incentives("manager-mo", Role.INCENTIVE_MANAGER)
        .endProgram(
            EndProgramRequest.newBuilder()
                .setRequestId(Platform.requestId())
                .setProgramId(watched.getProgramId())
                .setReason("suite: over")
                .build());
    List<StreamIncentiveEventsResponse> afterRestart = readIncentives(watched, watchedToken);

    List<EventEnvelope> consumed = new ArrayList<>(incentiveEvents(created));
    consumed.addAll(incentiveEvents(beforeRestart));
    consumed.addAll(incentiveEvents(afterRestart));
    List<EventEnvelope> everything = incentiveEvents(readIncentives(watched, ""));
    assertExactlyOnceInOrder(consumed, everything);
    assertThat(incentiveEvents(beforeRestart))
        .as("activated, enrolled (and any boost granted)")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(incentiveEvents(afterRestart))
        .as("paused, resumed, ended (and any boost changes)")
        .hasSizeGreaterThanOrEqualTo(3);

    List<StreamIncentiveEventsResponse> quietRead = readIncentives(quiet, quietToken);
    assertThat(incentiveEvents(quietRead)).isEmpty();
    FeedCheckpoint quietCheckpoint = quietRead.get(quietRead.size() - 1).getCheckpoint();
    assertThat(quietCheckpoint.getSequence())
        .isGreaterThanOrEqualTo(last(everything).getSequence());
    platform.activateProgramme(quiet.getProgramId());
    List<EventEnvelope> quietResumed =
        incentiveEvents(readIncentives(quiet, quietCheckpoint.getResumeToken()));
    assertThat(quietResumed).as("the quiet programme's activation").hasSize(1);
    assertThat(quietResumed.get(0).getSequence()).isGreaterThan(quietCheckpoint.getSequence());

    String name = "incentiveFeedAcrossARestart";
    System.out.println(name + ": events consumed=" + consumed.size());
    System.out.println(
        name + ": events before the restart=" + incentiveEvents(beforeRestart).size());
    System.out.println(name + ": events after the restart=" + incentiveEvents(afterRestart).size());
    System.out.println(name + ": events from the start=" + everything.size());
    System.out.println(name + ": duplicates=" + duplicates(consumed));
    System.out.println(name + ": quiet consumer checkpoints=" + quietRead.size());
    System.out.println(name + ": quiet consumer events after resuming=" + quietResumed.size());
  }

  // ---- reading the feeds -----------------------------------------------------------------------

  /** Every item of {@code creator}'s creator events after {@code token}, for two seconds. */
  private static List<StreamCreatorEventsResponse> readCreators(Creator creator, String token) {
    return readForTwoSeconds(
        () ->
            platform
                .creators("dashboards", Role.SERVICE)
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .streamCreatorEvents(
                    StreamCreatorEventsRequest.newBuilder()
                        .addCreatorIds(creator.getCreatorId())
                        .setResumeToken(token)
                        .build()));
  }

  /** Every item of {@code program}'s incentive events after {@code token}, for two seconds. */
  private static List<StreamIncentiveEventsResponse> readIncentives(Program program, String token) {
    return readForTwoSeconds(
        () ->
            platform
                .incentives("dashboards", Role.SERVICE)
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .streamIncentiveEvents(
                    StreamIncentiveEventsRequest.newBuilder()
                        .addProgramIds(program.getProgramId())
                        .setResumeToken(token)
                        .build()));
  }

  private static <T> List<T> readForTwoSeconds(Supplier<Iterator<T>> stream) {
    List<T> items = new ArrayList<>();
    try {
      stream.get().forEachRemaining(items::add);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
    }
    assertThat(items).as("at least the catching-up checkpoint").isNotEmpty();
    return items;
  }

  private static List<EventEnvelope> creatorEvents(List<StreamCreatorEventsResponse> items) {
    return items.stream()
        .filter(StreamCreatorEventsResponse::hasEvent)
        .map(i -> i.getEvent().getEnvelope())
        .toList();
  }

  private static List<EventEnvelope> incentiveEvents(List<StreamIncentiveEventsResponse> items) {
    return items.stream()
        .filter(StreamIncentiveEventsResponse::hasEvent)
        .map(i -> i.getEvent().getEnvelope())
        .toList();
  }

  private static String lastCreatorToken(List<StreamCreatorEventsResponse> items) {
    StreamCreatorEventsResponse last = items.get(items.size() - 1);
    return last.hasEvent()
        ? last.getEvent().getEnvelope().getResumeToken()
        : last.getCheckpoint().getResumeToken();
  }

  private static String lastIncentiveToken(List<StreamIncentiveEventsResponse> items) {
    StreamIncentiveEventsResponse last = items.get(items.size() - 1);
    return last.hasEvent()
        ? last.getEvent().getEnvelope().getResumeToken()
        : last.getCheckpoint().getResumeToken();
  }

  /** Same events (ids and sequences), same order, none twice. */
  private static void assertExactlyOnceInOrder(
      List<EventEnvelope> consumed, List<EventEnvelope> everything) {
    assertThat(consumed.stream().map(EventEnvelope::getEventId).toList())
        .as("event ids the consumer saw across the restart")
        .isEqualTo(everything.stream().map(EventEnvelope::getEventId).toList());
    List<Long> sequences = consumed.stream().map(EventEnvelope::getSequence).toList();
    assertThat(sequences).isEqualTo(everything.stream().map(EventEnvelope::getSequence).toList());
    assertThat(sequences).isSorted().doesNotHaveDuplicates();
    assertThat(duplicates(consumed)).isZero();
  }

  private static long duplicates(List<EventEnvelope> events) {
    return events.size() - events.stream().map(EventEnvelope::getEventId).distinct().count();
  }

  private static EventEnvelope last(List<EventEnvelope> events) {
    return events.get(events.size() - 1);
  }

  private static String suffix() {
    return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }
}
