package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.reversal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.v1.ActionTypeCount;
import io.creatorgov.enforcement.v1.CancelSimulationRequest;
import io.creatorgov.enforcement.v1.CreateSimulationRequest;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.GetSimulationRequest;
import io.creatorgov.enforcement.v1.ListSimulationResultsRequest;
import io.creatorgov.enforcement.v1.ListSimulationResultsResponse;
import io.creatorgov.enforcement.v1.ListSimulationsRequest;
import io.creatorgov.enforcement.v1.ListSimulationsResponse;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.RuleKind;
import io.creatorgov.enforcement.v1.SimulatedDecisionChange;
import io.creatorgov.enforcement.v1.Simulation;
import io.creatorgov.enforcement.v1.SimulationChangeKind;
import io.creatorgov.enforcement.v1.SimulationResult;
import io.creatorgov.enforcement.v1.SimulationState;
import io.creatorgov.enforcement.v1.SimulationSummary;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.EnforcementConsequence;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyVersionState;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Policy simulations through the real gRPC API, on real PostgreSQL, with policy-service (the seed
 * policies plus a DRAFT candidate catalogue) and creator-service faked. SG is a points-ladder
 * market (quarterly reset, thresholds 3/6/9/12/15). Each test replays its own window of hours, so
 * the totals are exactly its own violations'.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class EnforcementSimulationGrpcServiceTest {
  private static final String MARKET = "SG";
  private static final String CATALOGUE = SeedPolicies.CATALOGUE;

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  @FakePolicyService.Inject FakePolicyService.Policies policyService;

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String subject, Role... roles) {
    return api.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return as("moderation-pipeline-sim", Role.SERVICE);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub author() {
    return as("policy-author-sim", Role.POLICY_AUTHOR);
  }

  /** Reports {@code code} for a new SG creator, observed at {@code at}; returns the creator. */
  private String reported(String code, Instant at) {
    return reportedFor(code, at).getViolation().getCreatorId();
  }

  /** Reports {@code code} for a new SG creator, observed at {@code at}. */
  private ReportViolationResponse reportedFor(String code, Instant at) {
    String creator = creatorId();
    creatorService.register(creator, MARKET);
    return pipeline()
        .reportViolation(
            report(creator, MARKET, code).toBuilder().setObservedTime(ProtoTime.of(at)).build());
  }

  /**
   * The DRAFT candidate {@code version} of the catalogue in SG: LISTING_SPAM brings a 7-day traffic
   * restriction (was a warning), HARASSMENT_IN_LIVE a 7-day suspension (was a 1-day live
   * interruption), PROHIBITED_ITEM_SALE costs 1 point (was 3), FAKE_DISCOUNT is gone.
   */
  private void stricterCandidate(int version) {
    ResolvedPolicy seed = SeedPolicies.resolve(CATALOGUE, MARKET, SeedPolicies.CATALOGUE_VERSION);
    ViolationCatalogue.Builder entries = ViolationCatalogue.newBuilder();
    for (ViolationCatalogueEntry e : seed.getContent().getViolationCatalogue().getEntriesList()) {
      switch (e.getCode()) {
        case "FAKE_DISCOUNT" -> {}
        case "LISTING_SPAM" ->
            entries.addEntries(
                e.toBuilder()
                    .setDefaultConsequence(
                        lasting(
                            EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION,
                            RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED)));
        case "HARASSMENT_IN_LIVE" ->
            entries.addEntries(
                e.toBuilder()
                    .setDefaultConsequence(
                        lasting(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION, null)));
        case "PROHIBITED_ITEM_SALE" -> entries.addEntries(e.toBuilder().setPoints(1));
        default -> entries.addEntries(e);
      }
    }
    putCandidate(seed, version, entries);
  }

  /** The DRAFT candidate {@code version} of the catalogue in SG with {@code entries}. */
  private void putCandidate(ResolvedPolicy seed, int version, ViolationCatalogue.Builder entries) {
    policyService.putVersion(
        seed.toBuilder()
            .setVersion(version)
            .setVersionState(PolicyVersionState.POLICY_VERSION_STATE_DRAFT)
            .clearEffectiveTime()
            .setContent(PolicyContent.newBuilder().setViolationCatalogue(entries))
            .build());
  }

  /**
   * The DRAFT candidate {@code version} of the catalogue in SG whose PROHIBITED_ITEM_SALE default
   * is the consequence of SG's first ladder threshold (which its 3 points reach): the same action,
   * decided by the catalogue default instead of the threshold (on a full tie the default stands).
   */
  private void defaultEqualToTheFirstThreshold(int version) {
    ResolvedPolicy seed = SeedPolicies.resolve(CATALOGUE, MARKET, SeedPolicies.CATALOGUE_VERSION);
    EnforcementConsequence firstThreshold =
        SeedPolicies.resolve(SeedPolicies.STANDING, MARKET, SeedPolicies.STANDING_VERSION)
            .getContent()
            .getStandingModel()
            .getPointsLadder()
            .getThresholds(0)
            .getConsequence();
    ViolationCatalogue.Builder entries = ViolationCatalogue.newBuilder();
    for (ViolationCatalogueEntry e : seed.getContent().getViolationCatalogue().getEntriesList()) {
      entries.addEntries(
          e.getCode().equals("PROHIBITED_ITEM_SALE")
              ? e.toBuilder().setDefaultConsequence(firstThreshold).build()
              : e);
    }
    putCandidate(seed, version, entries);
  }

  private static EnforcementConsequence lasting(
      EnforcementActionType type, RestrictionType restriction) {
    EnforcementConsequence.Builder c =
        EnforcementConsequence.newBuilder()
            .setActionType(type)
            .setDuration(ProtoTime.of(Duration.ofDays(7)));
    if (restriction != null) {
      c.addRestrictionTypes(restriction);
    }
    return c.build();
  }

  private static Instant hoursAgo(int hours) {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(hours));
  }

  private static CreateSimulationRequest create(int version, Instant from, Instant to) {
    return CreateSimulationRequest.newBuilder()
        .setRequestId(requestId())
        .setPolicyKey(CATALOGUE)
        .setPolicyVersion(version)
        .addMarkets(MARKET)
        .setReplayWindow(
            TimeWindow.newBuilder().setStartTime(ProtoTime.of(from)).setEndTime(ProtoTime.of(to)))
        .build();
  }

  private Simulation awaitDone(String simulationId) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(simulationId).getDone());
    return get(simulationId);
  }

  private Simulation get(String simulationId) {
    return author()
        .getSimulation(GetSimulationRequest.newBuilder().setSimulationId(simulationId).build())
        .getSimulation();
  }

  private ListSimulationResultsResponse results(
      String simulationId, int pageSize, String pageToken, SimulationChangeKind kind) {
    return author()
        .listSimulationResults(
            ListSimulationResultsRequest.newBuilder()
                .setSimulationId(simulationId)
                .setPageSize(pageSize)
                .setPageToken(pageToken)
                .setChangeKind(kind)
                .build());
  }

  @Test
  void aStricterCandidateCatalogueReportsEveryChangedCreatorAndTheTotalsAndWritesNothingElse()
      throws Exception {
    Instant at = hoursAgo(5).plusSeconds(600);
    String added = reported("LISTING_SPAM", at); // warning → 7-day traffic restriction
    String removed = reported("FAKE_DISCOUNT", at.plusSeconds(1)); // removal → no rule
    String escalated = reported("HARASSMENT_IN_LIVE", at.plusSeconds(2)); // → suspension
    // 3 points reach the first threshold (7-day traffic restriction); with 1 point only the
    // 3-day live interruption remains
    String deEscalated = reported("PROHIBITED_ITEM_SALE", at.plusSeconds(3));
    reported("COUNTERFEIT_GOODS", at.plusSeconds(4)); // unchanged
    stricterCandidate(4);
    awaitDeliveriesSettled();
    Map<String, String> before = snapshotOutsideSimulationTables();

    Simulation created =
        author().createSimulation(create(4, hoursAgo(5), hoursAgo(4))).getSimulation();
    Simulation done = awaitDone(created.getSimulationId());

    assertThat(created.getState()).isIn(SimulationState.SIMULATION_STATE_PENDING);
    assertThat(created.getCandidate().getPolicyKey()).isEqualTo(CATALOGUE);
    assertThat(created.getCandidate().getPolicyVersion()).isEqualTo(4);
    assertThat(created.getCandidateContentHash()).matches("[0-9a-f]{64}");
    assertThat(created.getCreated().getActor().getSubject()).isEqualTo("policy-author-sim");
    assertThat(done.getState()).isEqualTo(SimulationState.SIMULATION_STATE_SUCCEEDED);
    assertThat(done.getProgressPercent()).isEqualTo(100);
    assertThat(done.getMarketsList()).containsExactly(MARKET);
    assertThat(done.getMissingViolationCodesList()).containsExactly("FAKE_DISCOUNT");
    SimulationSummary totals = done.getTotals();
    assertThat(totals.getViolationsReplayed()).isEqualTo(5);
    assertThat(totals.getCreatorsReplayed()).isEqualTo(5);
    assertThat(totals.getDecisionsChanged()).isEqualTo(4);
    assertThat(totals.getViolationsWithoutRule()).isEqualTo(1);
    assertThat(totals.getCreatorsAdded()).isEqualTo(1);
    assertThat(totals.getCreatorsRemoved()).isEqualTo(1);
    assertThat(totals.getCreatorsEscalated()).isEqualTo(1);
    assertThat(totals.getCreatorsDeEscalated()).isEqualTo(1);
    assertThat(totals.getCreatorsChanged()).isZero();
    // only the prohibited-item seller's 3 points reached a threshold, and only as recorded
    assertThat(totals.getCreatorsCrossingThreshold()).isEqualTo(1);
    assertThat(counts(totals))
        .containsEntry(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING, List.of(1L, 0L))
        .containsEntry(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION, List.of(0L, 1L))
        .containsEntry(
            EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION, List.of(1L, 1L))
        .containsEntry(
            EnforcementActionType.ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION, List.of(1L, 1L))
        .containsEntry(
            EnforcementActionType.ENFORCEMENT_ACTION_TYPE_CONTENT_REMOVAL, List.of(1L, 0L));
    assertThat(done.getPerMarketList())
        .singleElement()
        .satisfies(m -> assertThat(m.toBuilder().setMarket("").build()).isEqualTo(totals));

    ListSimulationResultsResponse all =
        results(
            created.getSimulationId(),
            0,
            "",
            SimulationChangeKind.SIMULATION_CHANGE_KIND_UNSPECIFIED);
    assertThat(all.getTotalSize()).isEqualTo(4);
    assertThat(all.getNextPageToken()).isEmpty();
    Map<String, SimulationResult> byCreator = new LinkedHashMap<>();
    all.getResultsList().forEach(r -> byCreator.put(r.getCreatorId(), r));
    assertThat(new ArrayList<>(byCreator.keySet())).isSorted();
    assertThat(byCreator.keySet())
        .containsExactlyInAnyOrder(added, removed, escalated, deEscalated);
    assertThat(byCreator.get(added).getChangeKind())
        .isEqualTo(SimulationChangeKind.SIMULATION_CHANGE_KIND_ADDED);
    assertThat(byCreator.get(removed).getChangeKind())
        .isEqualTo(SimulationChangeKind.SIMULATION_CHANGE_KIND_REMOVED);
    assertThat(byCreator.get(escalated).getChangeKind())
        .isEqualTo(SimulationChangeKind.SIMULATION_CHANGE_KIND_ESCALATED);
    SimulationResult lighter = byCreator.get(deEscalated);
    assertThat(lighter.getChangeKind())
        .isEqualTo(SimulationChangeKind.SIMULATION_CHANGE_KIND_DE_ESCALATED);
    assertThat(lighter.getModelKind())
        .isEqualTo(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER);
    assertThat(lighter.getBefore().getActivePoints()).isEqualTo(3);
    assertThat(lighter.getBefore().getThresholdReached().getValue()).isEqualTo(3);
    assertThat(lighter.getAfter().getActivePoints()).isEqualTo(1);
    assertThat(lighter.getAfter().hasThresholdReached()).isFalse();
    SimulatedDecisionChange change = lighter.getDecisionChanges(0);
    assertThat(change.getViolationCode()).isEqualTo("PROHIBITED_ITEM_SALE");
    assertThat(change.getBeforeActionId()).startsWith("act_");
    assertThat(change.getBeforePolicyVersion()).isEqualTo(SeedPolicies.CATALOGUE_VERSION);
    assertThat(change.getBeforeActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION);
    assertThat(change.getAfterActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION);
    assertThat(change.getAfterDuration()).isEqualTo(ProtoTime.of(Duration.ofDays(3)));
    assertThat(change.getAfterRule().getKind()).isEqualTo(RuleKind.RULE_KIND_CATALOGUE_CODE);
    assertThat(change.getAfterRule().getRuleRef())
        .isEqualTo("violation_catalogue.entries[\"PROHIBITED_ITEM_SALE\"]");
    SimulatedDecisionChange gone = byCreator.get(removed).getDecisionChanges(0);
    assertThat(gone.getBeforeActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_CONTENT_REMOVAL);
    assertThat(gone.getAfterActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_UNSPECIFIED);
    assertThat(gone.hasAfterRule()).isFalse();

    ListSimulationResultsResponse onlyAdded =
        results(
            created.getSimulationId(), 0, "", SimulationChangeKind.SIMULATION_CHANGE_KIND_ADDED);
    assertThat(onlyAdded.getTotalSize()).isEqualTo(1);
    assertThat(onlyAdded.getResultsList())
        .extracting(SimulationResult::getCreatorId)
        .containsExactly(added);

    // applying nothing: every table outside the simulation's is as it was
    assertThat(snapshotOutsideSimulationTables()).isEqualTo(before);
    // cancelling a finished simulation changes nothing and returns it
    Simulation afterCancel =
        author()
            .cancelSimulation(
                CancelSimulationRequest.newBuilder()
                    .setRequestId(requestId())
                    .setSimulationId(created.getSimulationId())
                    .build())
            .getSimulation();
    assertThat(afterCancel.getState()).isEqualTo(SimulationState.SIMULATION_STATE_SUCCEEDED);
  }

  @Test
  void resultsArePagedInCreatorOrderAndThePagesAddUpToTheTotals() {
    Instant at = hoursAgo(8).plusSeconds(600);
    List<String> creators = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      creators.add(reported("LISTING_SPAM", at.plusSeconds(i)));
    }
    stricterCandidate(5);

    Simulation sim = author().createSimulation(create(5, hoursAgo(8), hoursAgo(7))).getSimulation();
    Simulation done = awaitDone(sim.getSimulationId());
    assertThat(done.getTotals().getCreatorsAdded()).isEqualTo(5);

    List<String> listed = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListSimulationResultsResponse page =
          results(
              sim.getSimulationId(),
              2,
              token,
              SimulationChangeKind.SIMULATION_CHANGE_KIND_UNSPECIFIED);
      assertThat(page.getResultsCount()).isLessThanOrEqualTo(2);
      assertThat(page.getTotalSize()).isEqualTo(5);
      page.getResultsList().forEach(r -> listed.add(r.getCreatorId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(pages).isEqualTo(3);
    assertThat(listed).isSorted().containsExactlyInAnyOrderElementsOf(creators);
  }

  @Test
  void aRunningSimulationIsCancelledAndKeepsNoResults() {
    reported("LISTING_SPAM", hoursAgo(11).plusSeconds(600));
    stricterCandidate(6);
    Simulation sim =
        author().createSimulation(create(6, hoursAgo(11), hoursAgo(10))).getSimulation();
    // the worker reads the recorded decisions' policy versions slowly: it is RUNNING meanwhile
    policyService.delayMillis = 1_000;
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  get(sim.getSimulationId()).getState()
                      == SimulationState.SIMULATION_STATE_RUNNING);
      Simulation cancelled =
          author()
              .cancelSimulation(
                  CancelSimulationRequest.newBuilder()
                      .setRequestId(requestId())
                      .setSimulationId(sim.getSimulationId())
                      .build())
              .getSimulation();
      assertThat(cancelled.getState()).isEqualTo(SimulationState.SIMULATION_STATE_CANCELLED);
      assertThat(cancelled.getDone()).isTrue();
      assertThat(cancelled.hasEndTime()).isTrue();
      // the worker finishes its replay after the cancellation and must not store it
      await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
    } finally {
      policyService.delayMillis = 0;
    }
    assertThat(get(sim.getSimulationId()).getState())
        .isEqualTo(SimulationState.SIMULATION_STATE_CANCELLED);
    assertThat(get(sim.getSimulationId()).hasTotals()).isFalse();
    assertThatThrownBy(
            () ->
                results(
                    sim.getSimulationId(),
                    0,
                    "",
                    SimulationChangeKind.SIMULATION_CHANGE_KIND_UNSPECIFIED))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("CANCELLED");
            });
  }

  @Test
  void creationIsIdempotentByRequestIdAndListedNewestFirst() {
    stricterCandidate(7);
    CreateSimulationRequest request = create(7, hoursAgo(14), hoursAgo(13));
    Simulation first = author().createSimulation(request).getSimulation();
    Simulation replay = author().createSimulation(request).getSimulation();
    Simulation second =
        author().createSimulation(create(7, hoursAgo(14), hoursAgo(13))).getSimulation();

    assertThat(replay.getSimulationId()).isEqualTo(first.getSimulationId());
    assertThat(second.getSimulationId()).isNotEqualTo(first.getSimulationId());
    assertThatThrownBy(
            () ->
                author()
                    .createSimulation(
                        request.toBuilder()
                            .setReplayWindow(
                                create(7, hoursAgo(20), hoursAgo(19)).getReplayWindow())
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

    List<String> listed =
        as("auditor-sim", Role.AUDITOR)
            .listSimulations(ListSimulationsRequest.newBuilder().setPolicyKey(CATALOGUE).build())
            .getSimulationsList()
            .stream()
            .map(Simulation::getSimulationId)
            .toList();
    assertThat(listed).containsSubsequence(second.getSimulationId(), first.getSimulationId());
    assertThat(listed).doesNotHaveDuplicates();
  }

  @Test
  void noTransactionIsOpenWhileACreationOrARunWaitsForPolicyService() {
    reported("LISTING_SPAM", hoursAgo(17).plusSeconds(600));
    stricterCandidate(8);
    int calls = policyService.calls.get();
    policyService.openTransactions = EnforcementSimulationGrpcServiceTest::idleInTransaction;
    try {
      // the creation reads the candidate; the run reads the versions the decision pinned
      Simulation sim =
          author().createSimulation(create(8, hoursAgo(17), hoursAgo(16))).getSimulation();
      assertThat(awaitDone(sim.getSimulationId()).getState())
          .isEqualTo(SimulationState.SIMULATION_STATE_SUCCEEDED);
    } finally {
      policyService.openTransactions = null;
    }

    assertThat(policyService.calls.get()).isGreaterThanOrEqualTo(calls + 4);
    assertThat(policyService.callsWithATransactionOpen.get()).isZero();
  }

  @Test
  void theSameActionDecidedByAnotherRuleIsAChangedDecision() {
    // 3 points reach SG's first threshold: recorded as decided by thresholds[0]
    String creator = reported("PROHIBITED_ITEM_SALE", hoursAgo(23).plusSeconds(600));
    defaultEqualToTheFirstThreshold(9);

    Simulation sim =
        author().createSimulation(create(9, hoursAgo(23), hoursAgo(22))).getSimulation();
    Simulation done = awaitDone(sim.getSimulationId());

    assertThat(done.getTotals().getViolationsReplayed()).isEqualTo(1);
    assertThat(done.getTotals().getDecisionsChanged()).isEqualTo(1);
    assertThat(done.getTotals().getCreatorsChanged()).isEqualTo(1);
    assertThat(done.getTotals().getCreatorsCrossingThreshold()).isZero();
    SimulationResult result =
        results(
                sim.getSimulationId(),
                0,
                "",
                SimulationChangeKind.SIMULATION_CHANGE_KIND_UNSPECIFIED)
            .getResultsList()
            .stream()
            .filter(r -> r.getCreatorId().equals(creator))
            .findFirst()
            .orElseThrow();
    assertThat(result.getChangeKind())
        .isEqualTo(SimulationChangeKind.SIMULATION_CHANGE_KIND_CHANGED);
    assertThat(result.getAfter()).isEqualTo(result.getBefore());
    SimulatedDecisionChange change = result.getDecisionChanges(0);
    assertThat(change.getAfterActionType()).isEqualTo(change.getBeforeActionType());
    assertThat(change.getAfterDuration()).isEqualTo(change.getBeforeDuration());
    assertThat(change.getAfterRestrictionTypesList())
        .containsExactlyInAnyOrderElementsOf(change.getBeforeRestrictionTypesList());
    assertThat(change.getAfterRule().getKind()).isEqualTo(RuleKind.RULE_KIND_CATALOGUE_CODE);
  }

  @Test
  void aViolationReversedWithItsStandingIsReplayedOnNeitherSide() {
    Instant at = hoursAgo(26).plusSeconds(600);
    // 3 points, a threshold's traffic restriction; the candidate's 1 point de-escalates both
    String kept = reported("PROHIBITED_ITEM_SALE", at);
    ReportViolationResponse overturned = reportedFor("PROHIBITED_ITEM_SALE", at.plusSeconds(1));
    as("ops-sim", Role.CREATOR_OPS)
        .reverseEnforcementAction(reversal(overturned.getAction().getActionId(), true));
    stricterCandidate(10);

    Simulation sim =
        author().createSimulation(create(10, hoursAgo(26), hoursAgo(25))).getSimulation();
    Simulation done = awaitDone(sim.getSimulationId());

    assertThat(done.getTotals().getViolationsReplayed()).isEqualTo(1);
    assertThat(done.getTotals().getCreatorsReplayed()).isEqualTo(1);
    assertThat(done.getTotals().getCreatorsDeEscalated()).isEqualTo(1);
    assertThat(
            results(
                    sim.getSimulationId(),
                    0,
                    "",
                    SimulationChangeKind.SIMULATION_CHANGE_KIND_UNSPECIFIED)
                .getResultsList())
        .extracting(SimulationResult::getCreatorId)
        .containsExactly(kept);
  }

  @Test
  void aMarketScopedCallerGetsFullPagesOfTheSimulationsInItsScope() {
    // an SG simulation, then two newer MY ones the SG-scoped auditor must not see
    List<String> inScope = new ArrayList<>();
    inScope.add(seedSimulation("SG"));
    String outOfScope = seedSimulation("MY");
    String alsoOutOfScope = seedSimulation("MY");
    var sgAuditor =
        api.withCallCredentials(
                BearerAuth.of(
                    TestAuthKeys.scopedToken("auditor-sg", new String[] {MARKET}, Role.AUDITOR)))
            .withDeadlineAfter(20, TimeUnit.SECONDS);

    List<String> listed = new ArrayList<>();
    String token = "";
    do {
      ListSimulationsResponse page =
          sgAuditor.listSimulations(
              ListSimulationsRequest.newBuilder()
                  .setPolicyKey(CATALOGUE)
                  .setPageSize(1)
                  .setPageToken(token)
                  .build());
      token = page.getNextPageToken();
      if (!token.isEmpty()) {
        assertThat(page.getSimulationsCount()).as("a page before the last").isEqualTo(1);
      }
      page.getSimulationsList().forEach(x -> listed.add(x.getSimulationId()));
    } while (!token.isEmpty());

    assertThat(listed).containsAll(inScope).doesNotContain(outOfScope, alsoOutOfScope);
    assertThat(listed.get(0)).isEqualTo(inScope.get(0));
  }

  @Test
  void progressGrowsBatchByBatchWithPartialTotalsWhileRunning() {
    Instant at = hoursAgo(35).plusSeconds(600);
    for (int i = 0; i < 5; i++) {
      reported("LISTING_SPAM", at.plusSeconds(i));
    }
    stricterCandidate(11);
    // tests replay 2 creators per batch; each batch reads its pinned versions, slowly here
    policyService.delayMillis = 400;
    List<Simulation> seen = new ArrayList<>();
    try {
      String id =
          author()
              .createSimulation(create(11, hoursAgo(35), hoursAgo(34)))
              .getSimulation()
              .getSimulationId();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> seen.add(get(id)) && seen.get(seen.size() - 1).getDone());
    } finally {
      policyService.delayMillis = 0;
    }

    // 2 then 4 of the window's 5 violations replayed, 100 only once SUCCEEDED
    assertThat(seen.stream().map(Simulation::getProgressPercent).distinct().toList())
        .isSorted()
        .contains(40, 80)
        .endsWith(100);
    assertThat(seen)
        .filteredOn(s -> s.getProgressPercent() == 40)
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(s.getState()).isEqualTo(SimulationState.SIMULATION_STATE_RUNNING);
              assertThat(s.getTotals().getViolationsReplayed()).isEqualTo(2);
              assertThat(s.getTotals().getCreatorsAdded()).isEqualTo(2);
            });
    Simulation done = seen.get(seen.size() - 1);
    assertThat(done.getState()).isEqualTo(SimulationState.SIMULATION_STATE_SUCCEEDED);
    assertThat(done.getTotals().getViolationsReplayed()).isEqualTo(5);
    assertThat(done.getTotals().getCreatorsAdded()).isEqualTo(5);
    assertThat(
            results(
                    done.getSimulationId(),
                    0,
                    "",
                    SimulationChangeKind.SIMULATION_CHANGE_KIND_ADDED)
                .getTotalSize())
        .isEqualTo(5);
  }

  @Test
  void cancellingAfterSomeBatchesDiscardsTheirResultsAndTotals() {
    Instant at = hoursAgo(38).plusSeconds(600);
    for (int i = 0; i < 5; i++) {
      reported("LISTING_SPAM", at.plusSeconds(i));
    }
    stricterCandidate(12);
    policyService.delayMillis = 400;
    String id;
    try {
      id =
          author()
              .createSimulation(create(12, hoursAgo(38), hoursAgo(37)))
              .getSimulation()
              .getSimulationId();
      // the first batch's results and partial totals are stored
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> get(id).getProgressPercent() > 0);
      assertThat(storedResults(id)).isPositive();
      author()
          .cancelSimulation(
              CancelSimulationRequest.newBuilder()
                  .setRequestId(requestId())
                  .setSimulationId(id)
                  .build());
      // the worker's next batch finds it cancelled and stores nothing
      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> true);
    } finally {
      policyService.delayMillis = 0;
    }

    Simulation cancelled = get(id);
    assertThat(cancelled.getState()).isEqualTo(SimulationState.SIMULATION_STATE_CANCELLED);
    assertThat(cancelled.hasTotals()).isFalse();
    assertThat(storedResults(id)).isZero();
  }

  private static int storedResults(String simulationId) {
    return Integer.parseInt(
        query(
            "SELECT count(*)::text FROM simulation_result WHERE simulation_id = '"
                + simulationId
                + "'"));
  }

  /** A finished simulation of the seed catalogue over an empty window in {@code market}. */
  private String seedSimulation(String market) {
    CreateSimulationRequest request =
        create(SeedPolicies.CATALOGUE_VERSION, hoursAgo(32), hoursAgo(31)).toBuilder()
            .clearMarkets()
            .addMarkets(market)
            .build();
    String id = author().createSimulation(request).getSimulation().getSimulationId();
    awaitDone(id);
    return id;
  }

  /** Sessions idle inside a transaction holding a lock on a table a simulation writes. */
  private static int idleInTransaction() {
    return Integer.parseInt(
        query(
            "SELECT count(DISTINCT a.pid)::text FROM pg_stat_activity a"
                + " JOIN pg_locks l ON l.pid = a.pid"
                + " JOIN pg_class r ON r.oid = l.relation"
                + " WHERE a.datname = current_database()"
                + " AND a.state LIKE 'idle in transaction%' AND a.pid <> pg_backend_pid()"
                + " AND r.relname IN ('simulation', 'simulation_candidate', 'simulation_result',"
                + " 'kit_idempotency_record')"));
  }

  private static Map<EnforcementActionType, List<Long>> counts(SimulationSummary s) {
    Map<EnforcementActionType, List<Long>> counts = new LinkedHashMap<>();
    for (ActionTypeCount c : s.getActionTypeCountsList()) {
      counts.put(c.getActionType(), List.of(c.getBeforeCount(), c.getAfterCount()));
    }
    return counts;
  }

  /** Waits until the outbox has delivered every action (it writes events when it does). */
  private static void awaitDeliveriesSettled() {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                query(
                        "SELECT count(*)::text FROM action_delivery"
                            + " WHERE state IN ('PENDING', 'DELIVERING')")
                    .equals("0"));
  }

  /** Row count and a digest of every row of each table a simulation must not write. */
  private static Map<String, String> snapshotOutsideSimulationTables() {
    Map<String, String> snapshot = new LinkedHashMap<>();
    for (String table :
        List.of(
            "violation",
            "enforcement_action",
            "action_delivery",
            "delivery_attempt",
            "enforcement_event",
            "creator_standing",
            "commission_hold")) {
      snapshot.put(
          table,
          query(
              "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                  + " FROM "
                  + table
                  + " t"));
    }
    return snapshot;
  }

  private static String query(String sql) {
    try (Connection c = TestSql.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
