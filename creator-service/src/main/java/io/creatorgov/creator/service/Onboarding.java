package io.creatorgov.creator.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.creator.client.PolicyGateway;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Checklist;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Submissions;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
import io.creatorgov.creator.v1.IdentityVerification;
import io.creatorgov.creator.v1.OnboardingItemKind;
import io.creatorgov.creator.v1.PolicyAcknowledgement;
import io.creatorgov.creator.v1.TaxProfile;
import io.creatorgov.policy.v1.OnboardingRequirements;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A creator's onboarding checklist: the market's requirements, evaluated on the submissions. */
@ApplicationScoped
public class Onboarding {
  public static final String POLICY_KEY = "creator.onboarding";

  private final PolicyGateway policies;
  private final CreatorRepository creators;

  public Onboarding(PolicyGateway policies, CreatorRepository creators) {
    this.policies = policies;
    this.creators = creators;
  }

  /**
   * Everything remote a checklist needs: the market's onboarding requirements, the version they
   * came from, and the version in force of every policy to acknowledge.
   */
  public record Requirements(
      OnboardingRequirements requirements,
      PolicyRef policy,
      Map<String, Integer> currentVersions) {}

  /** A creator's checklist with the submissions it was evaluated on (each item's evidence). */
  public record ChecklistView(
      CreatorEntity creator, Checklist checklist, List<OnboardingSubmissionEntity> submitted) {}

  /**
   * Resolves the requirements and then every acknowledgement policy concurrently — always before a
   * transaction opens (no remote call while a row lock is held).
   */
  public Uni<Requirements> requirements(String market) {
    return policies
        .resolve(POLICY_KEY, market)
        .chain(r -> withCurrentVersions(r.getContent().getOnboardingRequirements(), r, market));
  }

  /**
   * The requirements of the creator's home market, for a command to resolve before its transaction
   * opens (null when the creator does not exist; see {@link CommandSteps#forHomeMarket}).
   */
  Uni<Requirements> requirementsOf(String creatorId) {
    return CommandSteps.forHomeMarket(creators, creatorId, this::requirements);
  }

  private Uni<Requirements> withCurrentVersions(
      OnboardingRequirements requirements, ResolvedPolicy source, String market) {
    List<String> keys =
        requirements.getPolicyAcknowledgementRequired()
            ? requirements.getAcknowledgementPolicyKeysList()
            : List.of();
    PolicyRef policy = CommandSteps.policyRef(source, market);
    if (keys.isEmpty()) {
      return Uni.createFrom().item(new Requirements(requirements, policy, Map.of()));
    }
    List<Uni<ResolvedPolicy>> lookups =
        keys.stream().map(key -> policies.resolve(key, market)).toList();
    return Uni.join()
        .all(lookups)
        .andFailFast()
        .map(resolved -> new Requirements(requirements, policy, versions(resolved)));
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

  /** The creator's checklist now, with what it was evaluated on. */
  static ChecklistView view(
      CreatorEntity creator, List<OnboardingSubmissionEntity> submitted, Requirements req) {
    return new ChecklistView(creator, checklist(submitted, req), submitted);
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
}
