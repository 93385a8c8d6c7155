package io.creatorgov.creator.grpc;

import io.creatorgov.creator.service.CommissionAndTierQueries;
import io.creatorgov.creator.service.CommissionCommands;
import io.creatorgov.creator.service.CreatorLifecycleCommands;
import io.creatorgov.creator.service.CreatorQueries;
import io.creatorgov.creator.service.CreatorRegistration;
import io.creatorgov.creator.service.OnboardingCommands;
import io.creatorgov.creator.service.RestrictionCommands;
import io.creatorgov.creator.service.TierCommands;
import io.creatorgov.creator.v1.*;
import io.creatorgov.kit.auth.Callers;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.creatorgov.kit.idempotency.StoredReply;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gRPC face of creator-service: maps each request into its use case's input, and the result
 * into the response. A command's reply is built inside its transaction (see {@link StoredReply}),
 * so a replay of its request id returns the same reply.
 */
@GrpcService
public class CreatorGrpcService implements CreatorService {
  private final CreatorRegistration registration;
  private final OnboardingCommands onboarding;
  private final CreatorLifecycleCommands lifecycle;
  private final RestrictionCommands restrictions;
  private final CommissionCommands commission;
  private final TierCommands tiers;
  private final CreatorQueries queries;
  private final CommissionAndTierQueries commissionQueries;
  private final CreatorChangeFeed feed;
  private final GrpcErrorMapper errors;

  public CreatorGrpcService(
      CreatorRegistration registration,
      OnboardingCommands onboarding,
      CreatorLifecycleCommands lifecycle,
      RestrictionCommands restrictions,
      CommissionCommands commission,
      TierCommands tiers,
      CreatorQueries queries,
      CommissionAndTierQueries commissionQueries,
      CreatorChangeFeed feed,
      @ConfigProperty(name = "creatorgov.error.domain", defaultValue = "creator.creatorgov.io")
          String errorDomain) {
    this.registration = registration;
    this.onboarding = onboarding;
    this.lifecycle = lifecycle;
    this.restrictions = restrictions;
    this.commission = commission;
    this.tiers = tiers;
    this.queries = queries;
    this.commissionQueries = commissionQueries;
    this.feed = feed;
    this.errors = new GrpcErrorMapper(errorDomain);
  }

  // ---- commands ---------------------------------------------------------------------------------

