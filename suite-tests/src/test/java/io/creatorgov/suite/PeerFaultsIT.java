package io.creatorgov.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.ListRestrictionsRequest;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.suite.SuiteProcesses.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Peers failing under the real services, each test ending with its counts. */
class PeerFaultsIT {
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
  void violationsArrivingWhileCreatorServiceIsDeadArePendingThenAppliedExactlyOnce()
      throws Exception {
    List<Creator> creators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      creators.add(
          platform.onboard("MY", "fault.my." + i + "." + System.nanoTime(), List.of("beauty")));
    }

    suite.kill(Service.CREATOR);
    Map<String, ReportViolationRequest> requestOfAction = new HashMap<>();
    List<ReportViolationResponse> accepted = new ArrayList<>();
    for (int round = 0; round < 2; round++) { // 2 then 4 points: the second is a restriction
      for (Creator creator : creators) {
        ReportViolationRequest request =
            Platform.reportOf(Platform.requestId(), creator, "FAKE_DISCOUNT", Instant.now());
        ReportViolationResponse response = platform.report(request);
        accepted.add(response);
        requestOfAction.put(response.getViolation().getActionId(), request);
      }
    }
    long pendingWhileDown =
        accepted.stream()
            .filter(
                r ->
                    platform.action(r.getViolation().getActionId()).getState()
                        == EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING)
            .count();

    suite.start(Service.CREATOR);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> pending(accepted) == 0);

    // A replay of every report after the recovery decides nothing twice.
    for (ReportViolationResponse first : accepted) {
      ReportViolationResponse replay =
          platform.report(requestOfAction.get(first.getViolation().getActionId()));
      assertThat(replay.getViolation().getViolationId())
          .isEqualTo(first.getViolation().getViolationId());
    }

    int appliedTwice = 0;
    int restrictionsExpected = 0;
    int restrictionsFound = 0;
    for (Creator creator : creators) {
      List<Restriction> restrictions = restrictionsOf(creator);
      Map<String, Long> perActionAndType =
          restrictions.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.getEnforcementActionId() + "/" + r.getType(), Collectors.counting()));
      appliedTwice += (int) perActionAndType.values().stream().filter(n -> n > 1).count();
      restrictionsFound += restrictions.size();
      restrictionsExpected += 2; // TRAFFIC_LIMITED and CAMPAIGN_INELIGIBLE at 4 points
      assertThat(restrictions)
          .extracting(Restriction::getType)
          .containsExactlyInAnyOrder(
              RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED,
              RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE);
    }
    long decided =
        accepted.stream()
            .map(r -> platform.action(r.getViolation().getActionId()).getState())
            .filter(s -> s == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED)
            .count();
    long lost = accepted.size() - decided - pending(accepted);
    System.out.printf(
        "creator-service killed: reports accepted=%d, pending while down=%d, decided=%d,"
            + " pending=%d, lost=%d, restrictions %d of %d, applied twice=%d%n",
        accepted.size(),
        pendingWhileDown,
        decided,
        pending(accepted),
        lost,
        restrictionsFound,
        restrictionsExpected,
        appliedTwice);
    assertThat(accepted).hasSize(8);
    // the content removals (2 points) need nothing from creator-service and apply at once; the
    // restrictions (4 points) could not reach it and waited
    assertThat(pendingWhileDown)
        .as("restrictions pending while creator-service was dead")
        .isEqualTo(creators.size());
    assertThat(decided).isEqualTo(8);
    assertThat(lost).isZero();
    assertThat(appliedTwice).isZero();
    assertThat(restrictionsFound).isEqualTo(restrictionsExpected);
  }

  private static long pending(List<ReportViolationResponse> reports) {
    return reports.stream()
        .map(r -> platform.action(r.getViolation().getActionId()).getState())
        .filter(s -> s == EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING)
        .count();
  }

  private static List<Restriction> restrictionsOf(Creator creator) {
    return platform
        .creators("reader", Role.AUDITOR)
        .listRestrictions(
            ListRestrictionsRequest.newBuilder()
                .setCreatorId(creator.getCreatorId())
                .setPageSize(100)
                .build())
        .getRestrictionsList();
  }
}
