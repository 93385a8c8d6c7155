package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.service.Appeals;
import io.creatorgov.enforcement.service.CommissionHolds;
import io.creatorgov.enforcement.service.CreatorStandings;
import io.creatorgov.enforcement.service.EnforcementQueries;
import io.creatorgov.enforcement.service.GovernanceInsights;
import io.creatorgov.enforcement.service.ManualActions;
import io.creatorgov.enforcement.service.Reversals;
import io.creatorgov.enforcement.service.Simulations;
import io.creatorgov.enforcement.service.ViolationReports;
import io.creatorgov.enforcement.v1.CancelSimulationRequest;
import io.creatorgov.enforcement.v1.CancelSimulationResponse;
import io.creatorgov.enforcement.v1.CreateSimulationRequest;
import io.creatorgov.enforcement.v1.CreateSimulationResponse;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.DecideAppealResponse;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.FileAppealResponse;
import io.creatorgov.enforcement.v1.GetAppealRequest;
import io.creatorgov.enforcement.v1.GetAppealResponse;
import io.creatorgov.enforcement.v1.GetCommissionHoldRequest;
import io.creatorgov.enforcement.v1.GetCommissionHoldResponse;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetCreatorStandingResponse;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionResponse;
import io.creatorgov.enforcement.v1.GetGovernanceInsightsRequest;
import io.creatorgov.enforcement.v1.GetGovernanceInsightsResponse;
import io.creatorgov.enforcement.v1.GetSimulationRequest;
import io.creatorgov.enforcement.v1.GetSimulationResponse;
import io.creatorgov.enforcement.v1.GetViolationRequest;
import io.creatorgov.enforcement.v1.GetViolationResponse;
import io.creatorgov.enforcement.v1.IssueManualActionRequest;
import io.creatorgov.enforcement.v1.IssueManualActionResponse;
import io.creatorgov.enforcement.v1.ListAppealsRequest;
import io.creatorgov.enforcement.v1.ListAppealsResponse;
import io.creatorgov.enforcement.v1.ListCommissionHoldsRequest;
import io.creatorgov.enforcement.v1.ListCommissionHoldsResponse;
import io.creatorgov.enforcement.v1.ListEnforcementActionsRequest;
import io.creatorgov.enforcement.v1.ListEnforcementActionsResponse;
import io.creatorgov.enforcement.v1.ListSimulationResultsRequest;
import io.creatorgov.enforcement.v1.ListSimulationResultsResponse;
import io.creatorgov.enforcement.v1.ListSimulationsRequest;
import io.creatorgov.enforcement.v1.ListSimulationsResponse;
import io.creatorgov.enforcement.v1.ListViolationsRequest;
import io.creatorgov.enforcement.v1.ListViolationsResponse;
import io.creatorgov.enforcement.v1.MutinyEnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.RecordHeldCommissionRequest;
import io.creatorgov.enforcement.v1.RecordHeldCommissionResponse;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionRequest;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionResponse;
import io.creatorgov.enforcement.v1.StartAppealReviewRequest;
import io.creatorgov.enforcement.v1.StartAppealReviewResponse;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.enforcement.v1.WithdrawAppealRequest;
import io.creatorgov.enforcement.v1.WithdrawAppealResponse;
import io.creatorgov.kit.auth.Callers;
import io.creatorgov.kit.idempotency.StoredReply;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Supplier;

/**
 * EnforcementService over gRPC: maps requests into commands and results into responses. Roles are
 * checked by the kit's interceptor ({@link EnforcementAccessRules}), field rules by its validation
 * interceptor, errors mapped by its exception handler. RPCs of later slices answer UNIMPLEMENTED.
 */
