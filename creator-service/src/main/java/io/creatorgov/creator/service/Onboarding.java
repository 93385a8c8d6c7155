package io.creatorgov.creator.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.creator.client.PolicyGateway;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Checklist;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Submissions;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
import io.creatorgov.creator.v1.IdentityVerification;
import io.creatorgov.creator.v1.OnboardingChecklist;
import io.creatorgov.creator.v1.OnboardingItem;
import io.creatorgov.creator.v1.OnboardingItemKind;
import io.creatorgov.creator.v1.OnboardingItemStatus;
import io.creatorgov.creator.v1.PolicyAcknowledgement;
import io.creatorgov.creator.v1.TaxProfile;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.OnboardingRequirements;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a creator's onboarding checklist from the market's policy and the submissions. */
@ApplicationScoped
public class Onboarding {
  public static final String POLICY_KEY = "creator.onboarding";

  private final PolicyGateway policies;

  public Onboarding(PolicyGateway policies) {
    this.policies = policies;
  }

  /**
   * Everything remote a checklist needs: the market's onboarding requirements, the version they
   * came from, and the version in force of every policy to acknowledge.
   */
  public record Requirements(
      OnboardingRequirements requirements,
      PolicyRef policy,
      Map<String, Integer> currentVersions) {}

  /**
   * Resolves the requirements and then every acknowledgement policy concurrently — always before a
   * transaction opens (no remote call while a row lock is held).
   */
  public Uni<Requirements> requirements(String market) {
    return policies
        .resolve(POLICY_KEY, market)
        .chain(r -> withCurrentVersions(r.getContent().getOnboardingRequirements(), r, market));
  }

  private Uni<Requirements> withCurrentVersions(
      OnboardingRequirements requirements, ResolvedPolicy source, String market) {
    List<String> keys =
        requirements.getPolicyAcknowledgementRequired()
            ? requirements.getAcknowledgementPolicyKeysList()
            : List.of();
    if (keys.isEmpty()) {
      return Uni.createFrom()
          .item(new Requirements(requirements, reference(source, market), Map.of()));
    }
    List<Uni<ResolvedPolicy>> lookups =
        keys.stream().map(key -> policies.resolve(key, market)).toList();
    return Uni.join()
        .all(lookups)
        .andFailFast()
        .map(
            resolved ->
                new Requirements(requirements, reference(source, market), versions(resolved)));
  }

  private static Map<String, Integer> versions(List<ResolvedPolicy> resolved) {
    Map<String, Integer> current = new HashMap<>();
    resolved.forEach(r -> current.put(r.getPolicyKey(), r.getVersion()));
    return current;
  }

  /** The checklist now, against requirements resolved beforehand: pure, no remote call. */
  public static Checklist checklist(List<OnboardingSubmissionEntity> submitted, Requirements req) {
    return OnboardingChecklistEvaluator.evaluate(
        req.requirements(),
        req.policy(),
        submissions(submitted),
        req.currentVersions(),
        Instant.now());
  }

  public static Submissions submissions(List<OnboardingSubmissionEntity> rows) {
    Submissions s = Submissions.none();
    for (OnboardingSubmissionEntity row : rows) {
      try {
        switch (OnboardingItemKind.valueOf(row.kind)) {
          case ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION ->
              s = s.withIdentityVerification(IdentityVerification.parseFrom(row.payload));
          case ONBOARDING_ITEM_KIND_TAX_PROFILE ->
              s = s.withTaxProfile(TaxProfile.parseFrom(row.payload));
          case ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT -> {
            PolicyAcknowledgement ack = PolicyAcknowledgement.parseFrom(row.payload);
            s = s.withAcknowledgement(ack.getPolicyKey(), ack.getPolicyVersion());
          }
          default -> {}
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("corrupt onboarding submission " + row.id, e);
      }
    }
    return s;
  }

  /**
   * The checklist as the contract shows it, each item with its latest submission (who, when, the
   * evidence with sensitive values masked) and, when MET, the time it was satisfied.
   */
  public static OnboardingChecklist toProto(
      CreatorEntity creator, Checklist checklist, List<OnboardingSubmissionEntity> submitted) {
    OnboardingChecklist.Builder b =
        OnboardingChecklist.newBuilder()
            .setCreatorId(creator.creatorId)
            .setMarket(creator.market)
            .setComplete(checklist.complete())
            .setRequirementsPolicy(checklist.requirementsPolicy())
            .setEvaluatedTime(ProtoTime.of(checklist.evaluatedAt()));
    for (OnboardingChecklistEvaluator.Item item : checklist.items()) {
      OnboardingItem.Builder i =
          OnboardingItem.newBuilder()
              .setKind(item.kind())
              .setStatus(item.status())
              .setMissingReason(item.missingReason())
              .setRequiredBy(item.requiredBy());
      item.acknowledgementTarget().ifPresent(i::setAcknowledgementTarget);
      boolean met = item.status() == OnboardingItemStatus.ONBOARDING_ITEM_STATUS_MET;
      latestFor(item, submitted).ifPresent(row -> withEvidence(i, row, met));
      b.addItems(i);
    }
    return b.build();
  }

  /** The item's latest submission (for an acknowledgement: of its target policy). */
  private static java.util.Optional<OnboardingSubmissionEntity> latestFor(
      OnboardingChecklistEvaluator.Item item, List<OnboardingSubmissionEntity> submitted) {
    String policyKey = item.acknowledgementTarget().map(PolicyRef::getPolicyKey).orElse("");
    OnboardingSubmissionEntity latest = null;
    for (OnboardingSubmissionEntity row : submitted) { // ordered by submit time
      if (row.kind.equals(item.kind().name())
          && (policyKey.isEmpty() || policyKey.equals(row.policyKey))) {
        latest = row;
      }
    }
    return java.util.Optional.ofNullable(latest);
  }

  private static void withEvidence(
      OnboardingItem.Builder item, OnboardingSubmissionEntity row, boolean satisfied) {
    try {
      item.setLastSubmission(io.creatorgov.common.v1.AuditStamp.parseFrom(row.submitted));
      switch (OnboardingItemKind.valueOf(row.kind)) {
        case ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION ->
            item.setIdentityVerification(IdentityVerification.parseFrom(row.payload));
        case ONBOARDING_ITEM_KIND_TAX_PROFILE ->
            item.setTaxProfile(TaxProfile.parseFrom(row.payload));
        case ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT ->
            item.setPolicyAcknowledgement(PolicyAcknowledgement.parseFrom(row.payload));
        default -> {}
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt onboarding submission " + row.id, e);
    }
    if (satisfied) {
      item.setSatisfyTime(ProtoTime.of(row.submitTime));
    }
  }

  static PolicyRef reference(ResolvedPolicy r, String market) {
    return PolicyRef.newBuilder()
        .setPolicyKey(r.getPolicyKey())
        .setPolicyVersion(r.getVersion())
        .setMarket(market)
        .build();
  }
}
