package io.creatorgov.creator.service;

import io.creatorgov.creator.client.PolicyGateway;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Checklist;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Submissions;
import io.creatorgov.creator.domain.OnboardingRequirements;
import io.creatorgov.creator.domain.PolicyAcknowledgement;
import io.creatorgov.creator.domain.PolicyRef;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
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
  private final StoredForms forms;

  public Onboarding(PolicyGateway policies, CreatorRepository creators, StoredForms forms) {
    this.policies = policies;
    this.creators = creators;
    this.forms = forms;
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
        .onboardingRequirements(POLICY_KEY, market)
        .chain(r -> withCurrentVersions(r.content(), r.policy(), market));
  }

  /**
   * The requirements of the creator's home market, for a command to resolve before its transaction
   * opens (null when the creator does not exist; see {@link CommandSteps#forHomeMarket}).
   */
  Uni<Requirements> requirementsOf(String creatorId) {
    return CommandSteps.forHomeMarket(creators, creatorId, this::requirements);
  }

  private Uni<Requirements> withCurrentVersions(
      OnboardingRequirements requirements, PolicyRef policy, String market) {
    List<String> keys =
        requirements.policyAcknowledgementRequired()
            ? requirements.acknowledgementPolicyKeys()
            : List.of();
    if (keys.isEmpty()) {
      return Uni.createFrom().item(new Requirements(requirements, policy, Map.of()));
    }
    List<Uni<PolicyRef>> lookups = keys.stream().map(key -> policies.version(key, market)).toList();
    return Uni.join()
        .all(lookups)
        .andFailFast()
        .map(resolved -> new Requirements(requirements, policy, versions(resolved)));
  }

  private static Map<String, Integer> versions(List<PolicyRef> resolved) {
    Map<String, Integer> current = new HashMap<>();
    resolved.forEach(r -> current.put(r.policyKey(), r.policyVersion()));
    return current;
  }

  /** The checklist now, against requirements resolved beforehand: no remote call. */
  public Checklist checklist(List<OnboardingSubmissionEntity> submitted, Requirements req) {
    return OnboardingChecklistEvaluator.evaluate(
        req.requirements(),
        req.policy(),
        submissions(submitted),
        req.currentVersions(),
        Instant.now());
  }

  /** The creator's checklist now, with what it was evaluated on. */
  ChecklistView view(
      CreatorEntity creator, List<OnboardingSubmissionEntity> submitted, Requirements req) {
    return new ChecklistView(creator, checklist(submitted, req), submitted);
  }

  /** The latest submission per item, in the order they were stored. */
  public Submissions submissions(List<OnboardingSubmissionEntity> rows) {
    Submissions s = Submissions.none();
    for (OnboardingSubmissionEntity row : rows) {
      s =
          switch (row.kind) {
            case IDENTITY_VERIFICATION ->
                s.withIdentityVerification(forms.identityVerification(row.payload));
            case TAX_PROFILE -> s.withTaxProfile(forms.taxProfile(row.payload));
            case POLICY_ACKNOWLEDGEMENT -> acknowledged(s, forms.acknowledgement(row.payload));
          };
    }
    return s;
  }

  private static Submissions acknowledged(Submissions s, PolicyAcknowledgement ack) {
    return s.withAcknowledgement(ack.policyKey(), ack.policyVersion());
  }
}
