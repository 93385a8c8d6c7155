package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.service.CreatorStandings;
import io.creatorgov.enforcement.service.EnforcementQueries;
import io.creatorgov.enforcement.service.Reply;
import io.creatorgov.enforcement.service.ViolationReports;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetCreatorStandingResponse;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionResponse;
import io.creatorgov.enforcement.v1.GetViolationRequest;
import io.creatorgov.enforcement.v1.GetViolationResponse;
import io.creatorgov.enforcement.v1.ListEnforcementActionsRequest;
import io.creatorgov.enforcement.v1.ListEnforcementActionsResponse;
import io.creatorgov.enforcement.v1.ListViolationsRequest;
import io.creatorgov.enforcement.v1.ListViolationsResponse;
import io.creatorgov.enforcement.v1.MutinyEnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.kit.auth.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
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
  private final CreatorStandings standings;

  public EnforcementGrpcService(
      ViolationReports reports, EnforcementQueries queries, CreatorStandings standings) {
    this.reports = reports;
    this.queries = queries;
    this.standings = standings;
  }

  @Override
  public Uni<ReportViolationResponse> reportViolation(ReportViolationRequest request) {
    var caller = Callers.current();
    var reply = Reply.of(request, ReportViolationResponse.parser(), EnforcementResponses::reported);
    return defer(() -> reports.report(caller, EnforcementRequests.reportViolation(request), reply));
  }

  @Override
  public Uni<GetViolationResponse> getViolation(GetViolationRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .violation(caller, request.getViolationId())
                .map(v -> GetViolationResponse.newBuilder().setViolation(v).build()));
  }

  @Override
  public Uni<GetEnforcementActionResponse> getEnforcementAction(
      GetEnforcementActionRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .action(caller, request.getActionId())
                .map(a -> GetEnforcementActionResponse.newBuilder().setAction(a).build()));
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
  public Uni<GetCreatorStandingResponse> getCreatorStanding(GetCreatorStandingRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            standings
                .standing(caller, request.getCreatorId(), request.getMarket())
                .map(EnforcementResponses::standing));
  }

  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
