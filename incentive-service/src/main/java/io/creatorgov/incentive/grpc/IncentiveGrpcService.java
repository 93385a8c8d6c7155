package io.creatorgov.incentive.grpc;

import io.creatorgov.incentive.service.ProgramCommands;
import io.creatorgov.incentive.service.ProgramQueries;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.ActivateProgramResponse;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.CreateProgramResponse;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.EndProgramResponse;
import io.creatorgov.incentive.v1.GetProgramRequest;
import io.creatorgov.incentive.v1.GetProgramResponse;
import io.creatorgov.incentive.v1.ListProgramsRequest;
import io.creatorgov.incentive.v1.ListProgramsResponse;
import io.creatorgov.incentive.v1.MutinyIncentiveServiceGrpc;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.PauseProgramResponse;
import io.creatorgov.incentive.v1.UpdateProgramRequest;
import io.creatorgov.incentive.v1.UpdateProgramResponse;
import io.creatorgov.kit.auth.Callers;
import io.creatorgov.kit.idempotency.StoredReply;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * IncentiveService over gRPC: maps requests into the use cases' inputs and their results into
 * responses. Roles are checked by the kit's interceptor ({@link IncentiveAccessRules}), field rules
 * by its validation interceptor, errors mapped by its exception handler. A command's reply is built
 * inside its transaction ({@link StoredReply}), so a replay of its request id returns the same
 * reply. The programme RPCs are built; the enrolment, accrual, settlement and feed RPCs come in
 * later slices (until then the generated base answers for them).
 */
@GrpcService
public class IncentiveGrpcService extends MutinyIncentiveServiceGrpc.IncentiveServiceImplBase {
  private final ProgramCommands commands;
  private final ProgramQueries queries;

  public IncentiveGrpcService(ProgramCommands commands, ProgramQueries queries) {
    this.commands = commands;
    this.queries = queries;
  }

  // ---- programme commands -----------------------------------------------------------------------

  @Override
  public Uni<CreateProgramResponse> createProgram(CreateProgramRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, CreateProgramResponse.parser(), ProgramResponses::created);
    return defer(() -> commands.create(caller, ProgramRequests.create(request), reply));
  }

  @Override
  public Uni<UpdateProgramResponse> updateProgram(UpdateProgramRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, UpdateProgramResponse.parser(), ProgramResponses::updated);
    return defer(() -> commands.update(caller, ProgramRequests.update(request), reply));
  }

  @Override
  public Uni<ActivateProgramResponse> activateProgram(ActivateProgramRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, ActivateProgramResponse.parser(), ProgramResponses::activated);
    return defer(() -> commands.activate(caller, ProgramRequests.activate(request), reply));
  }

  @Override
  public Uni<PauseProgramResponse> pauseProgram(PauseProgramRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, PauseProgramResponse.parser(), ProgramResponses::paused);
    return defer(() -> commands.pause(caller, ProgramRequests.pause(request), reply));
  }

  @Override
  public Uni<EndProgramResponse> endProgram(EndProgramRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, EndProgramResponse.parser(), ProgramResponses::ended);
    return defer(() -> commands.end(caller, ProgramRequests.end(request), reply));
  }

  // ---- programme queries ------------------------------------------------------------------------

  @Override
  public Uni<GetProgramResponse> getProgram(GetProgramRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.get(caller, request.getProgramId()).map(ProgramResponses::found));
  }

  @Override
  public Uni<ListProgramsResponse> listPrograms(ListProgramsRequest request) {
    var caller = Callers.current();
    return defer(
        () -> queries.list(caller, ProgramRequests.list(request)).map(ProgramResponses::programs));
  }

  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