  @Override
  public Uni<RegisterCreatorResponse> registerCreator(RegisterCreatorRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, RegisterCreatorResponse.parser(), CreatorResponses::registered);
    return defer(() -> registration.register(caller, CreatorRequests.register(request), reply));
  }

  @Override
  public Uni<UpdateCreatorResponse> updateCreator(UpdateCreatorRequest request) {
    var caller = Callers.current();
    var reply = StoredReply.of(request, UpdateCreatorResponse.parser(), CreatorResponses::updated);
    return defer(() -> registration.update(caller, CreatorRequests.update(request), reply));
  }

  @Override
  public Uni<SubmitOnboardingItemResponse> submitOnboardingItem(
      SubmitOnboardingItemRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, SubmitOnboardingItemResponse.parser(), CreatorResponses::itemSubmitted);
    return defer(() -> onboarding.submitItem(caller, CreatorRequests.submitItem(request), reply));
  }

  @Override
  public Uni<ActivateCreatorResponse> activateCreator(ActivateCreatorRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, ActivateCreatorResponse.parser(), CreatorResponses::activated);
    return defer(() -> lifecycle.activate(caller, CreatorRequests.activate(request), reply));
  }

  @Override
  public Uni<TransitionCreatorStatusResponse> transitionCreatorStatus(
      TransitionCreatorStatusRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, TransitionCreatorStatusResponse.parser(), CreatorResponses::transitioned);
    return defer(() -> lifecycle.transition(caller, CreatorRequests.transition(request), reply));
  }

  @Override
  public Uni<ApplyRestrictionResponse> applyRestriction(ApplyRestrictionRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, ApplyRestrictionResponse.parser(), CreatorResponses::restrictionApplied);
    return defer(
        () -> restrictions.apply(caller, CreatorRequests.applyRestriction(request), reply));
  }

  @Override
  public Uni<LiftRestrictionResponse> liftRestriction(LiftRestrictionRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request, LiftRestrictionResponse.parser(), CreatorResponses::restrictionsLifted);
    return defer(() -> restrictions.lift(caller, CreatorRequests.liftRestriction(request), reply));
  }

  @Override
  public Uni<SetCommissionRateResponse> setCommissionRate(SetCommissionRateRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(request, SetCommissionRateResponse.parser(), CreatorResponses::rateSet);
    return defer(() -> commission.setRate(caller, CreatorRequests.setRate(request), reply));
  }

  @Override
  public Uni<RecordPerformanceSnapshotResponse> recordPerformanceSnapshot(
      RecordPerformanceSnapshotRequest request) {
    var caller = Callers.current();
    var reply =
        StoredReply.of(
            request,
            RecordPerformanceSnapshotResponse.parser(),
            CreatorResponses::snapshotRecorded);
    return defer(
        () -> tiers.recordSnapshot(caller, CreatorRequests.recordSnapshot(request), reply));
  }

  // ---- queries ----------------------------------------------------------------------------------

  @Override
  public Uni<GetCreatorResponse> getCreator(GetCreatorRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.get(caller, request.getCreatorId()).map(CreatorResponses::found));
  }

  @Override
  public Uni<ListCreatorsResponse> listCreators(ListCreatorsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .list(caller, CreatorRequests.creatorFilter(request))
                .map(CreatorResponses::creators));
  }

  @Override
  public Uni<GetOnboardingChecklistResponse> getOnboardingChecklist(
      GetOnboardingChecklistRequest request) {
    var caller = Callers.current();
    return defer(
        () -> queries.checklist(caller, request.getCreatorId()).map(CreatorResponses::checklist));
  }

  @Override
  public Uni<ListStatusHistoryResponse> listStatusHistory(ListStatusHistoryRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .history(
                    caller, request.getCreatorId(), request.getPageSize(), request.getPageToken())
                .map(CreatorResponses::history));
  }

  @Override
  public Uni<ListRestrictionsResponse> listRestrictions(ListRestrictionsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .restrictions(caller, CreatorRequests.restrictionFilter(request))
                .map(CreatorResponses::restrictions));
  }

  @Override
  public Uni<CheckCapabilityResponse> checkCapability(CheckCapabilityRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .check(
                    caller, request.getCreatorId(), Vocabulary.capability(request.getCapability()))
                .map(CreatorResponses::capability));
  }

  @Override
  public Uni<BatchCheckCapabilityResponse> batchCheckCapability(
      BatchCheckCapabilityRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .batch(caller, CreatorRequests.checks(request))
                .map(batch -> CreatorResponses.batch(batch, errors)));
  }

  @Override
  public Uni<GetCommissionTermsResponse> getCommissionTerms(GetCommissionTermsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            commissionQueries
                .terms(caller, request.getCreatorId())
                .map(CreatorResponses::termsFound));
  }

  @Override
  public Uni<ListCommissionChangesResponse> listCommissionChanges(
      ListCommissionChangesRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            commissionQueries
                .changes(
                    caller,
                    request.getCreatorId(),
                    request.getCategory(),
                    request.getPageSize(),
                    request.getPageToken())
                .map(CreatorResponses::changes));
  }

  @Override
  public Uni<GetTierResponse> getTier(GetTierRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            commissionQueries
                .tier(
                    caller,
                    request.getCreatorId(),
                    request.getChangesOnly(),
                    request.getPageSize(),
                    request.getPageToken())
                .map(CreatorResponses::tier));
  }

  @Override
  public Multi<StreamCreatorEventsResponse> streamCreatorEvents(
      StreamCreatorEventsRequest request) {
    var caller = Callers.current();
    return Multi.createFrom()
        .deferred(
            () ->
                feed.stream(caller, CreatorRequests.subscription(request))
                    .map(CreatorResponses::feedItem));
  }

  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
