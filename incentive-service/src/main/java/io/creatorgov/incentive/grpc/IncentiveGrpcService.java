package io.creatorgov.incentive.grpc;

import io.creatorgov.incentive.service.AccrualCommands;
import io.creatorgov.incentive.service.AccrualQueries;
import io.creatorgov.incentive.service.EnrollmentCommands;
import io.creatorgov.incentive.service.EnrollmentQueries;
import io.creatorgov.incentive.service.PayoutCommands;
import io.creatorgov.incentive.service.ProgramCommands;
import io.creatorgov.incentive.service.ProgramQueries;
import io.creatorgov.incentive.service.SettlementCommands;
import io.creatorgov.incentive.service.SettlementQueries;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.ActivateProgramResponse;
import io.creatorgov.incentive.v1.CheckEligibilityRequest;
import io.creatorgov.incentive.v1.CheckEligibilityResponse;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.CreateProgramResponse;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.EndProgramResponse;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.EnrollResponse;
import io.creatorgov.incentive.v1.GetBudgetStatusRequest;
import io.creatorgov.incentive.v1.GetBudgetStatusResponse;
import io.creatorgov.incentive.v1.GetEnrollmentRequest;
import io.creatorgov.incentive.v1.GetEnrollmentResponse;
import io.creatorgov.incentive.v1.GetPayoutRequest;
import io.creatorgov.incentive.v1.GetPayoutResponse;
import io.creatorgov.incentive.v1.GetProgramRequest;
import io.creatorgov.incentive.v1.GetProgramResponse;
import io.creatorgov.incentive.v1.GetRewardLedgerRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerResponse;
import io.creatorgov.incentive.v1.GetSettlementRequest;
import io.creatorgov.incentive.v1.GetSettlementResponse;
import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.ListEnrollmentsRequest;
import io.creatorgov.incentive.v1.ListEnrollmentsResponse;
import io.creatorgov.incentive.v1.ListPayoutsRequest;
import io.creatorgov.incentive.v1.ListPayoutsResponse;
import io.creatorgov.incentive.v1.ListProgramsRequest;
import io.creatorgov.incentive.v1.ListProgramsResponse;
import io.creatorgov.incentive.v1.MutinyIncentiveServiceGrpc;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.PauseProgramResponse;
import io.creatorgov.incentive.v1.RecordPerformanceRequest;
import io.creatorgov.incentive.v1.RecordPerformanceResponse;
import io.creatorgov.incentive.v1.ReinstateEnrollmentRequest;
import io.creatorgov.incentive.v1.ReinstateEnrollmentResponse;
import io.creatorgov.incentive.v1.ReportPayoutTransferRequest;
import io.creatorgov.incentive.v1.ReportPayoutTransferResponse;
import io.creatorgov.incentive.v1.SettleProgramRequest;
import io.creatorgov.incentive.v1.SettleProgramResponse;
import io.creatorgov.incentive.v1.StreamIncentiveEventsRequest;
import io.creatorgov.incentive.v1.StreamIncentiveEventsResponse;
import io.creatorgov.incentive.v1.UpdateProgramRequest;
import io.creatorgov.incentive.v1.UpdateProgramResponse;
import io.creatorgov.incentive.v1.WithdrawRequest;
import io.creatorgov.incentive.v1.WithdrawResponse;
import io.creatorgov.kit.auth.Callers;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.idempotency.StoredReply;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * IncentiveService over gRPC: maps requests into the use cases' inputs and their results into
 * responses. Roles are checked by the kit's interceptor ({@link IncentiveAccessRules}), field rules
 * by its validation interceptor, errors mapped by its exception handler. A command's reply is built
 * inside its transaction ({@link StoredReply}), so a replay of its request id returns the same
 * reply. The programme, eligibility, enrolment, accrual and feed RPCs are built; settlement RPCs
 * come in a later slice (until then the generated base answers for them).
 */
@GrpcService
public class IncentiveGrpcService extends MutinyIncentiveServiceGrpc.IncentiveServiceImplBase {
  private final ProgramCommands commands;
  private final ProgramQueries queries;
  private final EnrollmentCommands enrollmentCommands;
  private final EnrollmentQueries enrollmentQueries;
  private final AccrualCommands accrualCommands;
  private final AccrualQueries accrualQueries;
  private final IncentiveChangeFeed feed;
  private final SettlementCommands settlementCommands;
  private final SettlementQueries settlementQueries;
  private final PayoutCommands payoutCommands;

