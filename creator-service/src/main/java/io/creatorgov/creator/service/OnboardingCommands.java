package io.creatorgov.creator.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.IdentityVerification;
import io.creatorgov.creator.domain.OnboardingItemKind;
import io.creatorgov.creator.domain.PolicyAcknowledgement;
import io.creatorgov.creator.domain.TaxIds;
import io.creatorgov.creator.domain.TaxProfile;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
import io.creatorgov.creator.repository.OnboardingSubmissionRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * SubmitOnboardingItem: identity verification results (from the verification service or operators),
 * the creator's tax profile, and the creator's policy acknowledgements. The market's requirements
 * are resolved before the transaction opens; the submission is stored under the creator's row lock,
 * idempotent by request id; the creator's cached capability answers are dropped after commit.
 */
@ApplicationScoped
public class OnboardingCommands {

  /**
   * SubmitOnboardingItem's input: {@code kind} says which item was given (null: none); the other
   * items are empty.
   */
  public record SubmitItem(
      String requestId,
      String creatorId,
      String etag,
      OnboardingItemKind kind,
      IdentityVerification identityVerification,
      TaxProfile taxProfile,
      PolicyAcknowledgement acknowledgement) {}

  /** The stored item's kind (and policy, for an acknowledgement) and the checklist after it. */
  public record ItemSubmitted(
      Onboarding.ChecklistView checklist, OnboardingItemKind kind, String policyKey) {}

  /** A submission row of a creator, not yet stored. */
  private record Submission(CreatorEntity creator, OnboardingSubmissionEntity row) {}

  private final CreatorRepository creators;
  private final OnboardingSubmissionRepository submissions;
  private final Onboarding onboarding;
  private final CapabilityCache capabilities;
  private final StoredForms forms;

  public OnboardingCommands(
      CreatorRepository creators,
      OnboardingSubmissionRepository submissions,
      Onboarding onboarding,
      CapabilityCache capabilities,
      StoredForms forms) {
    this.creators = creators;
    this.submissions = submissions;
    this.onboarding = onboarding;
    this.capabilities = capabilities;
    this.forms = forms;
  }

  public <R> Uni<R> submitItem(
      CallerIdentity caller, SubmitItem cmd, Reply<ItemSubmitted, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    checkSubmission(caller, cmd);
    // 1. remote reads, no transaction open: the market's onboarding requirements
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: database only
    return Reply.onceAfter(
            "SubmitOnboardingItem",
            caller,
            cmd.requestId(),
            reply,
            () -> onboarding.requirementsOf(cmd.creatorId()),
            requirements -> submitLocked(caller, cmd, requirements))
        // 3. after commit
        .invoke(() -> capabilities.invalidate(cmd.creatorId()));
  }

  // ---- inputs and who may submit what
  // -------------------------------------------------------------

  private static void checkSubmission(CallerIdentity caller, SubmitItem cmd) {
    if (cmd.kind() == null) {
      throw ApiException.invalid(
          "item", "give identity_verification, tax_profile or policy_acknowledgement");
    }
    switch (cmd.kind()) {
      case IDENTITY_VERIFICATION -> checkIdentityVerification(caller, cmd.identityVerification());
      case TAX_PROFILE -> caller.requireSelfOrAnyRole(cmd.creatorId(), Inputs.OPERATORS);
      case POLICY_ACKNOWLEDGEMENT -> checkAcknowledgement(caller, cmd);
    }
  }

