package io.creatorgov.creator.grpc;

import io.creatorgov.creator.service.CommissionCommands;
import io.creatorgov.creator.service.CreatorChangeFeed;
import io.creatorgov.creator.service.CreatorLifecycleCommands;
import io.creatorgov.creator.service.CreatorQueries;
import io.creatorgov.creator.service.CreatorRegistration;
import io.creatorgov.creator.service.OnboardingCommands;
import io.creatorgov.creator.service.RestrictionCommands;
import io.creatorgov.creator.service.TierCommands;
import io.creatorgov.creator.v1.ActivateCreatorRequest;
import io.creatorgov.creator.v1.ApplyRestrictionRequest;
import io.creatorgov.creator.v1.BatchCheckCapabilityRequest;
import io.creatorgov.creator.v1.LiftRestrictionRequest;
import io.creatorgov.creator.v1.ListCreatorsRequest;
import io.creatorgov.creator.v1.ListRestrictionsRequest;
import io.creatorgov.creator.v1.OnboardingItemKind;
import io.creatorgov.creator.v1.RecordPerformanceSnapshotRequest;
import io.creatorgov.creator.v1.RegisterCreatorRequest;
import io.creatorgov.creator.v1.SetCommissionRateRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.SubmitOnboardingItemRequest;
import io.creatorgov.creator.v1.TransitionCreatorStatusRequest;
import io.creatorgov.creator.v1.UpdateCreatorRequest;
import java.util.List;

/** The contract's requests as the use cases' inputs. No checks here: the use cases check. */
final class CreatorRequests {
  private CreatorRequests() {}

  static CreatorRegistration.Register register(RegisterCreatorRequest req) {
    return new CreatorRegistration.Register(
        req.getRequestId(),
        req.getMarket(),
        req.getHandle(),
        req.getDisplayName(),
        req.getCategoriesList());
  }

  static CreatorRegistration.UpdateProfile update(UpdateCreatorRequest req) {
    return new CreatorRegistration.UpdateProfile(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        req.getUpdateMask().getPathsList(),
        req.getCreator().getHandle(),
        req.getCreator().getDisplayName(),
        req.getCreator().getCategoriesList());
  }

  static OnboardingCommands.SubmitItem submitItem(SubmitOnboardingItemRequest req) {
    OnboardingItemKind kind =
        switch (req.getItemCase()) {
          case IDENTITY_VERIFICATION ->
              OnboardingItemKind.ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION;
          case TAX_PROFILE -> OnboardingItemKind.ONBOARDING_ITEM_KIND_TAX_PROFILE;
          case POLICY_ACKNOWLEDGEMENT ->
              OnboardingItemKind.ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT;
          case ITEM_NOT_SET -> null;
        };
    return new OnboardingCommands.SubmitItem(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        kind,
        req.getIdentityVerification(),
        req.getTaxProfile(),
        req.getPolicyAcknowledgement());
  }

  static CreatorLifecycleCommands.Activate activate(ActivateCreatorRequest req) {
    return new CreatorLifecycleCommands.Activate(
        req.getRequestId(), req.getCreatorId(), req.getEtag(), req.getReason());
  }

  static CreatorLifecycleCommands.Transition transition(TransitionCreatorStatusRequest req) {
    return new CreatorLifecycleCommands.Transition(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        req.getTransition(),
        req.getReason(),
        req.getEnforcementActionId(),
        req.getAppealId(),
        req.getReversalBasis(),
        req.hasSuspensionEndTime() ? req.getSuspensionEndTime() : null);
  }

  static RestrictionCommands.Apply applyRestriction(ApplyRestrictionRequest req) {
    return new RestrictionCommands.Apply(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        req.getType(),
        req.getEnforcementActionId(),
        req.getReason(),
        req.hasEndTime() ? req.getEndTime() : null);
  }

  static RestrictionCommands.Lift liftRestriction(LiftRestrictionRequest req) {
    LiftRestrictionRequest.TargetCase target = req.getTargetCase();
    return new RestrictionCommands.Lift(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        target == LiftRestrictionRequest.TargetCase.RESTRICTION_ID ? req.getRestrictionId() : null,
        target == LiftRestrictionRequest.TargetCase.ENFORCEMENT_ACTION_ID
            ? req.getEnforcementActionId()
            : null,
        req.getReason(),
        req.getAppealId());
  }

  static CommissionCommands.SetRate setRate(SetCommissionRateRequest req) {
    return new CommissionCommands.SetRate(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        req.getCategory(),
        req.getRateBps(),
        req.getReason());
  }

  static TierCommands.RecordSnapshot recordSnapshot(RecordPerformanceSnapshotRequest req) {
    return new TierCommands.RecordSnapshot(
        req.getRequestId(), req.getCreatorId(), req.getSnapshot());
  }

  static CreatorQueries.CreatorFilter creatorFilter(ListCreatorsRequest req) {
    return new CreatorQueries.CreatorFilter(
        req.getMarket(),
        req.getStatus(),
        req.getTier(),
        req.getCategory(),
        req.getHandle(),
        req.getPageSize(),
        req.getPageToken());
  }

  static CreatorQueries.RestrictionFilter restrictionFilter(ListRestrictionsRequest req) {
    return new CreatorQueries.RestrictionFilter(
        req.getCreatorId(),
        req.getState(),
        req.getTypesList(),
        req.getEnforcementActionId(),
        req.getPageSize(),
        req.getPageToken());
  }

  static List<CreatorQueries.CapabilityQuery> checks(BatchCheckCapabilityRequest req) {
    return req.getChecksList().stream()
        .map(c -> new CreatorQueries.CapabilityQuery(c.getCreatorId(), c.getCapability()))
        .toList();
  }

  static CreatorChangeFeed.Subscription subscription(StreamCreatorEventsRequest req) {
    return new CreatorChangeFeed.Subscription(
        req.getResumeToken(),
        req.getStartFromNow(),
        req.getCreatorIdsList(),
        req.getMarketsList(),
        req.getEventTypesList());
  }
}
