package io.creatorgov.creator.domain;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds a creator's onboarding checklist from the onboarding requirements effective in the home
 * market (policy {@code creator.onboarding}, resolved by policy-service) and what the creator has
 * submitted so far, as {@code creatorgov.creator.v1.OnboardingChecklist} describes it:
 *
 * <ul>
 *   <li>identity verification: MET when the latest verification PASSED, MISSING (REJECTED) when it
 *       FAILED, MISSING (NOT_SUBMITTED) when there is none; NOT_REQUIRED when the policy does not
 *       require it;
 *   <li>tax profile: MET when one was submitted (it was validated against the format in force at
 *       submission, see {@link TaxIds}), MISSING (NOT_SUBMITTED) otherwise; NOT_REQUIRED when the
 *       policy does not require it;
 *   <li>one policy acknowledgement per key in {@code acknowledgement_policy_keys} (when {@code
 *       policy_acknowledgement_required}), sorted by key: MET only when the acknowledged version
 *       equals the version currently effective in the market, MISSING (OUTDATED) when another
 *       version was acknowledged, MISSING (NOT_SUBMITTED) when none was.
 * </ul>
 *
 * <p>An item the policy does not require is NOT_REQUIRED even if something was submitted for it.
 * Every item names the requirements policy version as {@code required_by}. Pure: no clock, no I/O.
 */
public final class OnboardingChecklistEvaluator {

  /** PreconditionFailure type of each missing item in ONBOARDING_INCOMPLETE. */
  public static final String MISSING_ITEM_TYPE = "ONBOARDING_ITEM";

  /** How the error contract spells an item kind in a violation's subject. */
  private static final String SUBJECT_PREFIX = "ONBOARDING_ITEM_KIND_";

  private OnboardingChecklistEvaluator() {}

  /**
   * What the creator has submitted so far: the latest accepted submission per item.
   *
   * @param identityVerification latest identity verification result, if any
   * @param taxProfile latest accepted tax profile, if any
   * @param acknowledgedVersions policy key → the version the creator last acknowledged
   */
  public record Submissions(
      Optional<IdentityVerification> identityVerification,
      Optional<TaxProfile> taxProfile,
      Map<String, Integer> acknowledgedVersions) {

    public Submissions {
      Objects.requireNonNull(identityVerification, "identityVerification");
      Objects.requireNonNull(taxProfile, "taxProfile");
      acknowledgedVersions = Map.copyOf(acknowledgedVersions);
    }

    /** Nothing submitted yet (a newly registered creator). */
    public static Submissions none() {
      return new Submissions(Optional.empty(), Optional.empty(), Map.of());
    }

    public Submissions withIdentityVerification(IdentityVerification verification) {
      return new Submissions(Optional.of(verification), taxProfile, acknowledgedVersions);
    }

    public Submissions withTaxProfile(TaxProfile profile) {
      return new Submissions(identityVerification, Optional.of(profile), acknowledgedVersions);
    }

    /** Records (or replaces) the acknowledged version of {@code policyKey}. */
    public Submissions withAcknowledgement(String policyKey, int version) {
      Map<String, Integer> acks = new HashMap<>(acknowledgedVersions);
      acks.put(policyKey, version);
      return new Submissions(identityVerification, taxProfile, acks);
    }
  }

  /**
   * One evaluated checklist item.
   *
   * @param acknowledgementTarget for POLICY_ACKNOWLEDGEMENT: the policy to acknowledge and its
   *     current version in the market; empty for other kinds
   * @param missingReason null unless {@code status} is MISSING
   * @param requiredBy the onboarding requirements policy version that required the item (or
   *     declared it NOT_REQUIRED)
   */
  public record Item(
      OnboardingItemKind kind,
      Optional<PolicyRef> acknowledgementTarget,
      OnboardingItemStatus status,
      OnboardingMissingReason missingReason,
      PolicyRef requiredBy) {

    public Item {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(acknowledgementTarget, "acknowledgementTarget");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(requiredBy, "requiredBy");
    }

    /** MET or NOT_REQUIRED. */
    public boolean satisfied() {
      return status != OnboardingItemStatus.MISSING;
    }

    /**
     * The PreconditionFailure subject of this item in ONBOARDING_INCOMPLETE, as the error contract
     * documents it: the kind's contract name, plus {@code :<policy_key>} for an acknowledgement
     * (for example {@code ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT:live.prohibited-items}).
     */
    public String subject() {
      String kindName = SUBJECT_PREFIX + kind.name();
      return acknowledgementTarget
          .map(target -> kindName + ":" + target.policyKey())
          .orElse(kindName);
    }
  }