  /** Identity results come from the verification service or operators, complete and not ahead. */
  private static void checkIdentityVerification(CallerIdentity caller, IdentityVerification iv) {
    if (!caller.hasAnyRole(Inputs.OPERATORS_AND_SERVICES)) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_ROLE_REQUIRED,
          "identity results come from the verification service or operators",
          Map.of("required_roles", "service,creator-ops,governance-admin"));
    }
    Violations v = new Violations();
    v.text(iv.provider(), "identity_verification.provider", 1, 64);
    v.text(iv.verificationReference(), "identity_verification.verification_reference", 1, 128);
    v.require(iv.outcome() == null, "identity_verification.outcome", "PASSED or FAILED");
    v.require(
        iv.verifyTime() == null || iv.verifyTime().isAfter(Instant.now().plusSeconds(60)),
        "identity_verification.verify_time",
        "required, and not in the future");
    v.throwIfAny();
  }

  /** Only the creator acknowledges a policy, naming its key and version. */
  private static void checkAcknowledgement(CallerIdentity caller, SubmitItem cmd) {
    if (!(caller.hasRole(Role.CREATOR) && caller.subject().equals(cmd.creatorId()))) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER,
          "only the creator can acknowledge a policy",
          Map.of("creator_id", cmd.creatorId()));
    }
    Violations v = new Violations();
    v.require(
        cmd.acknowledgement().policyKey().isEmpty(),
        "policy_acknowledgement.policy_key",
        "required");
    v.require(
        cmd.acknowledgement().policyVersion() <= 0,
        "policy_acknowledgement.policy_version",
        "required");
    v.throwIfAny();
  }

  // ---- the transaction
  // ----------------------------------------------------------------------------

  private Uni<ItemSubmitted> submitLocked(
      CallerIdentity caller, SubmitItem cmd, Onboarding.Requirements requirements) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .invoke(c -> requireOnboardable(c, cmd.etag()))
        .map(c -> new Submission(c, submissionRow(caller, cmd, c, requirements)))
        .call(submission -> submissions.persistAndFlush(submission.row()))
        .chain(submission -> evaluate(submission, requirements));
  }

  /** Decide: a banned or offboarded creator does not onboard; a stale etag is refused. */
  private static void requireOnboardable(CreatorEntity c, String etag) {
    if (c.status == CreatorStatus.BANNED || c.status == CreatorStatus.OFFBOARDED) {
      throw ApiException.notAllowedInState(c.status.name(), "submitting an onboarding item");
    }
    Inputs.checkEtag(etag, c.rowVersion);
  }

  /**
   * Decide: the row to store, checked against the market's requirements (a tax id in the market's
   * format, stored masked; an acknowledgement of a policy the market asks to acknowledge).
   */
  private OnboardingSubmissionEntity submissionRow(
      CallerIdentity caller,
      SubmitItem cmd,
      CreatorEntity c,
      Onboarding.Requirements requirements) {
    OffsetDateTime now = StoredTime.now();
    OnboardingSubmissionEntity row = new OnboardingSubmissionEntity();
    row.creatorId = c.creatorId;
    row.policyKey = "";
    row.submitted = forms.stamp(caller, now, "", cmd.requestId());
    row.submitTime = now;
    row.kind = cmd.kind();
    switch (cmd.kind()) {
      case IDENTITY_VERIFICATION ->
          row.payload = forms.identityVerification(cmd.identityVerification());
      case TAX_PROFILE ->
          row.payload = forms.taxProfile(maskedTaxProfile(cmd.taxProfile(), requirements));
      case POLICY_ACKNOWLEDGEMENT -> {
        PolicyAcknowledgement ack = cmd.acknowledgement();
        row.policyKey = ack.policyKey();
        row.payload = forms.acknowledgement(ack.at(now.toInstant()));
        requireAskedFor(ack, requirements);
      }
    }
    return row;
  }

  private static TaxProfile maskedTaxProfile(
      TaxProfile profile, Onboarding.Requirements requirements) {
    var violations = TaxIds.validate(profile, requirements.requirements());
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
    return profile.masked();
  }

  private static void requireAskedFor(
      PolicyAcknowledgement ack, Onboarding.Requirements requirements) {
    if (!requirements.requirements().acknowledgementPolicyKeys().contains(ack.policyKey())) {
      throw ApiException.invalid(
          "policy_acknowledgement.policy_key",
          "the market's onboarding policy does not ask to acknowledge " + ack.policyKey());
    }
  }

  /** The checklist after the submission; an acknowledgement must be of the version in force. */
  private Uni<ItemSubmitted> evaluate(Submission submission, Onboarding.Requirements requirements) {
    OnboardingSubmissionEntity row = submission.row();
    return submissions
        .ofCreator(submission.creator().creatorId)
        .map(all -> onboarding.view(submission.creator(), all, requirements))
        .invoke(view -> requireCurrentAcknowledgement(view, row))
        .map(view -> new ItemSubmitted(view, row.kind, row.policyKey));
  }

  private static void requireCurrentAcknowledgement(
      Onboarding.ChecklistView view, OnboardingSubmissionEntity row) {
    if (row.kind == OnboardingItemKind.POLICY_ACKNOWLEDGEMENT) {
      view.checklist().requireAcknowledged(row.policyKey);
    }
  }
}
