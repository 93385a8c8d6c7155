package io.creatorgov.creator.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.creator.repository.CommissionRateEntity;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.PerformanceSnapshotEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.creator.repository.TierAssessmentEntity;
import io.creatorgov.creator.service.CommissionAndTierQueries;
import io.creatorgov.creator.service.CommissionCommands;
import io.creatorgov.creator.service.CreatorLifecycleCommands;
import io.creatorgov.creator.service.CreatorQueries;
import io.creatorgov.creator.service.CreatorView;
import io.creatorgov.creator.service.Onboarding;
import io.creatorgov.creator.service.OnboardingCommands;
import io.creatorgov.creator.service.Page;
import io.creatorgov.creator.service.RestrictionCommands;
import io.creatorgov.creator.service.TermsView;
import io.creatorgov.creator.service.TierCommands;
import io.creatorgov.creator.v1.ActivateCreatorResponse;
import io.creatorgov.creator.v1.ApplyRestrictionResponse;
import io.creatorgov.creator.v1.BatchCheckCapabilityResponse;
import io.creatorgov.creator.v1.CapabilityCheckResult;
import io.creatorgov.creator.v1.CheckCapabilityResponse;
import io.creatorgov.creator.v1.CommissionRate;
import io.creatorgov.creator.v1.CommissionTerms;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.GetCommissionTermsResponse;
import io.creatorgov.creator.v1.GetCreatorResponse;
import io.creatorgov.creator.v1.GetOnboardingChecklistResponse;
import io.creatorgov.creator.v1.GetTierResponse;
import io.creatorgov.creator.v1.LiftRestrictionResponse;
import io.creatorgov.creator.v1.ListCommissionChangesResponse;
import io.creatorgov.creator.v1.ListCreatorsResponse;
import io.creatorgov.creator.v1.ListRestrictionsResponse;
import io.creatorgov.creator.v1.ListStatusHistoryResponse;
import io.creatorgov.creator.v1.OnboardingChecklist;
import io.creatorgov.creator.v1.PerformanceSnapshot;
import io.creatorgov.creator.v1.RecordPerformanceSnapshotResponse;
import io.creatorgov.creator.v1.RegisterCreatorResponse;
import io.creatorgov.creator.v1.SetCommissionRateResponse;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.creatorgov.creator.v1.SubmitOnboardingItemResponse;
import io.creatorgov.creator.v1.TierAssessment;
import io.creatorgov.creator.v1.TransitionCreatorStatusResponse;
import io.creatorgov.creator.v1.UpdateCreatorResponse;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Instant;
import java.util.List;

/** The use cases' results as the contract's responses. */
final class CreatorResponses {
  private CreatorResponses() {}

  // ---- creators ---------------------------------------------------------------------------------

  static Creator creator(CreatorView view) {
    return CreatorMessages.toCreator(view.creator(), view.active(), view.at());
  }

  static RegisterCreatorResponse registered(CreatorView view) {
    return RegisterCreatorResponse.newBuilder().setCreator(creator(view)).build();
  }

  static UpdateCreatorResponse updated(CreatorView view) {
    return UpdateCreatorResponse.newBuilder().setCreator(creator(view)).build();
  }

  static GetCreatorResponse found(CreatorView view) {
    return GetCreatorResponse.newBuilder().setCreator(creator(view)).build();
  }