  public IncentiveGrpcService(
      ProgramCommands commands,
      ProgramQueries queries,
      EnrollmentCommands enrollmentCommands,
      EnrollmentQueries enrollmentQueries,
      AccrualCommands accrualCommands,
      AccrualQueries accrualQueries,
      IncentiveChangeFeed feed,
      SettlementCommands settlementCommands,
      SettlementQueries settlementQueries,
      PayoutCommands payoutCommands) {
    this.commands = commands;
    this.queries = queries;
    this.enrollmentCommands = enrollmentCommands;
    this.enrollmentQueries = enrollmentQueries;
    this.accrualCommands = accrualCommands;
    this.accrualQueries = accrualQueries;
    this.feed = feed;
    this.settlementCommands = settlementCommands;
    this.settlementQueries = settlementQueries;
    this.payoutCommands = payoutCommands;
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

  // ---- eligibility and enrolments ---------------------------------------------------------------

  @Override
  public Uni<CheckEligibilityResponse> checkEligibility(CheckEligibilityRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            enrollmentQueries
                .check(caller, request.getProgramId(), request.getCreatorId())
                .map(EnrollmentResponses::eligibility));
  }

  @Override
  public Uni<EnrollResponse> enroll(EnrollRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, EnrollResponse.parser(), EnrollmentResponses::enrolled);
    return defer(
        () -> enrollmentCommands.enroll(caller, EnrollmentRequests.enroll(request), reply));
  }

  @Override
  public Uni<WithdrawResponse> withdraw(WithdrawRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, WithdrawResponse.parser(), EnrollmentResponses::withdrawn);
    return defer(
        () -> enrollmentCommands.withdraw(caller, EnrollmentRequests.withdraw(request), reply));
  }

  @Override
  public Uni<ReinstateEnrollmentResponse> reinstateEnrollment(ReinstateEnrollmentRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, ReinstateEnrollmentResponse.parser(), EnrollmentResponses::reinstated);
    return defer(
        () -> enrollmentCommands.reinstate(caller, EnrollmentRequests.reinstate(request), reply));
  }

  @Override
  public Uni<GetEnrollmentResponse> getEnrollment(GetEnrollmentRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            enrollmentQueries
                .get(caller, request.getEnrollmentId())
                .map(EnrollmentResponses::found));
  }

  @Override
  public Uni<ListEnrollmentsResponse> listEnrollments(ListEnrollmentsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            enrollmentQueries
                .list(caller, EnrollmentRequests.list(request))
                .map(EnrollmentResponses::enrollments));
  }

  // ---- accrual and budget -----------------------------------------------------------------------

  @Override
  public Uni<RecordPerformanceResponse> recordPerformance(RecordPerformanceRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, RecordPerformanceResponse.parser(), AccrualMessages::recorded);
    return defer(() -> accrualCommands.record(caller, AccrualMessages.record(request), reply));
  }

  @Override
  public Uni<GetRewardLedgerResponse> getRewardLedger(GetRewardLedgerRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            accrualQueries
                .ledger(caller, AccrualMessages.ledger(request))
                .map(AccrualMessages::ledger));
  }

  @Override
  public Uni<GetBudgetStatusResponse> getBudgetStatus(GetBudgetStatusRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            accrualQueries
                .budgetStatus(caller, request.getProgramId())
                .map(AccrualMessages::budgetStatus));
  }

  // ---- change feed ------------------------------------------------------------------------------

  @Override
  public Multi<StreamIncentiveEventsResponse> streamIncentiveEvents(
      StreamIncentiveEventsRequest request) {
    var caller = Callers.current();
    return Multi.createFrom()
        .deferred(() -> feed.stream(caller, request).map(IncentiveGrpcService::feedItem));
  }

  private static StreamIncentiveEventsResponse feedItem(FeedItem<IncentiveEvent> item) {
    return item.fold(
        e -> StreamIncentiveEventsResponse.newBuilder().setEvent(e).build(),
        c -> StreamIncentiveEventsResponse.newBuilder().setCheckpoint(c).build());
  }

  // ---- settlement and payouts -------------------------------------------------------------------

  @Override
  public Uni<SettleProgramResponse> settleProgram(SettleProgramRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, SettleProgramResponse.parser(), PayoutMessages::settled);
    return defer(() -> settlementCommands.settle(caller, PayoutMessages.settle(request), reply));
  }

  @Override
  public Uni<GetSettlementResponse> getSettlement(GetSettlementRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            settlementQueries
                .settlement(caller, request.getSettlementId())
                .map(PayoutMessages::found));
  }

  @Override
  public Uni<GetPayoutResponse> getPayout(GetPayoutRequest request) {
    var caller = Callers.current();
    return defer(
        () -> settlementQueries.payout(caller, request.getPayoutId()).map(PayoutMessages::found));
  }

  @Override
  public Uni<ListPayoutsResponse> listPayouts(ListPayoutsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            settlementQueries
                .list(caller, PayoutMessages.list(request))
                .map(PayoutMessages::payouts));
  }

  @Override
  public Uni<ReportPayoutTransferResponse> reportPayoutTransfer(
      ReportPayoutTransferRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, ReportPayoutTransferResponse.parser(), PayoutMessages::reported);
    return defer(() -> payoutCommands.report(caller, PayoutMessages.report(request), reply));
  }

  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
