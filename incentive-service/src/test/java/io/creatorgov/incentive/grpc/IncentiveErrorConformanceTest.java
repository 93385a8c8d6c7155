package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.money;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.window;

import com.google.protobuf.FieldMask;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.CheckEligibilityRequest;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.GetBudgetStatusRequest;
import io.creatorgov.incentive.v1.GetEnrollmentRequest;
import io.creatorgov.incentive.v1.GetPayoutRequest;
import io.creatorgov.incentive.v1.GetProgramRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerRequest;
import io.creatorgov.incentive.v1.GetSettlementRequest;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.ListEnrollmentsRequest;
import io.creatorgov.incentive.v1.ListPayoutsRequest;
import io.creatorgov.incentive.v1.ListProgramsRequest;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.RecordPerformanceRequest;
import io.creatorgov.incentive.v1.ReinstateEnrollmentRequest;
import io.creatorgov.incentive.v1.ReportPayoutTransferRequest;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.SettleProgramRequest;
import io.creatorgov.incentive.v1.SettleProgramResponse;
import io.creatorgov.incentive.v1.StreamIncentiveEventsRequest;
import io.creatorgov.incentive.v1.StreamIncentiveEventsResponse;
import io.creatorgov.incentive.v1.TrafficBoostReward;
import io.creatorgov.incentive.v1.TransferState;
import io.creatorgov.incentive.v1.UpdateProgramRequest;
import io.creatorgov.incentive.v1.WithdrawRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.feed.FeedRetentionJob;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.testing.conformance.ErrorConformance;
import io.creatorgov.kit.testing.conformance.InFlightRequest;
import io.creatorgov.kit.testing.conformance.RowLock;
import io.creatorgov.kit.testing.conformance.RpcInvoker;
import io.grpc.Context;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every error the implemented IncentiveService RPCs document under {@code Errors:} in the contract,
 * produced through the real gRPC API and checked for its code, reason, metadata and details (see
 * {@link ErrorConformance}). An RPC joins {@link #IMPLEMENTED} when it is built; from then on a
 * documented error without a call here fails.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakeCreatorService.class)
@QuarkusTestResource(FakeEnforcementService.class)
class IncentiveErrorConformanceTest {
  private static final List<String> IMPLEMENTED =
      List.of(
          "CreateProgram",
          "GetProgram",
          "ListPrograms",
          "UpdateProgram",
          "ActivateProgram",
          "PauseProgram",
          "EndProgram",
          "CheckEligibility",
          "Enroll",
          "GetEnrollment",
          "ReinstateEnrollment",
          "Withdraw",
          "ListEnrollments",
          "RecordPerformance",
          "GetRewardLedger",
          "GetBudgetStatus",
          "StreamIncentiveEvents",
          "SettleProgram",
          "GetSettlement",
          "GetPayout",
          "ListPayouts",
          "ReportPayoutTransfer");
  private static final String MANAGER = "manager-conformance";
  private static final String SOURCE = "orders-conformance";
  private static final String PAYOUTS = "payouts-conformance";
  private static final String STALE_ETAG = "stale-etag";
  private static final String BAD_REQUEST_ID = "not a request id!";

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub grpc;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;
  @FakeEnforcementService.Inject FakeEnforcementService.Enforcement enforcement;

  @Inject FeedRetentionJob feedRetention;

  @ConfigProperty(name = "creatorgov.feed.max-streams")
  int maxStreams;

