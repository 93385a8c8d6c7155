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

  /** The market's onboarding requirements and the version they came from. */
  public record Requirements(OnboardingRequirements requirements, PolicyRef policy) {}

  public Uni<Requirements> requirements(String market) {
    return policies
        .resolve(POLICY_KEY, market)
        .map(
            r ->
                new Requirements(r.getContent().getOnboardingRequirements(), reference(r, market)));
  }

  /** The checklist now, resolving every policy to acknowledge. */
  public Uni<Checklist> checklist(
      CreatorEntity creator, List<OnboardingSubmissionEntity> submitted) {
    return requirements(creator.market).flatMap(req -> checklist(creator, submitted, req));
  }

  /** The checklist against requirements the caller already resolved. */
  public Uni<Checklist> checklist(
      CreatorEntity creator, List<OnboardingSubmissionEntity> submitted, Requirements req) {
    Map<String, Integer> current = new HashMap<>();
    Uni<Map<String, Integer>> chain = Uni.createFrom().item(current);
    if (req.requirements().getPolicyAcknowledgementRequired()) {
      for (String key : req.requirements().getAcknowledgementPolicyKeysList()) {
        chain =
            chain.call(
                () ->
                    policies
                        .resolve(key, creator.market)
                        .invoke(r -> current.put(key, r.getVersion())));
      }
    }
    return chain.map(
        versions ->
            OnboardingChecklistEvaluator.evaluate(
                req.requirements(), req.policy(), submissions(submitted), versions, Instant.now()));
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

  public static OnboardingChecklist toProto(CreatorEntity creator, Checklist checklist) {
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
      b.addItems(i);
    }
    return b.build();
  }

  static PolicyRef reference(ResolvedPolicy r, String market) {
    return PolicyRef.newBuilder()
        .setPolicyKey(r.getPolicyKey())
        .setPolicyVersion(r.getVersion())
        .setMarket(market)
        .build();
  }
}