  /**
   * The evaluated checklist.
   *
   * @param requirementsPolicy the onboarding requirements policy version evaluated against
   * @param items identity, tax profile, then acknowledgements by policy key
   * @param evaluatedAt when it was evaluated
   */
  public record Checklist(PolicyRef requirementsPolicy, List<Item> items, Instant evaluatedAt) {

    public Checklist {
      Objects.requireNonNull(requirementsPolicy, "requirementsPolicy");
      Objects.requireNonNull(evaluatedAt, "evaluatedAt");
      items = List.copyOf(items);
    }

    /** True when every item is MET or NOT_REQUIRED. */
    public boolean complete() {
      return items.stream().allMatch(Item::satisfied);
    }

    /** The MISSING items, in checklist order. */
    public List<Item> missingItems() {
      return items.stream().filter(item -> !item.satisfied()).toList();
    }

    /**
     * The kind of every MISSING item, in checklist order, one entry per item (so
     * POLICY_ACKNOWLEDGEMENT appears once per policy still to acknowledge); for
     * OnboardingDenial.missing_items.
     */
    public List<OnboardingItemKind> missingKinds() {
      return missingItems().stream().map(Item::kind).toList();
    }

    /**
     * Throws FAILED_PRECONDITION (ONBOARDING_INCOMPLETE) with one violation per missing item (type
     * {@value #MISSING_ITEM_TYPE}, subject {@link Item#subject()}) unless the checklist is
     * complete.
     */
    public void requireComplete() {
      List<Item> missing = missingItems();
      if (missing.isEmpty()) {
        return;
      }
      List<PreconditionViolation> violations =
          missing.stream()
              .map(item -> new PreconditionViolation(MISSING_ITEM_TYPE, item.subject(), todo(item)))
              .toList();
      throw ApiException.precondition(
          ErrorReason.ERROR_REASON_ONBOARDING_INCOMPLETE,
          missing.size() + " onboarding item(s) missing, first " + missing.get(0).subject(),
          violations);
    }

    /**
     * Throws FAILED_PRECONDITION (PRECONDITION_FAILED, violation {@code POLICY_VERSION} on the
     * policy key) when the acknowledgement of {@code policyKey} is still missing after a creator
     * acknowledged it: the version acknowledged is not the one currently in force.
     */
    public void requireAcknowledged(String policyKey) {
      items.stream()
          .filter(item -> isAcknowledgementOf(item, policyKey))
          .filter(item -> !item.satisfied())
          .findFirst()
          .ifPresent(
              item -> {
                int current = item.acknowledgementTarget().get().policyVersion();
                throw new ApiException(
                    ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
                    "acknowledge the version currently in force (" + current + ")",
                    Map.of("policy_key", policyKey, "current_version", Integer.toString(current)),
                    List.of(),
                    List.of(
                        new PreconditionViolation(
                            "POLICY_VERSION", policyKey, "current version is " + current)),
                    null);
              });
    }

    private static boolean isAcknowledgementOf(Item item, String policyKey) {
      return item.acknowledgementTarget()
          .map(target -> target.policyKey().equals(policyKey))
          .orElse(false);
    }

    private static String todo(Item item) {
      if (item.acknowledgementTarget().isPresent()) {
        PolicyRef target = item.acknowledgementTarget().get();
        String ask = "acknowledge version " + target.policyVersion() + " of " + target.policyKey();
        return item.missingReason() == OnboardingMissingReason.OUTDATED
            ? "the acknowledged version is no longer in force; " + ask
            : ask;
      }
      if (item.missingReason() == OnboardingMissingReason.REJECTED) {
        return "the latest identity verification failed; verify again";
      }
      return item.kind() == OnboardingItemKind.TAX_PROFILE
          ? "submit a tax profile"
          : "submit a passed identity verification";
    }
  }

