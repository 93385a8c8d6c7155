package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.money;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.window;

import com.google.protobuf.FieldMask;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.GetProgramRequest;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.ListProgramsRequest;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.TrafficBoostReward;
import io.creatorgov.incentive.v1.UpdateProgramRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.testing.conformance.ErrorConformance;
import io.creatorgov.kit.testing.conformance.InFlightRequest;
import io.creatorgov.kit.testing.conformance.RowLock;
import io.creatorgov.kit.testing.conformance.RpcInvoker;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
class IncentiveErrorConformanceTest {
  private static final List<String> IMPLEMENTED =
      List.of(
          "CreateProgram",
          "GetProgram",
          "ListPrograms",
          "UpdateProgram",
          "ActivateProgram",
          "PauseProgram",
          "EndProgram");
  private static final String MANAGER = "manager-conformance";
  private static final String STALE_ETAG = "stale-etag";
  private static final String BAD_REQUEST_ID = "not a request id!";

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub grpc;

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