  /** Listed creators carry no restrictions. */
  static ListCreatorsResponse creators(Page<CreatorEntity> page) {
    return ListCreatorsResponse.newBuilder()
        .addAllCreators(
            page.items().stream()
                .map(c -> CreatorMessages.toCreator(c, List.of(), Instant.now()))
                .toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  // ---- onboarding and lifecycle -----------------------------------------------------------------

  static GetOnboardingChecklistResponse checklist(Onboarding.ChecklistView view) {
    return GetOnboardingChecklistResponse.newBuilder()
        .setChecklist(OnboardingChecklists.toProto(view))
        .build();
  }

  static SubmitOnboardingItemResponse itemSubmitted(OnboardingCommands.ItemSubmitted submitted) {
    OnboardingChecklist checklist = OnboardingChecklists.toProto(submitted.checklist());
    return SubmitOnboardingItemResponse.newBuilder()
        .setItem(
            OnboardingChecklists.item(
                checklist, Vocabulary.itemKind(submitted.kind()), submitted.policyKey()))
        .setChecklist(checklist)
        .build();
  }

  static ActivateCreatorResponse activated(CreatorLifecycleCommands.Activated activated) {
    return ActivateCreatorResponse.newBuilder()
        .setCreator(creator(activated.creator()))
        .setEntry(CreatorMessages.toEntry(activated.entry()))
        .build();
  }

  static TransitionCreatorStatusResponse transitioned(
      CreatorLifecycleCommands.Transitioned transitioned) {
    TransitionCreatorStatusResponse.Builder b =
        TransitionCreatorStatusResponse.newBuilder()
            .setCreator(creator(transitioned.creator()))
            .setAlreadyApplied(transitioned.alreadyApplied());
    if (transitioned.entry() != null) {
      b.setEntry(CreatorMessages.toEntry(transitioned.entry()));
    }
    return b.build();
  }

  static ListStatusHistoryResponse history(Page<StatusHistoryEntity> page) {
    return ListStatusHistoryResponse.newBuilder()
        .addAllEntries(page.items().stream().map(CreatorMessages::toEntry).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  // ---- restrictions and capabilities ------------------------------------------------------------

  static ApplyRestrictionResponse restrictionApplied(RestrictionCommands.Applied applied) {
    return ApplyRestrictionResponse.newBuilder()
        .setRestriction(CreatorMessages.toRestriction(applied.restriction()))
        .setCreatorStatus(Vocabulary.status(applied.creatorStatus()))
        .setAlreadyApplied(applied.alreadyApplied())
        .build();
  }

  static LiftRestrictionResponse restrictionsLifted(RestrictionCommands.Lifted lifted) {
    return LiftRestrictionResponse.newBuilder()
        .addAllRestrictions(
            lifted.restrictions().stream().map(CreatorMessages::toRestriction).toList())
        .setLiftedCount(lifted.liftedCount())
        .setCreatorStatus(Vocabulary.status(lifted.creatorStatus()))
        .build();
  }

  static ListRestrictionsResponse restrictions(Page<RestrictionEntity> page) {
    return ListRestrictionsResponse.newBuilder()
        .addAllRestrictions(page.items().stream().map(CreatorMessages::toRestriction).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static CheckCapabilityResponse capability(
      io.creatorgov.creator.domain.CapabilityDecision decision) {
    return CheckCapabilityResponse.newBuilder()
        .setDecision(CreatorMessages.toDecision(decision))
        .build();
  }

  /** Each check's decision, or its error as a {@code google.rpc.Status} with its details. */
  static BatchCheckCapabilityResponse batch(
      CreatorQueries.BatchOutcome batch, GrpcErrorMapper errors) {
    return BatchCheckCapabilityResponse.newBuilder()
        .addAllResults(batch.outcomes().stream().map(o -> result(o, errors)).toList())
        .setEvaluatedTime(ProtoTime.of(batch.evaluatedAt()))
        .build();
  }

  private static CapabilityCheckResult result(
      CreatorQueries.CapabilityOutcome outcome, GrpcErrorMapper errors) {
    CapabilityCheckResult.Builder r = CapabilityCheckResult.newBuilder();
    if (outcome.failure() == null) {
      r.setDecision(CreatorMessages.toDecision(outcome.decision()));
    } else {
      r.setError(errors.toRpcStatus(errors.toApiException(outcome.failure())));
    }
    return r.setCreatorId(outcome.check().creatorId()).setCapability(capability(outcome)).build();
  }

  /** The capability as the caller sent it (an unknown number is echoed back as UNSPECIFIED). */
  private static io.creatorgov.creator.v1.Capability capability(
      CreatorQueries.CapabilityOutcome outcome) {
    return Vocabulary.capability(outcome.check().capability());
  }

  // ---- commission and tiers ---------------------------------------------------------------------

  static CommissionTerms terms(TermsView view) {
    CreatorEntity c = view.creator();
    CommissionTerms.Builder t =
        CommissionTerms.newBuilder()
            .setCreatorId(c.creatorId)
            .setMarket(c.market)
            .setFrozen(view.frozen())
            .setEtag(view.etag())
            .setUpdateTime(ProtoTime.of(c.updateTime));
    view.freezes().forEach(f -> t.addFreezes(CreatorMessages.toRestriction(f)));
    for (CommissionRateEntity r : view.rates()) {
      t.addRates(
          CommissionRate.newBuilder()
              .setCategory(r.category)
              .setRateBps(r.rateBps)
              .setCapBps(r.capBps)
              .setCapPolicy(
                  PolicyRef.newBuilder()
                      .setPolicyKey(r.capPolicyKey)
                      .setPolicyVersion(r.capPolicyVersion)
                      .setMarket(c.market))
              .setLastChange(CreatorMessages.stamp(r.lastChange)));
    }
    return t.build();
  }

  static SetCommissionRateResponse rateSet(CommissionCommands.RateSet set) {
    SetCommissionRateResponse.Builder b =
        SetCommissionRateResponse.newBuilder().setTerms(terms(set.terms()));
    if (set.change() != null) {
      b.setChange(CreatorMessages.toChange(set.change()));
    }
    return b.build();
  }

  static GetCommissionTermsResponse termsFound(TermsView view) {
    return GetCommissionTermsResponse.newBuilder().setTerms(terms(view)).build();
  }

  static ListCommissionChangesResponse changes(
      Page<io.creatorgov.creator.repository.CommissionChangeEntity> page) {
    return ListCommissionChangesResponse.newBuilder()
        .addAllChanges(page.items().stream().map(CreatorMessages::toChange).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static RecordPerformanceSnapshotResponse snapshotRecorded(
      TierCommands.SnapshotRecorded recorded) {
    RecordPerformanceSnapshotResponse.Builder b =
        RecordPerformanceSnapshotResponse.newBuilder().setSnapshot(snapshot(recorded.snapshot()));
    if (recorded.assessment() != null) {
      b.setAssessment(assessment(recorded.assessment()));
    }
    return b.build();
  }

  static GetTierResponse tier(CommissionAndTierQueries.TierView view) {
    GetTierResponse.Builder b =
        GetTierResponse.newBuilder()
            .setTier(Vocabulary.tier(view.tier()))
            .setNextPageToken(view.history().nextPageToken());
    view.history().items().forEach(r -> b.addHistory(assessment(r)));
    if (view.current() != null) {
      b.setCurrentAssessment(assessment(view.current()));
    }
    return b.build();
  }

  private static PerformanceSnapshot snapshot(PerformanceSnapshotEntity row) {
    try {
      return PerformanceSnapshot.parseFrom(row.payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt performance snapshot", e);
    }
  }

  private static TierAssessment assessment(TierAssessmentEntity row) {
    try {
      return TierAssessment.parseFrom(row.payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt tier assessment", e);
    }
  }

  // ---- the change feed --------------------------------------------------------------------------

  static StreamCreatorEventsResponse feedItem(FeedItem<CreatorEvent> item) {
    return item.fold(
        e -> StreamCreatorEventsResponse.newBuilder().setEvent(e).build(),
        c -> StreamCreatorEventsResponse.newBuilder().setCheckpoint(c).build());
  }
}
