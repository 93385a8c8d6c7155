package io.creatorgov.creator.grpc;

import com.google.protobuf.Timestamp;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.OnboardingItemKind;
import io.creatorgov.creator.domain.PolicyAcknowledgement;
import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.ReversalBasis;
import io.creatorgov.creator.service.CommissionCommands;
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
import io.creatorgov.creator.v1.RecordPerformanceSnapshotRequest;
import io.creatorgov.creator.v1.RegisterCreatorRequest;
import io.creatorgov.creator.v1.SetCommissionRateRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.SubmitOnboardingItemRequest;
import io.creatorgov.creator.v1.TransitionCreatorStatusRequest;
import io.creatorgov.creator.v1.UpdateCreatorRequest;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Instant;
import java.util.List;

/**
 * The contract's requests as the use cases' inputs, in the domain's vocabulary. The use cases check
 * the inputs; only what the domain cannot represent is refused here: a timestamp out of the
 * contract's range, and a filter or reversal basis naming an enum number this build does not know.
 */
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
          case IDENTITY_VERIFICATION -> OnboardingItemKind.IDENTITY_VERIFICATION;
          case TAX_PROFILE -> OnboardingItemKind.TAX_PROFILE;
          case POLICY_ACKNOWLEDGEMENT -> OnboardingItemKind.POLICY_ACKNOWLEDGEMENT;
          case ITEM_NOT_SET -> null;
        };
    var ack = req.getPolicyAcknowledgement();
    return new OnboardingCommands.SubmitItem(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        kind,
        ProtoStoredForms.fromProto(req.getIdentityVerification()),
        ProtoStoredForms.fromProto(req.getTaxProfile()),
        new PolicyAcknowledgement(ack.getPolicyKey(), ack.getPolicyVersion(), null));
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
        Vocabulary.transition(req.getTransition()),
        req.getReason(),
        req.getEnforcementActionId(),
        req.getAppealId(),
        reversalBasis(req.getReversalBasis()),
        req.hasSuspensionEndTime()
            ? instant(req.getSuspensionEndTime(), "suspension_end_time")
            : null);
  }

  static RestrictionCommands.Apply applyRestriction(ApplyRestrictionRequest req) {
    return new RestrictionCommands.Apply(
        req.getRequestId(),
        req.getCreatorId(),
        req.getEtag(),
        Vocabulary.restrictionType(req.getType()),
        req.getEnforcementActionId(),
        req.getReason(),
        req.hasEndTime() ? instant(req.getEndTime(), "end_time") : null);
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
        req.getRequestId(), req.getCreatorId(), ProtoStoredForms.fromProto(req.getSnapshot()));
  }

  static CreatorQueries.CreatorFilter creatorFilter(ListCreatorsRequest req) {
    return new CreatorQueries.CreatorFilter(
        req.getMarket(),
        statusFilter(req.getStatus()),
        tierFilter(req.getTier()),
        req.getCategory(),
        req.getHandle(),
        req.getPageSize(),
        req.getPageToken());
  }

  static CreatorQueries.RestrictionFilter restrictionFilter(ListRestrictionsRequest req) {
    return new CreatorQueries.RestrictionFilter(
        req.getCreatorId(),
        stateFilter(req.getState()),
        // an unknown type stays in the list as null: the use case names it (types[i])
        req.getTypesList().stream().map(Vocabulary::restrictionType).toList(),
        req.getEnforcementActionId(),
        req.getPageSize(),
        req.getPageToken());
  }

  static List<CreatorQueries.CapabilityQuery> checks(BatchCheckCapabilityRequest req) {
    return req.getChecksList().stream()
        .map(
            c ->
                new CreatorQueries.CapabilityQuery(
                    c.getCreatorId(), Vocabulary.capability(c.getCapability())))
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

  // ---- what the domain cannot represent ---------------------------------------------------------

  /** A timestamp of the contract's range (years 1–9999), else INVALID_ARGUMENT on {@code field}. */
  private static Instant instant(Timestamp timestamp, String field) {
    if (!ProtoTime.isValid(timestamp)) {
      throw ApiException.invalid(field, "not a valid timestamp");
    }
    return ProtoTime.toInstant(timestamp);
  }

  private static ReversalBasis reversalBasis(io.creatorgov.common.v1.ReversalBasis basis) {
    if (Vocabulary.isUnrecognized(basis)) {
      throw ApiException.invalid("reversal_basis", "unknown reversal basis");
    }
    return Vocabulary.reversalBasis(basis);
  }

  private static CreatorStatus statusFilter(io.creatorgov.common.v1.CreatorStatus status) {
    if (Vocabulary.isUnrecognized(status)) {
      throw ApiException.invalid("status", "unknown status");
    }
    return Vocabulary.status(status);
  }

  private static CreatorTier tierFilter(io.creatorgov.common.v1.CreatorTier tier) {
    if (Vocabulary.isUnrecognized(tier)) {
      throw ApiException.invalid("tier", "unknown tier");
    }
    return Vocabulary.tier(tier);
  }

  private static RestrictionState stateFilter(io.creatorgov.creator.v1.RestrictionState state) {
    if (Vocabulary.isUnrecognized(state)) {
      throw ApiException.invalid("state", "unknown state");
    }
    return Vocabulary.restrictionState(state);
  }
}
