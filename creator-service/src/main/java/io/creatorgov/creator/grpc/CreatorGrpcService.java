package io.creatorgov.creator.grpc;

import io.creatorgov.creator.service.CreatorCommands;
import io.creatorgov.creator.service.CreatorQueries;
import io.creatorgov.creator.v1.*;
import io.creatorgov.kit.auth.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * The gRPC face of creator-service. Commission control, tiers and the creator event stream are not
 * served yet (UNIMPLEMENTED); their events are already recorded.
 */
@GrpcService
public class CreatorGrpcService implements CreatorService {
  private final CreatorCommands commands;
  private final CreatorQueries queries;
  private final io.creatorgov.creator.service.CreatorChangeFeed feed;
  private final io.creatorgov.creator.service.CommissionAndTiers commission;

  public CreatorGrpcService(
      CreatorCommands commands,
      CreatorQueries queries,
      io.creatorgov.creator.service.CreatorChangeFeed feed,
      io.creatorgov.creator.service.CommissionAndTiers commission) {
    this.commission = commission;
    this.commands = commands;
    this.queries = queries;
    this.feed = feed;
  }

  @Override
  public Uni<RegisterCreatorResponse> registerCreator(RegisterCreatorRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.register(caller, request));
  }

  @Override
  public Uni<GetCreatorResponse> getCreator(GetCreatorRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.get(caller, request));
  }

  @Override
  public Uni<ListCreatorsResponse> listCreators(ListCreatorsRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.list(caller, request));
  }

  @Override
  public Uni<UpdateCreatorResponse> updateCreator(UpdateCreatorRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.update(caller, request));
  }

  @Override
  public Uni<GetOnboardingChecklistResponse> getOnboardingChecklist(
      GetOnboardingChecklistRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.checklist(caller, request));
  }

  @Override
  public Uni<SubmitOnboardingItemResponse> submitOnboardingItem(
      SubmitOnboardingItemRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.submitOnboardingItem(caller, request));
  }

  @Override
  public Uni<ActivateCreatorResponse> activateCreator(ActivateCreatorRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.activate(caller, request));
  }

  @Override
  public Uni<TransitionCreatorStatusResponse> transitionCreatorStatus(
      TransitionCreatorStatusRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.transition(caller, request));
  }

  @Override
  public Uni<ListStatusHistoryResponse> listStatusHistory(ListStatusHistoryRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.history(caller, request));
  }

  @Override
  public Uni<ApplyRestrictionResponse> applyRestriction(ApplyRestrictionRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.applyRestriction(caller, request));
  }

  @Override
  public Uni<LiftRestrictionResponse> liftRestriction(LiftRestrictionRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.liftRestriction(caller, request));
  }

  @Override
  public Uni<ListRestrictionsResponse> listRestrictions(ListRestrictionsRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.restrictions(caller, request));
  }

  @Override
  public Uni<CheckCapabilityResponse> checkCapability(CheckCapabilityRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.check(caller, request));
  }

  @Override
  public Uni<BatchCheckCapabilityResponse> batchCheckCapability(
      BatchCheckCapabilityRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.batch(caller, request));
  }

  @Override
  public Uni<SetCommissionRateResponse> setCommissionRate(SetCommissionRateRequest request) {
    var caller = Callers.current();
    return defer(() -> commission.setRate(caller, request));
  }

  @Override
  public Uni<GetCommissionTermsResponse> getCommissionTerms(GetCommissionTermsRequest request) {
    var caller = Callers.current();
    return defer(() -> commission.getTerms(caller, request));
  }

  @Override
  public Uni<ListCommissionChangesResponse> listCommissionChanges(
      ListCommissionChangesRequest request) {
    var caller = Callers.current();
    return defer(() -> commission.listChanges(caller, request));
  }

  @Override
  public Uni<RecordPerformanceSnapshotResponse> recordPerformanceSnapshot(
      RecordPerformanceSnapshotRequest request) {
    var caller = Callers.current();
    return defer(() -> commission.recordSnapshot(caller, request));
  }

  @Override
  public Uni<GetTierResponse> getTier(GetTierRequest request) {
    var caller = Callers.current();
    return defer(() -> commission.getTier(caller, request));
  }

  @Override
  public Multi<StreamCreatorEventsResponse> streamCreatorEvents(
      StreamCreatorEventsRequest request) {
    var caller = Callers.current();
    return Multi.createFrom().deferred(() -> feed.stream(caller, request));
  }

  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
