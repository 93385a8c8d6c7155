package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.money;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.FieldMask;
import com.google.rpc.BadRequest;
import io.creatorgov.common.v1.ActorKind;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.config.AdjustableClock;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.GetProgramRequest;
import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.IncentiveEventType;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.ListProgramsRequest;
import io.creatorgov.incentive.v1.ListProgramsResponse;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.ProgramState;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.TrafficBoostReward;
import io.creatorgov.incentive.v1.UpdateProgramRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.time.ProtoTime;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Programmes through the real gRPC API: lifecycle, idempotency, validation, access. */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
class ProgramGrpcServiceTest {
  private static final String MANAGER = "manager-programmes";

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @Inject AdjustableClock clock;

  @AfterEach
  void realTime() {
    clock.reset();
  }

  private IncentiveServiceBlockingStub as(String token) {
    return client.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private IncentiveServiceBlockingStub manager() {
    return as(TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER));
  }

  private static ErrorDetails failure(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).as("the call fails").isNotNull();
    return ErrorDetails.of(thrown);
  }

  private static List<String> fields(ErrorDetails e) {
    return e.badRequest().map(BadRequest::getFieldViolationsList).orElse(List.of()).stream()
        .map(BadRequest.FieldViolation::getField)
        .toList();
  }

  private Program get(String programId) {
    return manager()
        .getProgram(GetProgramRequest.newBuilder().setProgramId(programId).build())
        .getProgram();
  }

  private Program created(Program.Builder program) {
    return manager().createProgram(create(program)).getProgram();
  }

  private Program activated(Program p) {
    return manager()
        .activateProgram(
            ActivateProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .build())
        .getProgram();
  }

  @Test
  void aProgrammeGoesFromDraftThroughActivePausedAndActiveAgainToEnded() {
    Program draft = created(program(uniqueName("Raya Live Sale")));
    assertThat(draft.getProgramId()).startsWith("prg_");
    assertThat(draft.getState()).isEqualTo(ProgramState.PROGRAM_STATE_DRAFT);
    assertThat(draft.getCurrencyCode()).isEqualTo("MYR");
    assertThat(draft.getCreated().getActor().getSubject()).isEqualTo(MANAGER);
    assertThat(draft.getCreated().getActor().getKind()).isEqualTo(ActorKind.ACTOR_KIND_USER);
    assertThat(draft.hasActivateTime()).isFalse();
    assertThat(get(draft.getProgramId())).isEqualTo(draft);

    Program updated =
        manager()
            .updateProgram(
                UpdateProgramRequest.newBuilder()
                    .setRequestId(requestId())
                    .setProgramId(draft.getProgramId())
                    .setEtag(draft.getEtag())
                    .setProgram(
                        Program.newBuilder()
                            .setDescription("Now with a bigger budget")
                            .setBudget(
                                ProgramBudget.newBuilder().setTotal(money(2_000_000, "MYR"))))
                    .setUpdateMask(
                        FieldMask.newBuilder().addPaths("description").addPaths("budget.total"))
                    .build())
            .getProgram();
    assertThat(updated.getDescription()).isEqualTo("Now with a bigger budget");
    assertThat(updated.getBudget().getTotal().getAmountMinor()).isEqualTo(2_000_000);
    assertThat(updated.getBudget().getPerCreatorCap().getAmountMinor()).isEqualTo(50_000);
    assertThat(updated.getRewardsList()).isEqualTo(draft.getRewardsList());
    assertThat(updated.getEtag()).isNotEqualTo(draft.getEtag());

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock.freezeAt(t0);
    Program active =
        manager()
            .activateProgram(
                ActivateProgramRequest.newBuilder()
                    .setRequestId(requestId())
                    .setProgramId(draft.getProgramId())
                    .setEtag(updated.getEtag())
                    .build())
            .getProgram();
    assertThat(active.getState()).isEqualTo(ProgramState.PROGRAM_STATE_ACTIVE);
    assertThat(ProtoTime.toInstant(active.getActivateTime())).isEqualTo(t0);

    clock.advance(Duration.ofHours(1));
    Program paused =
        manager()
            .pauseProgram(
                PauseProgramRequest.newBuilder()
                    .setRequestId(requestId())
                    .setProgramId(draft.getProgramId())
                    .setEtag(active.getEtag())
                    .setReason("stock problem")
                    .build())
            .getProgram();
    assertThat(paused.getState()).isEqualTo(ProgramState.PROGRAM_STATE_PAUSED);
    assertThat(paused.getPausedIntervalsList()).hasSize(1);
    assertThat(paused.getPausedIntervals(0).hasEndTime()).isFalse();
    assertThat(paused.getLastUpdated().getReason()).isEqualTo("stock problem");

    clock.advance(Duration.ofHours(1));
    Program resumed = activated(paused);
    assertThat(resumed.getState()).isEqualTo(ProgramState.PROGRAM_STATE_ACTIVE);
    assertThat(ProtoTime.toInstant(resumed.getActivateTime())).isEqualTo(t0);
    assertThat(ProtoTime.toInstant(resumed.getPausedIntervals(0).getStartTime()))
        .isEqualTo(t0.plus(Duration.ofHours(1)));
    assertThat(ProtoTime.toInstant(resumed.getPausedIntervals(0).getEndTime()))
        .isEqualTo(t0.plus(Duration.ofHours(2)));

    clock.advance(Duration.ofHours(1));
    Program ended =
        manager()
            .endProgram(
                EndProgramRequest.newBuilder()
                    .setRequestId(requestId())
                    .setProgramId(draft.getProgramId())
                    .setEtag(resumed.getEtag())
                    .setReason("sale over early")
                    .build())
            .getProgram();
    assertThat(ended.getState()).isEqualTo(ProgramState.PROGRAM_STATE_ENDED);
    assertThat(ProtoTime.toInstant(ended.getEndedTime())).isEqualTo(t0.plus(Duration.ofHours(3)));
    assertThat(ended.getLastUpdated().getReason()).isEqualTo("sale over early");
    assertThat(get(draft.getProgramId())).isEqualTo(ended);

    ErrorDetails again = failure(() -> activated(ended));
    assertThat(again.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(again.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(again.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "ENDED")
        .containsEntry("requested_state", "ACTIVE");
  }

  @Test
  void aReplayedRequestIdReturnsTheSameProgrammeAndAnotherBodyIsRefused() {
    CreateProgramRequest request = create(program(uniqueName("Replay")));
    Program first = manager().createProgram(request).getProgram();
    Program replay = manager().createProgram(request).getProgram();
    assertThat(replay).isEqualTo(first);

    CreateProgramRequest other =
        request.toBuilder()
            .setProgram(request.getProgram().toBuilder().setDescription("changed"))
            .build();
    ErrorDetails reused = failure(() -> manager().createProgram(other));
    assertThat(reused.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reused.reason()).isEqualTo(ErrorReason.ERROR_REASON_REQUEST_ID_REUSED);
    assertThat(fields(reused)).containsExactly("request_id");
    assertThat(get(first.getProgramId()).getDescription())
        .isEqualTo(request.getProgram().getDescription());
  }

  @Test
  void badSettingsAreRefusedWithEveryFieldAndNothingIsCreated() {
    String name = uniqueName("Broken");
    Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    Program.Builder bad =
        program(name)
            .setWindow(window(start, start.minus(Duration.ofDays(1))))
            .setBudget(
                ProgramBudget.newBuilder()
                    .setTotal(money(1_000, "MYR"))
                    .setPerCreatorCap(money(2_000, "MYR")))
            .clearSuspensionSettlementRule();
    ErrorDetails e = failure(() -> manager().createProgram(create(bad)));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(fields(e))
        .containsExactlyInAnyOrder(
            "program.window.end_time",
            "program.budget.per_creator_cap",
            "program.suspension_settlement_rule");

    // nothing was stored: the name is still free
    assertThat(created(program(name)).getDisplayName()).isEqualTo(name);
  }

  @Test
  void moneyInAnotherCurrencyIsACurrencyMismatch() {
    Program.Builder idr =
        program(uniqueName("Rupiah"))
            .setBudget(ProgramBudget.newBuilder().setTotal(money(1_000_000, "IDR")));
    ErrorDetails e = failure(() -> manager().createProgram(create(idr)));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_CURRENCY_MISMATCH);
    assertThat(fields(e)).containsExactly("program.budget.total.currency_code");
  }

  @Test
  void aBadUpdateChangesNothing() {
    Program draft = created(program(uniqueName("Stable")));
    Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    ErrorDetails e =
        failure(
            () ->
                manager()
                    .updateProgram(
                        UpdateProgramRequest.newBuilder()
                            .setRequestId(requestId())
                            .setProgramId(draft.getProgramId())
                            .setProgram(
                                Program.newBuilder()
                                    .setDisplayName("Renamed")
                                    .setWindow(window(start, start.plus(Duration.ofDays(400)))))
                            .setUpdateMask(
                                FieldMask.newBuilder().addPaths("display_name").addPaths("window"))
                            .build()));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(fields(e)).containsExactly("program.window.end_time");
    assertThat(get(draft.getProgramId())).isEqualTo(draft);
  }

  @Test
  void aRunningProgrammeChangesOnlyItsDescriptionAndAGrowingBudget() {
    Program active = activated(created(program(uniqueName("Running"))));
    ErrorDetails window =
        failure(
            () ->
                manager()
                    .updateProgram(
                        UpdateProgramRequest.newBuilder()
                            .setRequestId(requestId())
                            .setProgramId(active.getProgramId())
                            .setProgram(
                                Program.newBuilder()
                                    .setDisplayName("Other")
                                    .setWindow(IncentiveFixtures.nextMonth()))
                            .setUpdateMask(
                                FieldMask.newBuilder().addPaths("window").addPaths("display_name"))
                            .build()));
    assertThat(window.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(window.reason()).isEqualTo(ErrorReason.ERROR_REASON_PRECONDITION_FAILED);
    assertThat(window.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "ACTIVE");
    assertThat(window.preconditionFailure().orElseThrow().getViolationsList())
        .extracting(v -> v.getSubject())
        .containsExactly("window", "display_name");

    ErrorDetails smaller =
        failure(
            () ->
                manager()
                    .updateProgram(
                        UpdateProgramRequest.newBuilder()
                            .setRequestId(requestId())
                            .setProgramId(active.getProgramId())
                            .setProgram(
                                Program.newBuilder()
                                    .setBudget(
                                        ProgramBudget.newBuilder().setTotal(money(999_999, "MYR"))))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("budget.total"))
                            .build()));
    assertThat(smaller.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(fields(smaller)).containsExactly("program.budget.total");
    assertThat(get(active.getProgramId())).isEqualTo(active);
  }

  @Test
  void aReplayedLifecycleMoveReturnsTheFirstAnswerAndMovesNothing() {
    Program draft = created(program(uniqueName("Replayed move")));
    ActivateProgramRequest activate =
        ActivateProgramRequest.newBuilder()
            .setRequestId(requestId())
            .setProgramId(draft.getProgramId())
            .setEtag(draft.getEtag())
            .build();
    Program first = manager().activateProgram(activate).getProgram();
    Program replay = manager().activateProgram(activate).getProgram();
    assertThat(replay).isEqualTo(first);
    assertThat(get(draft.getProgramId())).isEqualTo(first);

    // the same id from another caller is another request: it meets the current etag
    ErrorDetails other =
        failure(
            () ->
                as(TestAuthKeys.token("admin-2", Role.GOVERNANCE_ADMIN)).activateProgram(activate));
    assertThat(other.reason()).isEqualTo(ErrorReason.ERROR_REASON_ETAG_MISMATCH);
  }

  @Test
  void aStaleEtagIsRefusedWithTheCurrentOne() {
    Program draft = created(program(uniqueName("Etag")));
    Program active = activated(draft);
    ErrorDetails e =
        failure(
            () ->
                manager()
                    .pauseProgram(
                        PauseProgramRequest.newBuilder()
                            .setRequestId(requestId())
                            .setProgramId(draft.getProgramId())
                            .setEtag(draft.getEtag())
                            .build()));
    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_ETAG_MISMATCH);
    assertThat(e.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_etag", active.getEtag());
  }

  @Test
  void aDisplayNameIsUniqueInItsMarketIgnoringCase() {
    String name = uniqueName("Twice");
    created(program(name));
    ErrorDetails e = failure(() -> created(program("  " + name.toUpperCase() + " ")));
    assertThat(e.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(e.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("resource_type", "Program")
        .containsEntry("key", "MY/" + name.toUpperCase());
    // another market may use it
    Program sg =
        created(
            program(name)
                .setMarket("SG")
                .setBudget(
                    ProgramBudget.newBuilder()
                        .setTotal(money(100_000, "SGD"))
                        .setPerCreatorCap(money(5_000, "SGD")))
                .setRewards(
                    2,
                    RewardRule.newBuilder()
                        .setGmvMilestoneCash(
                            io.creatorgov.incentive.v1.GmvMilestoneCashReward.newBuilder()
                                .addMilestones(
                                    io.creatorgov.incentive.v1.GmvMilestone.newBuilder()
                                        .setGmvThreshold(money(100_000, "SGD"))
                                        .setCashReward(money(1_000, "SGD"))))));
    assertThat(sg.getCurrencyCode()).isEqualTo("SGD");
  }

  @Test
  void listsNewestFirstInPagesFilteredByMarketAndState() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(created(boostOnlyIn("TH", uniqueName("Thai " + i))).getProgramId());
    }
    activated(get(ids.get(1)));

    List<String> listed = new ArrayList<>();
    String token = "";
    do {
      ListProgramsResponse page =
          manager()
              .listPrograms(
                  ListProgramsRequest.newBuilder()
                      .setMarket("TH")
                      .setPageSize(2)
                      .setPageToken(token)
                      .build());
      assertThat(page.getProgramsCount()).isLessThanOrEqualTo(2);
      page.getProgramsList().forEach(p -> assertThat(p.getMarket()).isEqualTo("TH"));
      page.getProgramsList().forEach(p -> listed.add(p.getProgramId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertThat(listed).containsSubsequence(ids.get(2), ids.get(1), ids.get(0));

    ListProgramsResponse active =
        manager()
            .listPrograms(
                ListProgramsRequest.newBuilder()
                    .setMarket("TH")
                    .setState(ProgramState.PROGRAM_STATE_ACTIVE)
                    .build());
    assertThat(active.getProgramsList())
        .extracting(Program::getProgramId)
        .contains(ids.get(1))
        .doesNotContain(ids.get(0), ids.get(2));

    // a creator never sees drafts
    ListProgramsResponse creatorView =
        as(TestAuthKeys.token("cr_lister", Role.CREATOR))
            .listPrograms(ListProgramsRequest.newBuilder().setMarket("TH").build());
    assertThat(creatorView.getProgramsList())
        .extracting(Program::getProgramId)
        .contains(ids.get(1))
        .doesNotContain(ids.get(0), ids.get(2));

    // a page token is bound to its filters
    String first =
        manager()
            .listPrograms(ListProgramsRequest.newBuilder().setMarket("TH").setPageSize(1).build())
            .getNextPageToken();
    ErrorDetails e =
        failure(
            () ->
                manager()
                    .listPrograms(
                        ListProgramsRequest.newBuilder()
                            .setMarket("TH")
                            .setState(ProgramState.PROGRAM_STATE_DRAFT)
                            .setPageToken(first)
                            .build()));
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
  }

  @Test
  void wrongRolesAndCreatorsAreRefused() {
    Program draft = created(program(uniqueName("Roles")));
    ErrorDetails auditor =
        failure(
            () ->
                as(TestAuthKeys.token("auditor-1", Role.AUDITOR))
                    .createProgram(create(program(uniqueName("Auditor")))));
    assertThat(auditor.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(auditor.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);

    // the auditor reads, a creator does not see a draft
    assertThat(
            as(TestAuthKeys.token("auditor-1", Role.AUDITOR))
                .getProgram(
                    GetProgramRequest.newBuilder().setProgramId(draft.getProgramId()).build())
                .getProgram()
                .getProgramId())
        .isEqualTo(draft.getProgramId());
    ErrorDetails creator =
        failure(
            () ->
                as(TestAuthKeys.token("cr_1", Role.CREATOR))
                    .getProgram(
                        GetProgramRequest.newBuilder().setProgramId(draft.getProgramId()).build()));
    assertThat(creator.code()).isEqualTo(Status.Code.NOT_FOUND);

    ErrorDetails scoped =
        failure(
            () ->
                as(TestAuthKeys.scopedToken(
                        "manager-vn", new String[] {"VN"}, Role.INCENTIVE_MANAGER))
                    .pauseProgram(
                        PauseProgramRequest.newBuilder()
                            .setRequestId(requestId())
                            .setProgramId(draft.getProgramId())
                            .build()));
    assertThat(scoped.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
    assertThat(get(draft.getProgramId())).isEqualTo(draft);
  }

  @Test
  void aLifecycleMoveIsAnnouncedOnTheIncentiveFeedInItsTransaction() throws Exception {
    Program draft = created(program(uniqueName("Announced")));
    assertThat(events(draft.getProgramId())).isEmpty();
    Program active = activated(draft);

    assertThat(events(draft.getProgramId()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getEventType())
                  .isEqualTo(IncentiveEventType.INCENTIVE_EVENT_TYPE_PROGRAM_STATE_CHANGED);
              assertThat(e.getProgram()).isEqualTo(active);
              assertThat(e.getMarket()).isEqualTo("MY");
              assertThat(e.getCreatorId()).isEmpty();
              assertThat(e.getEnvelope().getSubject())
                  .isEqualTo("programs/" + draft.getProgramId());
              assertThat(e.getEnvelope().getActor().getSubject()).isEqualTo(MANAGER);
              assertThat(e.getEnvelope().getOccurredTime()).isEqualTo(active.getUpdateTime());
            });
  }

  @Test
  void theSchedulerEndsARunningProgrammeAtItsWindowsEnd() throws Exception {
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));
    Program active =
        activated(
            created(
                program(uniqueName("Expiring"))
                    .setWindow(window(end.minus(Duration.ofDays(7)), end))));

    clock.freezeAt(end.plusSeconds(5));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(active.getProgramId()).getState() == ProgramState.PROGRAM_STATE_ENDED);

    Program ended = get(active.getProgramId());
    assertThat(ProtoTime.toInstant(ended.getEndedTime())).isEqualTo(end);
    assertThat(ended.getLastUpdated().getActor().getKind()).isEqualTo(ActorKind.ACTOR_KIND_SYSTEM);
    assertThat(ended.getLastUpdated().getActor().getSubject()).isEqualTo("program-scheduler");
    assertThat(events(active.getProgramId()))
        .extracting(e -> e.getProgram().getState())
        .containsExactly(ProgramState.PROGRAM_STATE_ACTIVE, ProgramState.PROGRAM_STATE_ENDED);
  }

  @Test
  void concurrentCreationsOfOneNameLeaveOneProgrammeAndRefuseTheRest() throws Exception {
    int callers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      for (int round = 0; round < 3; round++) {
        String name = uniqueName("Race");
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Future<Program>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          calls.add(
              pool.submit(
                  () -> {
                    start.await();
                    return created(program(name));
                  }));
        }
        int created = 0;
        for (Future<Program> call : calls) {
          try {
            call.get(30, TimeUnit.SECONDS);
            created++;
          } catch (ExecutionException e) {
            ErrorDetails refused = ErrorDetails.of(e.getCause());
            assertThat(refused.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
            assertThat(refused.errorInfo().orElseThrow().getMetadataMap())
                .containsEntry("resource_type", "Program")
                .containsEntry("key", "MY/" + name);
          }
        }
        assertThat(created).as("round %d: programmes created", round).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM program WHERE display_name = ?", name)).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long count(String sql, String parameter) throws Exception {
    try (Connection c = TestSql.connect();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, parameter);
      try (ResultSet rows = q.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** The incentive feed's events of one programme, in sequence order. */
  private static List<IncentiveEvent> events(String programId) throws Exception {
    List<IncentiveEvent> events = new ArrayList<>();
    try (Connection c = TestSql.connect();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT payload FROM incentive_event WHERE program_id = ? ORDER BY sequence")) {
      q.setString(1, programId);
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          events.add(IncentiveEvent.parseFrom(rows.getBytes(1)));
        }
      }
    }
    return events;
  }

  /** A traffic-boost-only programme (no budget) in {@code market}. */
  private static Program.Builder boostOnlyIn(String market, String name) {
    return program(name)
        .setMarket(market)
        .clearRewards()
        .addRewards(
            RewardRule.newBuilder()
                .setTrafficBoost(TrafficBoostReward.newBuilder().setMultiplierPermille(2_000)))
        .clearBudget();
  }
}