@GrpcService
public class EnforcementGrpcService
    extends MutinyEnforcementServiceGrpc.EnforcementServiceImplBase {
  private final ViolationReports reports;
  private final EnforcementQueries queries;
  private final Appeals appeals;
  private final Reversals reversals;
  private final CommissionHolds holds;
  private final CreatorStandings standings;
  private final ManualActions manual;
  private final GovernanceInsights insights;
  private final EnforcementChangeFeed feed;
  private final Simulations simulations;

  public EnforcementGrpcService(
      ViolationReports reports,
      EnforcementQueries queries,
      Appeals appeals,
      Reversals reversals,
      CommissionHolds holds,
      CreatorStandings standings,
      ManualActions manual,
      GovernanceInsights insights,
      EnforcementChangeFeed feed,
      Simulations simulations) {
    this.manual = manual;
    this.insights = insights;
    this.reports = reports;
    this.queries = queries;
    this.appeals = appeals;
    this.reversals = reversals;
    this.holds = holds;
    this.standings = standings;
    this.feed = feed;
    this.simulations = simulations;
  }

  @Override
  public Uni<ReportViolationResponse> reportViolation(ReportViolationRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, ReportViolationResponse.parser(), EnforcementResponses::reported);
    return defer(() -> reports.report(caller, EnforcementRequests.reportViolation(request), reply))
        .chain(this::appliedIfPossible);
  }

  @Override
  public Uni<GetGovernanceInsightsResponse> getGovernanceInsights(
      GetGovernanceInsightsRequest request) {
    var caller = Callers.current();
    var query =
        new GovernanceInsights.Query(
            request.getMarket(),
            request.getWindow().hasStartTime()
                ? ProtoTime.toInstant(request.getWindow().getStartTime())
                : null,
            request.getWindow().hasEndTime()
                ? ProtoTime.toInstant(request.getWindow().getEndTime())
                : null,
            List.copyOf(request.getViolationCodesList()));
    return defer(
        () -> insights.get(caller, query).map(i -> EnforcementResponses.insights(request, i)));
  }

  @Override
  public Uni<IssueManualActionResponse> issueManualAction(IssueManualActionRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, IssueManualActionResponse.parser(), EnforcementResponses::issued);
    return defer(() -> manual.issue(caller, EnforcementRequests.issueManualAction(request), reply))
        .chain(r -> appliedIfPossible(r.getAction()).map(a -> r.toBuilder().setAction(a).build()));
  }

  /**
   * The contract: an action delivered to creator-service within the call is returned APPLIED,
   * otherwise PENDING (the outbox applies it later). A replay returns the decision as stored with
   * the action as it is now (APPLIED when the first call or the outbox delivered it); a replay
   * whose stored action is already settled returns the first response as stored.
   */
  private Uni<ReportViolationResponse> appliedIfPossible(ReportViolationResponse r) {
    return appliedIfPossible(r.getAction()).map(a -> r.toBuilder().setAction(a).build());
  }

  private Uni<EnforcementAction> appliedIfPossible(EnforcementAction action) {
    if (action.getState() != EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING) {
      return Uni.createFrom().item(action);
    }
    return reports.applyNow(action.getActionId()).map(EnforcementMessages::action);
  }

  @Override
  public Uni<GetViolationResponse> getViolation(GetViolationRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .violation(caller, request.getViolationId())
                .map(EnforcementResponses::violation));
  }

  @Override
  public Uni<GetEnforcementActionResponse> getEnforcementAction(
      GetEnforcementActionRequest request) {
    var caller = Callers.current();
    return defer(
        () -> queries.action(caller, request.getActionId()).map(EnforcementResponses::action));
  }

  @Override
  public Uni<FileAppealResponse> fileAppeal(FileAppealRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, FileAppealResponse.parser(), EnforcementResponses::filed);
    return defer(() -> appeals.file(caller, EnforcementRequests.fileAppeal(request), reply));
  }

  @Override
  public Uni<GetAppealResponse> getAppeal(GetAppealRequest request) {
    var caller = Callers.current();
    return defer(() -> appeals.get(caller, request.getAppealId()).map(EnforcementResponses::got));
  }

  @Override
  public Uni<StartAppealReviewResponse> startAppealReview(StartAppealReviewRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, StartAppealReviewResponse.parser(), EnforcementResponses::reviewStarted);
    return defer(
        () -> appeals.startReview(caller, EnforcementRequests.startReview(request), reply));
  }

  @Override
  public Uni<DecideAppealResponse> decideAppeal(DecideAppealRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, DecideAppealResponse.parser(), EnforcementResponses::decided);
    return defer(() -> appeals.decide(caller, EnforcementRequests.decideAppeal(request), reply));
  }

  @Override
  public Uni<WithdrawAppealResponse> withdrawAppeal(WithdrawAppealRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, WithdrawAppealResponse.parser(), EnforcementResponses::withdrawn);
    return defer(() -> appeals.withdraw(caller, EnforcementRequests.withdraw(request), reply));
  }

  @Override
  public Uni<ReverseEnforcementActionResponse> reverseEnforcementAction(
      ReverseEnforcementActionRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, ReverseEnforcementActionResponse.parser(), EnforcementResponses::reversed);
    return defer(() -> reversals.reverse(caller, EnforcementRequests.reverse(request), reply));
  }

  @Override
  public Uni<GetCommissionHoldResponse> getCommissionHold(GetCommissionHoldRequest request) {
    var caller = Callers.current();
    return defer(() -> holds.get(caller, request.getHoldId()).map(EnforcementResponses::hold));
  }

  @Override
  public Uni<RecordHeldCommissionResponse> recordHeldCommission(
      RecordHeldCommissionRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, RecordHeldCommissionResponse.parser(), EnforcementResponses::amountRecorded);
    return defer(
        () -> holds.recordAmount(caller, EnforcementRequests.recordAmount(request), reply));
  }

  @Override
  public Uni<ListViolationsResponse> listViolations(ListViolationsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .violations(caller, EnforcementRequests.listViolations(request))
                .map(EnforcementResponses::violations));
  }

  @Override
  public Uni<ListEnforcementActionsResponse> listEnforcementActions(
      ListEnforcementActionsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .actions(caller, EnforcementRequests.listActions(request))
                .map(EnforcementResponses::actions));
  }

  @Override
  public Uni<ListAppealsResponse> listAppeals(ListAppealsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .appeals(caller, EnforcementRequests.listAppeals(request))
                .map(EnforcementResponses::appeals));
  }

  @Override
  public Uni<ListCommissionHoldsResponse> listCommissionHolds(ListCommissionHoldsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .holds(caller, EnforcementRequests.listHolds(request))
                .map(EnforcementResponses::holds));
  }

  @Override
  public Uni<GetCreatorStandingResponse> getCreatorStanding(GetCreatorStandingRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            standings
                .standing(caller, request.getCreatorId(), request.getMarket())
                .map(EnforcementResponses::standing));
  }

  @Override
  public Multi<StreamEnforcementEventsResponse> streamEnforcementEvents(
      StreamEnforcementEventsRequest request) {
    var caller = Callers.current();
    return Multi.createFrom()
        .deferred(
            () ->
                feed.stream(caller, EnforcementRequests.subscription(request))
                    .map(EnforcementResponses::feedItem));
  }

  @Override
  public Uni<CreateSimulationResponse> createSimulation(CreateSimulationRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, CreateSimulationResponse.parser(), EnforcementResponses::simulationCreated);
    return defer(
        () -> simulations.create(caller, EnforcementRequests.createSimulation(request), reply));
  }

  @Override
  public Uni<GetSimulationResponse> getSimulation(GetSimulationRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            simulations
                .get(caller, request.getSimulationId())
                .map(EnforcementResponses::simulation));
  }

  @Override
  public Uni<ListSimulationsResponse> listSimulations(ListSimulationsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            simulations
                .list(caller, request.getPageSize(), request.getPageToken(), request.getPolicyKey())
                .map(EnforcementResponses::simulations));
  }

  @Override
  public Uni<ListSimulationResultsResponse> listSimulationResults(
      ListSimulationResultsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            simulations
                .results(caller, EnforcementRequests.listSimulationResults(request))
                .map(EnforcementResponses::simulationResults));
  }

  @Override
  public Uni<CancelSimulationResponse> cancelSimulation(CancelSimulationRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, CancelSimulationResponse.parser(), EnforcementResponses::simulationCancelled);
    return defer(
        () ->
            simulations.cancel(
                caller,
                new Simulations.Cancel(request.getRequestId(), request.getSimulationId()),
                reply));
  }

  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
