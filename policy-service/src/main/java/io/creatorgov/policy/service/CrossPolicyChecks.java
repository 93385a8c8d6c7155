package io.creatorgov.policy.service;

import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.policy.domain.CrossPolicyRules;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyRepository;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that span policies ({@link CrossPolicyRules}), checked at approval and publication
 * against the other policies in the database: INVALID_ARGUMENT with every violation found.
 */
@ApplicationScoped
public class CrossPolicyChecks {
  /** Advisory lock key serialising the catalogue code-clash check ("catalogue-codes"). */
  static final long CATALOGUE_CODES_LOCK = 0x6361_7463_6f64_6573L;

  private final PolicyRepository policies;
  private final PolicyVersionRepository versions;
  private final Clock clock;

  public CrossPolicyChecks(
      PolicyRepository policies, PolicyVersionRepository versions, Clock clock) {
    this.policies = policies;
    this.versions = versions;
    this.clock = clock;
  }

  Uni<Void> check(LockedVersion target) {
    return violations(target).invoke(CommandChecks::throwIfInvalid).replaceWithVoid();
  }

  private Uni<List<FieldViolation>> violations(LockedVersion target) {
    PolicyVersion document = target.document();
    PolicyKind kind = target.kind();
    if (kind == PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS) {
      return missingPolicies(CrossPolicyRules.acknowledgedPolicyKeys(document));
    }
    if (kind == PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE) {
      return codeClashes(target.policy().policyKey, CrossPolicyRules.violationCodes(document));
    }
    return Uni.createFrom().item(List.of());
  }

  /** Every acknowledged policy key (key → path) must name an existing policy. */
  private Uni<List<FieldViolation>> missingPolicies(Map<String, String> keys) {
    return InTurn.map(keys.entrySet(), this::missingPolicy).map(CrossPolicyChecks::present);
  }

  private Uni<Optional<FieldViolation>> missingPolicy(Map.Entry<String, String> key) {
    return policies
        .findById(key.getKey())
        .map(
            p ->
                p == null
                    ? Optional.of(CrossPolicyRules.missingPolicy(key.getKey(), key.getValue()))
                    : Optional.<FieldViolation>empty());
  }

  /**
   * No code (code → path) may be defined by another violation catalogue in force now. Two
   * catalogues approved or published at the same moment must not both pass with the same new code,
   * so the check first takes a transaction-scoped advisory lock that every catalogue approval and
   * publication takes: the second waits for the first to commit and then sees its codes.
   */
  private Uni<List<FieldViolation>> codeClashes(String policyKey, Map<String, String> codes) {
    return lockCatalogueCodes().chain(() -> otherCataloguesClashes(policyKey, codes));
  }

  private static Uni<Object> lockCatalogueCodes() {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                    .setParameter(1, CATALOGUE_CODES_LOCK)
                    .getSingleResult());
  }

  private Uni<List<FieldViolation>> otherCataloguesClashes(
      String policyKey, Map<String, String> codes) {
    return policies
        .list(
            "kind = ?1 and policyKey <> ?2",
            PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE.name(),
            policyKey)
        .chain(others -> InTurn.map(others, other -> clashesWith(other, codes)))
        .map(CrossPolicyChecks::flatten);
  }

  private Uni<List<FieldViolation>> clashesWith(PolicyEntity other, Map<String, String> codes) {
    return versions
        .publishedTimeline(other.policyKey)
        .map(rows -> clashes(other.policyKey, rows, codes));
  }

  private List<FieldViolation> clashes(
      String otherKey, List<PolicyVersionEntity> rows, Map<String, String> codes) {
    PolicyVersion theirs = PublishedRows.documentInForce(rows, clock.instant());
    return theirs == null ? List.of() : CrossPolicyRules.codeClashes(codes, otherKey, theirs);
  }

  private static List<FieldViolation> present(List<Optional<FieldViolation>> found) {
    return found.stream().flatMap(Optional::stream).toList();
  }

  private static List<FieldViolation> flatten(List<List<FieldViolation>> found) {
    return found.stream().flatMap(Collection::stream).toList();
  }
}