  @TestFactory
  Stream<DynamicTest> everyDocumentedErrorOfTheImplementedRpcsIsProducedAsDocumented() {
    ErrorConformance catalogue =
        ErrorConformance.of(IncentiveServiceGrpc.SERVICE_NAME)
            .forRpcs(IMPLEMENTED)
            .onEveryRpc("UNAUTHENTICATED/TOKEN_MISSING", rpc -> () -> invoker().call(rpc, null))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_INVALID", rpc -> () -> invoker().call(rpc, "not-a-jwt"))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_EXPIRED",
                rpc ->
                    () ->
                        invoker()
                            .call(rpc, TestAuthKeys.expiredToken(MANAGER, Role.INCENTIVE_MANAGER)))
            .onEveryRpc(
                "PERMISSION_DENIED/ROLE_REQUIRED",
                rpc -> () -> invoker().call(rpc, TestAuthKeys.token("nobody")));
    creation(catalogue);
    reads(catalogue);
    updates(catalogue);
    activation(catalogue);
    pauseAndEnd(catalogue, "PauseProgram");
    pauseAndEnd(catalogue, "EndProgram");
    eligibility(catalogue);
    enrolment(catalogue);
    enrolmentReads(catalogue);
    withdrawal(catalogue);
    reinstatement(catalogue);
    accrual(catalogue);
    feed(catalogue);
    settlement(catalogue);
    payoutReads(catalogue);
    transfers(catalogue);
    return catalogue.tests();
  }

  private void creation(ErrorConformance c) {
    String rpc = "CreateProgram";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> manager().createProgram(create(program(uniqueName("Bad")).clearRewards())))
        .on(
            rpc,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> manager().createProgram(create(boostOnly(uniqueName("Nowhere")).setMarket("ZZ"))))
        .on(
            rpc,
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> manager().createProgram(create(boostOnly(uniqueName("HK")).setMarket("HK"))))
        .on(
            rpc,
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () ->
                manager()
                    .createProgram(
                        create(
                            program(uniqueName("Rupiah"))
                                .setBudget(
                                    ProgramBudget.newBuilder().setTotal(money(1_000_000, "IDR"))))))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              CreateProgramRequest first = create(program(uniqueName("Reused")));
              manager().createProgram(first);
              manager()
                  .createProgram(
                      first.toBuilder()
                          .setProgram(first.getProgram().toBuilder().setDescription("other"))
                          .build());
            })
        .on(
            rpc,
            "ALREADY_EXISTS/ALREADY_EXISTS",
            () -> {
              String name = uniqueName("Taken");
              manager().createProgram(create(program(name)));
              manager().createProgram(create(program(name.toLowerCase())));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              CreateProgramRequest r = create(program(uniqueName("In flight")));
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, r.getRequestId(), () -> manager().createProgram(r));
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamManager().createProgram(create(program(uniqueName("Scoped")))));
  }

  private void reads(ErrorConformance c) {
    c.on(
            "GetProgram",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().getProgram(get("prg_does_not_exist")))
        .on(
            "GetProgram",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamAuditor().getProgram(get(draft().getProgramId())))
        .on(
            "ListPrograms",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> manager().listPrograms(ListProgramsRequest.newBuilder().setPageSize(-1).build()))
        .on(
            "ListPrograms",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> manager().listPrograms(ListProgramsRequest.newBuilder().setMarket("ZZ").build()))
        .on(
            "ListPrograms",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                manager()
                    .listPrograms(
                        ListProgramsRequest.newBuilder().setPageToken("not-a-token").build()))
        .on(
            "ListPrograms",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                vietnamAuditor()
                    .listPrograms(ListProgramsRequest.newBuilder().setMarket("MY").build()));
  }

  private void updates(ErrorConformance c) {
    String rpc = "UpdateProgram";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> {
              Instant start =
                  Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
              manager()
                  .updateProgram(
                      update(
                          draft().getProgramId(),
                          Program.newBuilder().setWindow(window(start, start)),
                          "window"));
            })
        .on(
            rpc,
            "INVALID_ARGUMENT/INVALID_UPDATE_MASK",
            () ->
                manager()
                    .updateProgram(update(draft().getProgramId(), Program.newBuilder(), "state")))
        .on(
            rpc,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () ->
                manager()
                    .updateProgram(
                        update(
                            boostOnlyDraft().getProgramId(),
                            Program.newBuilder().setMarket("ZZ"),
                            "market")))
        .on(
            rpc,
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () ->
                manager()
                    .updateProgram(
                        update(
                            boostOnlyDraft().getProgramId(),
                            Program.newBuilder().setMarket("HK"),
                            "market")))
        .on(
            rpc,
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () ->
                manager()
                    .updateProgram(
                        update(
                            draft().getProgramId(),
                            Program.newBuilder()
                                .setBudget(
                                    ProgramBudget.newBuilder().setTotal(money(5_000_000, "IDR"))),
                            "budget")))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              UpdateProgramRequest first =
                  update(
                      draft().getProgramId(),
                      Program.newBuilder().setDescription("first"),
                      "description");
              manager().updateProgram(first);
              manager()
                  .updateProgram(
                      first.toBuilder()
                          .setProgram(Program.newBuilder().setDescription("second"))
                          .build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                manager()
                    .updateProgram(
                        update(
                            "prg_does_not_exist",
                            Program.newBuilder().setDescription("x"),
                            "description")))
        .on(
            rpc,
            "ALREADY_EXISTS/ALREADY_EXISTS",
            () -> {
              String taken = draft().getDisplayName();
              manager()
                  .updateProgram(
                      update(
                          draft().getProgramId(),
                          Program.newBuilder().setDisplayName(taken),
                          "display_name"));
            })
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                manager()
                    .updateProgram(
                        update(
                                draft().getProgramId(),
                                Program.newBuilder().setDescription("x"),
                                "description")
                            .toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              String id = draft().getProgramId();
              RowLock.whileLocked(
                  "program",
                  "program_id",
                  id,
                  () ->
                      manager()
                          .updateProgram(
                              update(id, Program.newBuilder().setDescription("x"), "description")));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              UpdateProgramRequest r =
                  update(
                      draft().getProgramId(),
                      Program.newBuilder().setDescription("x"),
                      "description");
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, r.getRequestId(), () -> manager().updateProgram(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () ->
                manager()
                    .updateProgram(
                        update(
                            active().getProgramId(),
                            Program.newBuilder().setWindow(IncentiveFixtures.nextMonth()),
                            "window")))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                vietnamManager()
                    .updateProgram(
                        update(
                            draft().getProgramId(),
                            Program.newBuilder().setDescription("x"),
                            "description")));
  }

  private void activation(ErrorConformance c) {
    String rpc = "ActivateProgram";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manager()
                    .activateProgram(
                        activate(draft().getProgramId()).toBuilder()
                            .setRequestId(BAD_REQUEST_ID)
                            .build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ActivateProgramRequest first = activate(draft().getProgramId());
              manager().activateProgram(first);
              manager()
                  .activateProgram(first.toBuilder().setProgramId(draft().getProgramId()).build());
            })
        .on(
            rpc,
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> {
              String id = boostOnlyDraft().getProgramId();
              TestSql.execute("UPDATE program SET market = 'HK' WHERE program_id = ?", id);
              manager().activateProgram(activate(id));
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().activateProgram(activate("prg_does_not_exist")))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                manager()
                    .activateProgram(
                        activate(draft().getProgramId()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              String id = draft().getProgramId();
              RowLock.whileLocked(
                  "program", "program_id", id, () -> manager().activateProgram(activate(id)));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ActivateProgramRequest r = activate(draft().getProgramId());
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, r.getRequestId(), () -> manager().activateProgram(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> manager().activateProgram(activate(active().getProgramId())))
        .on(
            rpc,
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> {
              Instant end = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
              Program past =
                  manager()
                      .createProgram(
                          create(
                              program(uniqueName("Past"))
                                  .setWindow(window(end.minus(Duration.ofDays(10)), end))))
                      .getProgram();
              manager().activateProgram(activate(past.getProgramId()));
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamManager().activateProgram(activate(draft().getProgramId())));
  }

  /** PauseProgram and EndProgram document the same errors; both refuse a DRAFT programme. */
  private void pauseAndEnd(ErrorConformance c, String rpc) {
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> stop(rpc, manager(), active().getProgramId(), BAD_REQUEST_ID, ""))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              String id = active().getProgramId();
              String requestId = requestId();
              stop(rpc, manager(), id, requestId, "");
              stop(rpc, manager(), active().getProgramId(), requestId, "");
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> stop(rpc, manager(), "prg_does_not_exist", requestId(), ""))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () -> stop(rpc, manager(), active().getProgramId(), requestId(), STALE_ETAG))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              String id = active().getProgramId();
              RowLock.whileLocked(
                  "program", "program_id", id, () -> stop(rpc, manager(), id, requestId(), ""));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              String id = active().getProgramId();
              String requestId = requestId();
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, requestId, () -> stop(rpc, manager(), id, requestId, ""));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> stop(rpc, manager(), draft().getProgramId(), requestId(), ""))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> stop(rpc, vietnamManager(), active().getProgramId(), requestId(), ""));
  }

  private void eligibility(ErrorConformance c) {
    String rpc = "CheckEligibility";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> manager().checkEligibility(check("", eligible())))
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().checkEligibility(check(active().getProgramId(), "cr_unknown")))
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              CheckEligibilityRequest r = check(active().getProgramId(), eligible());
              whileCreatorServiceDown(() -> manager().checkEligibility(r));
            })
        .on(
            rpc,
            "DEADLINE_EXCEEDED/DEADLINE_EXCEEDED",
            () -> {
              CheckEligibilityRequest r = check(active().getProgramId(), eligible());
              whileCreatorServiceSlow(() -> manager().checkEligibility(r));
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamAuditor().checkEligibility(check(active().getProgramId(), eligible())))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> {
              String other = eligible();
              creator(eligible()).checkEligibility(check(active().getProgramId(), other));
            });
  }

  private void enrolment(ErrorConformance c) {
    String rpc = "Enroll";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manager()
                    .enroll(
                        enroll(active().getProgramId(), eligible()).toBuilder()
                            .setRequestId(BAD_REQUEST_ID)
                            .build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              EnrollRequest first = enroll(active().getProgramId(), eligible());
              manager().enroll(first);
              manager().enroll(first.toBuilder().setCreatorId(eligible()).build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().enroll(enroll("prg_does_not_exist", eligible())))
        .on(
            rpc,
            "ALREADY_EXISTS/ALREADY_EXISTS",
            () -> {
              String programId = active().getProgramId();
              String creator = eligible();
              manager().enroll(enroll(programId, creator));
              manager().enroll(enroll(programId, creator));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/NOT_ELIGIBLE",
            () -> {
              String creator = eligible();
              creators.register(
                  IncentiveFixtures.eligibleCreator(creator)
                      .setTier(CreatorTier.CREATOR_TIER_BRONZE)
                      .build());
              manager().enroll(enroll(active().getProgramId(), creator));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/PROGRAM_NOT_ACTIVE",
            () -> manager().enroll(enroll(draft().getProgramId(), eligible())))
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              Enrollment e = enrolled();
              manager().withdraw(withdraw(e.getEnrollmentId()));
              manager().enroll(enroll(e.getProgramId(), e.getCreatorId()));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/BUDGET_EXHAUSTED",
            () -> {
              String programId = cashOnly();
              // No performance is recorded yet (a later slice) so no budget is ever spent: the
              // test spends it by hand, past the check that keeps a stored total positive.
              TestSql.execute("ALTER TABLE program DROP CONSTRAINT program_budget_positive");
              TestSql.execute(
                  "UPDATE program SET budget_total_minor = 0, budget_cap_minor = NULL"
                      + " WHERE program_id = ?",
                  programId);
              TestSql.execute(
                  "ALTER TABLE program ADD CONSTRAINT program_budget_positive CHECK"
                      + " (budget_total_minor IS NULL OR budget_total_minor > 0) NOT VALID");
              manager().enroll(enroll(programId, eligible()));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              EnrollRequest r = enroll(active().getProgramId(), eligible());
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, r.getRequestId(), () -> manager().enroll(r));
            })
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              EnrollRequest r = enroll(active().getProgramId(), eligible());
              whileEnforcementServiceDown(() -> manager().enroll(r));
            })
        .on(
            rpc,
            "DEADLINE_EXCEEDED/DEADLINE_EXCEEDED",
            () -> {
              EnrollRequest r = enroll(active().getProgramId(), eligible());
              whileCreatorServiceSlow(() -> manager().enroll(r));
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamManager().enroll(enroll(active().getProgramId(), eligible())))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> {
              String other = eligible();
              creator(eligible()).enroll(enroll(active().getProgramId(), other));
            });
  }

  private void enrolmentReads(ErrorConformance c) {
    c.on(
            "GetEnrollment",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().getEnrollment(getEnrollment("enr_does_not_exist")))
        .on(
            "GetEnrollment",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamAuditor().getEnrollment(getEnrollment(enrolled().getEnrollmentId())))
        .on(
            "GetEnrollment",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> creator(eligible()).getEnrollment(getEnrollment(enrolled().getEnrollmentId())))
        .on(
            "ListEnrollments",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manager()
                    .listEnrollments(ListEnrollmentsRequest.newBuilder().setPageSize(-1).build()))
        .on(
            "ListEnrollments",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () ->
                manager()
                    .listEnrollments(ListEnrollmentsRequest.newBuilder().setMarket("ZZ").build()))
        .on(
            "ListEnrollments",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                manager()
                    .listEnrollments(
                        ListEnrollmentsRequest.newBuilder().setPageToken("not-a-token").build()))
        .on(
            "ListEnrollments",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                manager()
                    .listEnrollments(
                        ListEnrollmentsRequest.newBuilder()
                            .setProgramId("prg_does_not_exist")
                            .build()))
        .on(
            "ListEnrollments",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                vietnamAuditor()
                    .listEnrollments(ListEnrollmentsRequest.newBuilder().setMarket("MY").build()))
        .on(
            "ListEnrollments",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                creator(eligible())
                    .listEnrollments(
                        ListEnrollmentsRequest.newBuilder().setCreatorId(eligible()).build()));
  }

  private void withdrawal(ErrorConformance c) {
    String rpc = "Withdraw";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manager()
                    .withdraw(
                        withdraw(enrolled().getEnrollmentId()).toBuilder()
                            .setRequestId(BAD_REQUEST_ID)
                            .build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              WithdrawRequest first = withdraw(enrolled().getEnrollmentId());
              manager().withdraw(first);
              manager()
                  .withdraw(
                      first.toBuilder().setEnrollmentId(enrolled().getEnrollmentId()).build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().withdraw(withdraw("enr_does_not_exist")))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                manager()
                    .withdraw(
                        withdraw(enrolled().getEnrollmentId()).toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              String id = enrolled().getEnrollmentId();
              RowLock.whileLocked(
                  "enrollment", "enrollment_id", id, () -> manager().withdraw(withdraw(id)));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              WithdrawRequest r = withdraw(enrolled().getEnrollmentId());
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, r.getRequestId(), () -> manager().withdraw(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              String id = enrolled().getEnrollmentId();
              manager().withdraw(withdraw(id));
              manager().withdraw(withdraw(id));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/PROGRAM_NOT_ACTIVE",
            () -> {
              Enrollment e = enrolled();
              // SettleProgram is a later slice: the programme is settled by hand
              TestSql.execute(
                  "UPDATE program SET state = 'SETTLED' WHERE program_id = ?", e.getProgramId());
              manager().withdraw(withdraw(e.getEnrollmentId()));
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamManager().withdraw(withdraw(enrolled().getEnrollmentId())))
        .on(
            rpc,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> creator(eligible()).withdraw(withdraw(enrolled().getEnrollmentId())));
  }

  private void reinstatement(ErrorConformance c) {
    String rpc = "ReinstateEnrollment";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manager()
                    .reinstateEnrollment(
                        reinstate(paused().getEnrollmentId()).toBuilder().setReason("").build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ReinstateEnrollmentRequest first = reinstate(paused().getEnrollmentId());
              manager().reinstateEnrollment(first);
              manager()
                  .reinstateEnrollment(
                      first.toBuilder().setEnrollmentId(paused().getEnrollmentId()).build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().reinstateEnrollment(reinstate("enr_does_not_exist")))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                manager()
                    .reinstateEnrollment(
                        reinstate(paused().getEnrollmentId()).toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              String id = paused().getEnrollmentId();
              RowLock.whileLocked(
                  "enrollment",
                  "enrollment_id",
                  id,
                  () -> manager().reinstateEnrollment(reinstate(id)));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ReinstateEnrollmentRequest r = reinstate(paused().getEnrollmentId());
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, r.getRequestId(), () -> manager().reinstateEnrollment(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> manager().reinstateEnrollment(reinstate(enrolled().getEnrollmentId())))
        .on(
            rpc,
            "FAILED_PRECONDITION/NOT_ELIGIBLE",
            () -> {
              Enrollment e = paused();
              creators.register(
                  IncentiveFixtures.eligibleCreator(e.getCreatorId())
                      .setStatus(CreatorStatus.CREATOR_STATUS_SUSPENDED)
                      .build());
              manager().reinstateEnrollment(reinstate(e.getEnrollmentId()));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/PROGRAM_NOT_ACTIVE",
            () -> {
              Enrollment e = paused();
              stop("EndProgram", manager(), e.getProgramId(), requestId(), "");
              manager().reinstateEnrollment(reinstate(e.getEnrollmentId()));
            })
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              ReinstateEnrollmentRequest r = reinstate(paused().getEnrollmentId());
              whileCreatorServiceDown(() -> manager().reinstateEnrollment(r));
            })
        .on(
            rpc,
            "DEADLINE_EXCEEDED/DEADLINE_EXCEEDED",
            () -> {
              ReinstateEnrollmentRequest r = reinstate(paused().getEnrollmentId());
              whileCreatorServiceSlow(() -> manager().reinstateEnrollment(r));
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamManager().reinstateEnrollment(reinstate(paused().getEnrollmentId())));
  }

  private void accrual(ErrorConformance c) {
    String rpc = "RecordPerformance";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                source().recordPerformance(performance(enrolled()).toBuilder().clearWhen().build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () ->
                source()
                    .recordPerformance(
                        performance(enrolled()).toBuilder()
                            .setAttributedGmv(money(100_000, "IDR"))
                            .build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              RecordPerformanceRequest first = performance(enrolled());
              source().recordPerformance(first);
              source()
                  .recordPerformance(first.toBuilder().setSourceReference("another batch").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                source()
                    .recordPerformance(
                        performance(enrolled()).toBuilder()
                            .setCreatorId("cr_not_enrolled")
                            .build()))
        .on(
            rpc,
            "FAILED_PRECONDITION/PROGRAM_NOT_ACTIVE",
            () ->
                source()
                    .recordPerformance(
                        performance(enrolled()).toBuilder()
                            .setProgramId(draft().getProgramId())
                            .build()))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              RecordPerformanceRequest r = performance(enrolled());
              InFlightRequest.whileInFlight(
                  rpc, SOURCE, r.getRequestId(), () -> source().recordPerformance(r));
            })
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              RecordPerformanceRequest r = performance(enrolled());
              RowLock.whileLocked(
                  "program", "program_id", r.getProgramId(), () -> source().recordPerformance(r));
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(SOURCE, new String[] {"VN"}, Role.SERVICE))
                    .recordPerformance(performance(enrolled())));
    String ledger = "GetRewardLedger";
    c.on(
            ledger,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manager()
                    .getRewardLedger(rewardLedger(enrolled()).toBuilder().setPageSize(-1).build()))
        .on(
            ledger,
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                manager()
                    .getRewardLedger(
                        rewardLedger(enrolled()).toBuilder().setPageToken("not-a-token").build()))
        .on(
            ledger,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                manager()
                    .getRewardLedger(
                        rewardLedger(enrolled()).toBuilder()
                            .setCreatorId("cr_not_enrolled")
                            .build()))
        .on(
            ledger,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamAuditor().getRewardLedger(rewardLedger(enrolled())))
        .on(
            ledger,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> creator(eligible()).getRewardLedger(rewardLedger(enrolled())));
    String status = "GetBudgetStatus";
    c.on(
            status,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> manager().getBudgetStatus(GetBudgetStatusRequest.getDefaultInstance()))
        .on(
            status,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                manager()
                    .getBudgetStatus(
                        GetBudgetStatusRequest.newBuilder()
                            .setProgramId("prg_does_not_exist")
                            .build()))
        .on(
            status,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                vietnamAuditor()
                    .getBudgetStatus(
                        GetBudgetStatusRequest.newBuilder()
                            .setProgramId(active().getProgramId())
                            .build()));
  }

  private void settlement(ErrorConformance c) {
    String rpc = "SettleProgram";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                manager()
                    .settleProgram(
                        settle(ended().getProgramId()).toBuilder().clearRequestId().build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              SettleProgramRequest first = settle(ended().getProgramId());
              manager().settleProgram(first);
              manager()
                  .settleProgram(first.toBuilder().setProgramId(ended().getProgramId()).build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> manager().settleProgram(settle("prg_does_not_exist")))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                manager()
                    .settleProgram(
                        settle(ended().getProgramId()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              SettleProgramRequest r = settle(ended().getProgramId());
              InFlightRequest.whileInFlight(
                  rpc, MANAGER, r.getRequestId(), () -> manager().settleProgram(r));
            })
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              SettleProgramRequest r = settle(ended().getProgramId());
              RowLock.whileLocked(
                  "program", "program_id", r.getProgramId(), () -> manager().settleProgram(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> manager().settleProgram(settle(active().getProgramId())))
        .on(
            rpc,
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              SettleProgramRequest r = settle(ended().getProgramId());
              whileCreatorServiceDown(() -> manager().settleProgram(r));
            })
        .on(
            rpc,
            "DEADLINE_EXCEEDED/DEADLINE_EXCEEDED",
            () -> {
              SettleProgramRequest r = settle(ended().getProgramId());
              creators.statusHistoryDelayMillis = 2_500;
              try {
                manager().settleProgram(r);
              } finally {
                creators.statusHistoryDelayMillis = 0;
                awaitPeers();
              }
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamManager().settleProgram(settle(ended().getProgramId())));
  }

  private void payoutReads(ErrorConformance c) {
    c.on(
            "GetSettlement",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                manager()
                    .getSettlement(
                        GetSettlementRequest.newBuilder().setSettlementId("stl_nope").build()))
        .on(
            "GetSettlement",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                vietnamAuditor()
                    .getSettlement(
                        GetSettlementRequest.newBuilder()
                            .setSettlementId(settled().getSettlement().getSettlementId())
                            .build()))
        .on(
            "GetPayout",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                manager().getPayout(GetPayoutRequest.newBuilder().setPayoutId("pay_nope").build()))
        .on(
            "GetPayout",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> vietnamAuditor().getPayout(getPayout(settledPayout())))
        .on(
            "GetPayout",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> creator(eligible()).getPayout(getPayout(settledPayout())));
    String list = "ListPayouts";
    c.on(
            list,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> manager().listPayouts(ListPayoutsRequest.newBuilder().setPageSize(-1).build()))
        .on(
            list,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> manager().listPayouts(ListPayoutsRequest.newBuilder().setMarket("ZZ").build()))
        .on(
            list,
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                manager()
                    .listPayouts(
                        ListPayoutsRequest.newBuilder().setPageToken("not-a-token").build()))
        .on(
            list,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                manager()
                    .listPayouts(
                        ListPayoutsRequest.newBuilder().setProgramId("prg_does_not_exist").build()))
        .on(
            list,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                vietnamAuditor()
                    .listPayouts(ListPayoutsRequest.newBuilder().setMarket("MY").build()))
        .on(
            list,
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                creator(eligible())
                    .listPayouts(
                        ListPayoutsRequest.newBuilder().setCreatorId("cr_someone_else").build()));
  }

  private void transfers(ErrorConformance c) {
    String rpc = "ReportPayoutTransfer";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                payouts()
                    .reportPayoutTransfer(
                        transfer(payablePayout()).toBuilder()
                            .setState(TransferState.TRANSFER_STATE_PENDING)
                            .build()))
        .on(
            rpc,
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ReportPayoutTransferRequest first = transfer(payablePayout());
              payouts().reportPayoutTransfer(first);
              payouts()
                  .reportPayoutTransfer(first.toBuilder().setTransferReference("other").build());
            })
        .on(
            rpc,
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> payouts().reportPayoutTransfer(transfer("pay_nope")))
        .on(
            rpc,
            "ABORTED/ETAG_MISMATCH",
            () ->
                payouts()
                    .reportPayoutTransfer(
                        transfer(payablePayout()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            rpc,
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              ReportPayoutTransferRequest r = transfer(payablePayout());
              RowLock.whileLocked(
                  "payout", "payout_id", r.getPayoutId(), () -> payouts().reportPayoutTransfer(r));
            })
        .on(
            rpc,
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ReportPayoutTransferRequest r = transfer(payablePayout());
              InFlightRequest.whileInFlight(
                  rpc, PAYOUTS, r.getRequestId(), () -> payouts().reportPayoutTransfer(r));
            })
        .on(
            rpc,
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> payouts().reportPayoutTransfer(transfer(settledPayout())))
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(PAYOUTS, new String[] {"VN"}, Role.SERVICE))
                    .reportPayoutTransfer(transfer(payablePayout())));
  }

  // ---- settlement arrangements ------------------------------------------------------------------

  /** An ENDED programme with one enrolment (ended before its window opened: nothing accrued). */
  private Program ended() {
    Enrollment e = enrolled();
    return manager()
        .endProgram(
            EndProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(e.getProgramId())
                .build())
        .getProgram();
  }

  private SettleProgramResponse settled() {
    return manager().settleProgram(settle(ended().getProgramId()));
  }

  /** The NOTHING_DUE settlement payout of a settled programme's one creator. */
  private String settledPayout() {
    String programId = settled().getProgram().getProgramId();
    return manager()
        .listPayouts(ListPayoutsRequest.newBuilder().setProgramId(programId).build())
        .getPayouts(0)
        .getPayoutId();
  }

  /** A settlement payout made PAYABLE (as one with a balance would be). */
  private String payablePayout() throws Exception {
    String payoutId = settledPayout();
    TestSql.execute(
        "UPDATE payout SET state = 'PAYABLE', transfer_state = 'PENDING' WHERE payout_id = ?",
        payoutId);
    return payoutId;
  }

  private static SettleProgramRequest settle(String programId) {
    return SettleProgramRequest.newBuilder()
        .setRequestId(requestId())
        .setProgramId(programId)
        .build();
  }

  private static GetPayoutRequest getPayout(String payoutId) {
    return GetPayoutRequest.newBuilder().setPayoutId(payoutId).build();
  }

  private static ReportPayoutTransferRequest transfer(String payoutId) {
    return ReportPayoutTransferRequest.newBuilder()
        .setRequestId(requestId())
        .setPayoutId(payoutId)
        .setState(TransferState.TRANSFER_STATE_PAID)
        .setTransferReference("tr-" + requestId())
        .build();
  }

  private IncentiveServiceBlockingStub payouts() {
    return as(TestAuthKeys.token(PAYOUTS, Role.SERVICE));
  }

  /** A performance record of 1,000.00 MYR an hour into the enrolment's programme window. */
  private RecordPerformanceRequest performance(Enrollment e) {
    Program p = manager().getProgram(get(e.getProgramId())).getProgram();
    return AccrualGrpcServiceTest.record(p, e.getCreatorId(), 100_000);
  }

  private static GetRewardLedgerRequest rewardLedger(Enrollment e) {
    return GetRewardLedgerRequest.newBuilder()
        .setProgramId(e.getProgramId())
        .setCreatorId(e.getCreatorId())
        .build();
  }

  private IncentiveServiceBlockingStub source() {
    return as(TestAuthKeys.token(SOURCE, Role.SERVICE));
  }

  // ---- peers ------------------------------------------------------------------------------------

  private void whileCreatorServiceDown(ErrorConformance.Call call) throws Exception {
    creators.down = true;
    try {
      call.run();
    } finally {
      creators.down = false;
      awaitPeers();
    }
  }

  private void whileEnforcementServiceDown(ErrorConformance.Call call) throws Exception {
    enforcement.down = true;
    try {
      call.run();
    } finally {
      enforcement.down = false;
      awaitPeers();
    }
  }

  /** creator-service answers after the client's 2 s timeout. */
  private void whileCreatorServiceSlow(ErrorConformance.Call call) throws Exception {
    creators.getCreatorDelayMillis = 2_500;
    try {
      call.run();
    } finally {
      creators.getCreatorDelayMillis = 0;
      awaitPeers();
    }
  }

  /** Until both peers answer again (an opened circuit lets calls through after 200 ms). */
  private void awaitPeers() {
    CheckEligibilityRequest probe = check(active().getProgramId(), eligible());
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .until(() -> manager().checkEligibility(probe).hasEvaluation());
  }

  // ---- enrolment arrangements -------------------------------------------------------------------

  /** A new creator meeting every condition of the fixture programme, with a clean standing. */
  private String eligible() {
    String creator = "cr_" + java.util.UUID.randomUUID().toString().substring(0, 12);
    creators.register(IncentiveFixtures.eligibleCreator(creator).build());
    enforcement.put(IncentiveFixtures.points(creator, "MY", 0));
    return creator;
  }

  private Enrollment enrolled() {
    return manager().enroll(enroll(active().getProgramId(), eligible())).getEnrollment();
  }

  /** An enrolment PAUSED (as the enforcement feed, a later slice, would pause it). */
  private Enrollment paused() throws Exception {
    Enrollment e = enrolled();
    TestSql.execute(
        "UPDATE enrollment SET state = 'PAUSED', state_reason = 'CREATOR_SUSPENDED'"
            + " WHERE enrollment_id = ?",
        e.getEnrollmentId());
    return e;
  }

  /** An ACTIVE programme whose every reward is paid from its budget. */
  private String cashOnly() {
    Program p =
        manager()
            .createProgram(
                create(
                    program(uniqueName("Cash"))
                        .clearRewards()
                        .addRewards(
                            RewardRule.newBuilder()
                                .setCommissionBonus(
                                    io.creatorgov.incentive.v1.CommissionBonusReward.newBuilder()
                                        .setBonusBps(100)))))
            .getProgram();
    return manager().activateProgram(activate(p.getProgramId())).getProgram().getProgramId();
  }

  private static CheckEligibilityRequest check(String programId, String creatorId) {
    return CheckEligibilityRequest.newBuilder()
        .setProgramId(programId)
        .setCreatorId(creatorId)
        .build();
  }

  private static EnrollRequest enroll(String programId, String creatorId) {
    return EnrollRequest.newBuilder()
        .setRequestId(requestId())
        .setProgramId(programId)
        .setCreatorId(creatorId)
        .build();
  }

  private static WithdrawRequest withdraw(String enrollmentId) {
    return WithdrawRequest.newBuilder()
        .setRequestId(requestId())
        .setEnrollmentId(enrollmentId)
        .build();
  }

  private static ReinstateEnrollmentRequest reinstate(String enrollmentId) {
    return ReinstateEnrollmentRequest.newBuilder()
        .setRequestId(requestId())
        .setEnrollmentId(enrollmentId)
        .setReason("reinstated by hand")
        .build();
  }

  private static GetEnrollmentRequest getEnrollment(String enrollmentId) {
    return GetEnrollmentRequest.newBuilder().setEnrollmentId(enrollmentId).build();
  }

  private IncentiveServiceBlockingStub creator(String creatorId) {
    return as(TestAuthKeys.token(creatorId, Role.CREATOR));
  }

  // ---- arrangements -----------------------------------------------------------------------------

  private Program draft() {
    return manager().createProgram(create(program(uniqueName("Draft")))).getProgram();
  }

  private Program boostOnlyDraft() {
    return manager().createProgram(create(boostOnly(uniqueName("Boost")))).getProgram();
  }

  private Program active() {
    return manager().activateProgram(activate(draft().getProgramId())).getProgram();
  }

  /** A programme whose only reward is a traffic boost: no money, so no currency to mismatch. */
  private static Program.Builder boostOnly(String name) {
    return program(name)
        .clearRewards()
        .addRewards(
            RewardRule.newBuilder()
                .setTrafficBoost(TrafficBoostReward.newBuilder().setMultiplierPermille(1_200)))
        .clearBudget();
  }

  private static GetProgramRequest get(String programId) {
    return GetProgramRequest.newBuilder().setProgramId(programId).build();
  }

  private static UpdateProgramRequest update(
      String programId, Program.Builder program, String path) {
    return UpdateProgramRequest.newBuilder()
        .setRequestId(requestId())
        .setProgramId(programId)
        .setProgram(program)
        .setUpdateMask(FieldMask.newBuilder().addPaths(path))
        .build();
  }

  private static ActivateProgramRequest activate(String programId) {
    return ActivateProgramRequest.newBuilder()
        .setRequestId(requestId())
        .setProgramId(programId)
        .build();
  }

  private static void stop(
      String rpc,
      IncentiveServiceBlockingStub stub,
      String programId,
      String requestId,
      String etag) {
    if (rpc.equals("PauseProgram")) {
      stub.pauseProgram(
          PauseProgramRequest.newBuilder()
              .setRequestId(requestId)
              .setProgramId(programId)
              .setEtag(etag)
              .build());
    } else {
      stub.endProgram(
          EndProgramRequest.newBuilder()
              .setRequestId(requestId)
              .setProgramId(programId)
              .setEtag(etag)
              .build());
    }
  }

  private void feed(ErrorConformance c) {
    String rpc = "StreamIncentiveEvents";
    c.on(
            rpc,
            "INVALID_ARGUMENT/INVALID_RESUME_TOKEN",
            () ->
                stream(
                    feedReader(),
                    StreamIncentiveEventsRequest.newBuilder().setResumeToken("forged")))
        .on(
            rpc,
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                stream(
                    feedReader(),
                    StreamIncentiveEventsRequest.newBuilder()
                        .setResumeToken(currentFeedPosition())
                        .setStartFromNow(true)))
        .on(
            rpc,
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () ->
                stream(
                    feedReader(),
                    StreamIncentiveEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("ZZ")))
        .on(
            rpc,
            "OUT_OF_RANGE/RESUME_TOKEN_EXPIRED",
            () -> {
              String before = currentFeedPosition();
              Program aged = active();
              TestSql.execute(
                  "UPDATE incentive_event SET occurred_at = now() - interval '400 days'"
                      + " WHERE program_id = ?",
                  aged.getProgramId());
              feedRetention
                  .purgeBefore(Instant.now().minus(Duration.ofDays(30)))
                  .await()
                  .indefinitely();
              try {
                stream(
                    feedReader(), StreamIncentiveEventsRequest.newBuilder().setResumeToken(before));
              } finally {
                TestSql.execute("DELETE FROM kit_feed_horizon");
              }
            })
        .on(
            rpc,
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                stream(
                    as(TestAuthKeys.scopedToken("payouts-vn", new String[] {"VN"}, Role.SERVICE)),
                    StreamIncentiveEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("MY")))
        .on(rpc, "UNAVAILABLE/OVERLOADED", () -> openStreams(maxStreams + 1));
  }

  /**
   * Opens a stream and waits for its first item (the call's error, if refused); then cancels it.
   */
  private static void stream(
      IncentiveServiceBlockingStub stub, StreamIncentiveEventsRequest.Builder request) {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      context.run(() -> stub.streamIncentiveEvents(request.build()).next());
    } finally {
      context.cancel(null);
    }
  }

  /** The resume token of the feed's current end (the first checkpoint of a stream from now). */
  private String currentFeedPosition() {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return context.call(
          () ->
              feedReader()
                  .streamIncentiveEvents(
                      StreamIncentiveEventsRequest.newBuilder().setStartFromNow(true).build())
                  .next()
                  .getCheckpoint()
                  .getResumeToken());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  /**
   * Opens {@code count} streams one after another, each held open past its first checkpoint, then
   * cancels them all; the first refusal is thrown (at the latest the one past {@code
   * creatorgov.feed.max-streams}).
   */
  private void openStreams(int count) {
    List<Context.CancellableContext> open = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Context.CancellableContext context = Context.current().withCancellation();
        open.add(context);
        Iterator<StreamIncentiveEventsResponse> responses =
            context.call(
                () ->
                    feedReader()
                        .streamIncentiveEvents(
                            StreamIncentiveEventsRequest.newBuilder()
                                .setStartFromNow(true)
                                .build()));
        context.run(responses::next);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      open.forEach(context -> context.cancel(null));
    }
  }

  private IncentiveServiceBlockingStub feedReader() {
    return as(TestAuthKeys.token("payouts-conformance", Role.SERVICE));
  }

  private RpcInvoker invoker() {
    return new RpcInvoker(grpc.getChannel(), IncentiveServiceGrpc.getServiceDescriptor());
  }

  private IncentiveServiceBlockingStub as(String token) {
    return grpc.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private IncentiveServiceBlockingStub manager() {
    return as(TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER));
  }

  private IncentiveServiceBlockingStub vietnamManager() {
    return as(TestAuthKeys.scopedToken("manager-vn", new String[] {"VN"}, Role.INCENTIVE_MANAGER));
  }

  private IncentiveServiceBlockingStub vietnamAuditor() {
    return as(TestAuthKeys.scopedToken("auditor-vn", new String[] {"VN"}, Role.AUDITOR));
  }
}
