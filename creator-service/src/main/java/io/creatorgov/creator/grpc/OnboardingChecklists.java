package io.creatorgov.creator.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator;
import io.creatorgov.creator.domain.OnboardingItemStatus;
import io.creatorgov.creator.domain.PolicyRef;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
import io.creatorgov.creator.service.Onboarding;
import io.creatorgov.creator.v1.IdentityVerification;
import io.creatorgov.creator.v1.OnboardingChecklist;
import io.creatorgov.creator.v1.OnboardingItem;
import io.creatorgov.creator.v1.OnboardingItemKind;
import io.creatorgov.creator.v1.PolicyAcknowledgement;
import io.creatorgov.creator.v1.TaxProfile;
import io.creatorgov.kit.time.ProtoTime;
import java.util.List;
import java.util.Optional;

/** An evaluated onboarding checklist as the contract shows it. */
final class OnboardingChecklists {
  private OnboardingChecklists() {}

  /**
   * The checklist, each item with its latest submission (who, when, the evidence with sensitive
   * values masked) and, when MET, the time it was satisfied.
   */
  static OnboardingChecklist toProto(Onboarding.ChecklistView view) {
    OnboardingChecklistEvaluator.Checklist checklist = view.checklist();
    OnboardingChecklist.Builder b =
        OnboardingChecklist.newBuilder()
            .setCreatorId(view.creator().creatorId)
            .setMarket(view.creator().market)
            .setComplete(checklist.complete())
            .setRequirementsPolicy(CreatorMessages.policyRef(checklist.requirementsPolicy()))
            .setEvaluatedTime(ProtoTime.of(checklist.evaluatedAt()));
    for (OnboardingChecklistEvaluator.Item item : checklist.items()) {
      OnboardingItem.Builder i =
          OnboardingItem.newBuilder()
              .setKind(Vocabulary.itemKind(item.kind()))
              .setStatus(Vocabulary.itemStatus(item.status()))
              .setMissingReason(Vocabulary.missingReason(item.missingReason()))
              .setRequiredBy(CreatorMessages.policyRef(item.requiredBy()));
      item.acknowledgementTarget()
          .ifPresent(target -> i.setAcknowledgementTarget(CreatorMessages.policyRef(target)));
      boolean met = item.status() == OnboardingItemStatus.MET;
      latestFor(item, view.submitted()).ifPresent(row -> withEvidence(i, row, met));
      b.addItems(i);
    }
    return b.build();
  }

  /** The checklist's item of this kind (for an acknowledgement: of this policy). */
  static OnboardingItem item(
      OnboardingChecklist checklist, OnboardingItemKind kind, String policyKey) {
    return checklist.getItemsList().stream()
        .filter(
            i ->
                i.getKind() == kind
                    && (policyKey.isEmpty()
                        || i.getAcknowledgementTarget().getPolicyKey().equals(policyKey)))
        .findFirst()
        .orElse(OnboardingItem.newBuilder().setKind(kind).build());
  }

  /** The item's latest submission (for an acknowledgement: of its target policy). */
  private static Optional<OnboardingSubmissionEntity> latestFor(
      OnboardingChecklistEvaluator.Item item, List<OnboardingSubmissionEntity> submitted) {
    String policyKey = item.acknowledgementTarget().map(PolicyRef::policyKey).orElse("");
    OnboardingSubmissionEntity latest = null;
    for (OnboardingSubmissionEntity row : submitted) { // ordered by submit time
      if (row.kind == item.kind() && (policyKey.isEmpty() || policyKey.equals(row.policyKey))) {
        latest = row;
      }
    }
    return Optional.ofNullable(latest);
  }

  private static void withEvidence(
      OnboardingItem.Builder item, OnboardingSubmissionEntity row, boolean satisfied) {
    try {
      item.setLastSubmission(AuditStamp.parseFrom(row.submitted));
      switch (row.kind) {
        case IDENTITY_VERIFICATION ->
            item.setIdentityVerification(IdentityVerification.parseFrom(row.payload));
        case TAX_PROFILE -> item.setTaxProfile(TaxProfile.parseFrom(row.payload));
        case POLICY_ACKNOWLEDGEMENT ->
            item.setPolicyAcknowledgement(PolicyAcknowledgement.parseFrom(row.payload));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt onboarding submission " + row.id, e);
    }
    if (satisfied) {
      item.setSatisfyTime(ProtoTime.of(row.submitTime));
    }
  }
}