  /**
   * Evaluates the checklist.
   *
   * @param requirements the resolved {@code creator.onboarding} content for the home market
   * @param requirementsPolicy the policy version {@code requirements} came from
   * @param submitted what the creator has submitted so far
   * @param currentVersions policy key → version currently effective in the market, for every key to
   *     acknowledge
   * @param now the evaluation instant
   * @throws ApiException NOT_FOUND (POLICY_NOT_EFFECTIVE) when a policy to acknowledge has no
   *     current version in {@code currentVersions}
   */
  public static Checklist evaluate(
      OnboardingRequirements requirements,
      PolicyRef requirementsPolicy,
      Submissions submitted,
      Map<String, Integer> currentVersions,
      Instant now) {
    Objects.requireNonNull(requirements, "requirements");
    Objects.requireNonNull(requirementsPolicy, "requirementsPolicy");
    Objects.requireNonNull(submitted, "submitted");
    Objects.requireNonNull(currentVersions, "currentVersions");
    Objects.requireNonNull(now, "now");

    List<Item> items = new ArrayList<>();
    items.add(identityItem(requirements, requirementsPolicy, submitted));
    items.add(taxItem(requirements, requirementsPolicy, submitted));
    if (requirements.policyAcknowledgementRequired()) {
      for (String key : new TreeSet<>(requirements.acknowledgementPolicyKeys())) {
        Integer current = currentVersions.get(key);
        if (current == null) {
          throw ApiException.of(
              ErrorReason.ERROR_REASON_POLICY_NOT_EFFECTIVE,
              "no published version of "
                  + key
                  + " is in force in "
                  + requirementsPolicy.market()
                  + " at "
                  + now,
              Map.of(
                  "policy_key", key, "market", requirementsPolicy.market(), "at", now.toString()));
        }
        items.add(
            acknowledgementItem(
                key, current, submitted.acknowledgedVersions().get(key), requirementsPolicy));
      }
    }
    return new Checklist(requirementsPolicy, items, now);
  }

  private static Item identityItem(
      OnboardingRequirements requirements, PolicyRef policy, Submissions submitted) {
    OnboardingItemKind kind = OnboardingItemKind.IDENTITY_VERIFICATION;
    if (!requirements.identityVerificationRequired()) {
      return notRequired(kind, policy);
    }
    Optional<IdentityVerification> latest = submitted.identityVerification();
    if (latest.isEmpty()) {
      return missing(kind, Optional.empty(), notSubmitted(), policy);
    }
    IdentityVerificationOutcome outcome = latest.get().outcome();
    if (outcome == null) {
      throw new IllegalArgumentException("identity verification without a valid outcome");
    }
    return switch (outcome) {
      case PASSED -> met(kind, Optional.empty(), policy);
      case FAILED -> missing(kind, Optional.empty(), OnboardingMissingReason.REJECTED, policy);
    };
  }

  private static Item taxItem(
      OnboardingRequirements requirements, PolicyRef policy, Submissions submitted) {
    OnboardingItemKind kind = OnboardingItemKind.TAX_PROFILE;
    if (!requirements.taxProfileRequired()) {
      return notRequired(kind, policy);
    }
    return submitted.taxProfile().isPresent()
        ? met(kind, Optional.empty(), policy)
        : missing(kind, Optional.empty(), notSubmitted(), policy);
  }

  private static Item acknowledgementItem(
      String key, int currentVersion, Integer acknowledgedVersion, PolicyRef policy) {
    OnboardingItemKind kind = OnboardingItemKind.POLICY_ACKNOWLEDGEMENT;
    Optional<PolicyRef> target = Optional.of(new PolicyRef(key, currentVersion, policy.market()));
    if (acknowledgedVersion == null) {
      return missing(kind, target, notSubmitted(), policy);
    }
    if (acknowledgedVersion != currentVersion) {
      return missing(kind, target, OnboardingMissingReason.OUTDATED, policy);
    }
    return met(kind, target, policy);
  }

  private static OnboardingMissingReason notSubmitted() {
    return OnboardingMissingReason.NOT_SUBMITTED;
  }

  private static Item met(OnboardingItemKind kind, Optional<PolicyRef> target, PolicyRef policy) {
    return new Item(kind, target, OnboardingItemStatus.MET, null, policy);
  }

  private static Item notRequired(OnboardingItemKind kind, PolicyRef policy) {
    return new Item(kind, Optional.empty(), OnboardingItemStatus.NOT_REQUIRED, null, policy);
  }

  private static Item missing(
      OnboardingItemKind kind,
      Optional<PolicyRef> target,
      OnboardingMissingReason reason,
      PolicyRef policy) {
    return new Item(kind, target, OnboardingItemStatus.MISSING, reason, policy);
  }
}
