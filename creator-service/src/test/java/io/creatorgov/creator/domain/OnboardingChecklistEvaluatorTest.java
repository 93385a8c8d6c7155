package io.creatorgov.creator.domain;

import static io.creatorgov.creator.v1.OnboardingItemKind.ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION;
import static io.creatorgov.creator.v1.OnboardingItemKind.ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT;
import static io.creatorgov.creator.v1.OnboardingItemKind.ONBOARDING_ITEM_KIND_TAX_PROFILE;
import static io.creatorgov.creator.v1.OnboardingItemStatus.ONBOARDING_ITEM_STATUS_MET;
import static io.creatorgov.creator.v1.OnboardingItemStatus.ONBOARDING_ITEM_STATUS_MISSING;
import static io.creatorgov.creator.v1.OnboardingItemStatus.ONBOARDING_ITEM_STATUS_NOT_REQUIRED;
import static io.creatorgov.creator.v1.OnboardingMissingReason.ONBOARDING_MISSING_REASON_NOT_SUBMITTED;
import static io.creatorgov.creator.v1.OnboardingMissingReason.ONBOARDING_MISSING_REASON_OUTDATED;
import static io.creatorgov.creator.v1.OnboardingMissingReason.ONBOARDING_MISSING_REASON_REJECTED;
import static io.creatorgov.creator.v1.OnboardingMissingReason.ONBOARDING_MISSING_REASON_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Checklist;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Item;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Submissions;
import io.creatorgov.creator.v1.IdentityVerification;
import io.creatorgov.creator.v1.IdentityVerificationOutcome;
import io.creatorgov.creator.v1.TaxProfile;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.OnboardingRequirements;
import io.creatorgov.policy.v1.TaxIdFormat;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnboardingChecklistEvaluatorTest {

  private static final Instant NOW = Instant.parse("2025-09-01T08:00:00Z");
  private static final String PROHIBITED_ITEMS = "live.prohibited-items";

  /** Vietnam: identity, a VN_MST tax profile and acknowledgement of the prohibited-items list. */
  private static final OnboardingRequirements VN =
      OnboardingRequirements.newBuilder()
          .setIdentityVerificationRequired(true)
          .setTaxProfileRequired(true)
          .setTaxIdFormat(
              TaxIdFormat.newBuilder()
                  .setLabel("Mã số thuế (MST)")
                  .setPattern("([0-9]{10}(-[0-9]{3})?|[0-9]{12})")
                  .setExample("0101234565-001")
                  .setScheme("VN_MST"))
          .setMinimumAge(18)
          .setPolicyAcknowledgementRequired(true)
          .addAcknowledgementPolicyKeys(PROHIBITED_ITEMS)
          .build();

  private static final PolicyRef VN_ONBOARDING = ref("creator.onboarding", 4, "VN");

  /** Malaysia: the base rules, no tax profile. */
  private static final OnboardingRequirements MY =
      OnboardingRequirements.newBuilder()
          .setIdentityVerificationRequired(true)
          .setMinimumAge(18)
          .setPolicyAcknowledgementRequired(true)
          .addAcknowledgementPolicyKeys(PROHIBITED_ITEMS)
          .build();

  private static final PolicyRef MY_ONBOARDING = ref("creator.onboarding", 4, "MY");

  private static final Map<String, Integer> CURRENT = Map.of(PROHIBITED_ITEMS, 3);

  private static final IdentityVerification PASSED =
      verification(IdentityVerificationOutcome.IDENTITY_VERIFICATION_OUTCOME_PASSED);
  private static final IdentityVerification FAILED =
      verification(IdentityVerificationOutcome.IDENTITY_VERIFICATION_OUTCOME_FAILED);

  private static final TaxProfile VN_TAX =
      TaxProfile.newBuilder()
          .setScheme("VN_MST")
          .setTaxId("0101234565-001")
          .setLegalName("Nguyễn Thị Lan")
          .build();

  @Test
  void newVietnameseCreatorMissesIdentityTaxProfileAndAcknowledgement() {
    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(VN, VN_ONBOARDING, Submissions.none(), CURRENT, NOW);

    assertThat(checklist.items())
        .containsExactly(
            new Item(
                ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION,
                Optional.empty(),
                ONBOARDING_ITEM_STATUS_MISSING,
                ONBOARDING_MISSING_REASON_NOT_SUBMITTED,
                VN_ONBOARDING),
            new Item(
                ONBOARDING_ITEM_KIND_TAX_PROFILE,
                Optional.empty(),
                ONBOARDING_ITEM_STATUS_MISSING,
                ONBOARDING_MISSING_REASON_NOT_SUBMITTED,
                VN_ONBOARDING),
            new Item(
                ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT,
                Optional.of(ref(PROHIBITED_ITEMS, 3, "VN")),
                ONBOARDING_ITEM_STATUS_MISSING,
                ONBOARDING_MISSING_REASON_NOT_SUBMITTED,
                VN_ONBOARDING));
    assertThat(checklist.complete()).isFalse();
    assertThat(checklist.missingKinds())
        .containsExactly(
            ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION,
            ONBOARDING_ITEM_KIND_TAX_PROFILE,
            ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT);
    assertThat(checklist.requirementsPolicy()).isEqualTo(VN_ONBOARDING);
    assertThat(checklist.evaluatedAt()).isEqualTo(NOW);
  }

  @Test
  void vietnameseCreatorWithoutTaxProfileIsIncompleteAndMissesOnlyTheTaxProfile() {
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withAcknowledgement(PROHIBITED_ITEMS, 3);

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(VN, VN_ONBOARDING, submitted, CURRENT, NOW);

    assertThat(checklist.complete()).isFalse();
    assertThat(checklist.missingKinds()).containsExactly(ONBOARDING_ITEM_KIND_TAX_PROFILE);
    assertThat(checklist.items().get(1).missingReason())
        .isEqualTo(ONBOARDING_MISSING_REASON_NOT_SUBMITTED);
  }

  @Test
  void vietnameseChecklistIsCompleteWhenIdentityTaxProfileAndCurrentAcknowledgementAreMet() {
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withTaxProfile(VN_TAX)
            .withAcknowledgement(PROHIBITED_ITEMS, 3);

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(VN, VN_ONBOARDING, submitted, CURRENT, NOW);

    assertThat(checklist.items())
        .extracting(Item::status)
        .containsExactly(
            ONBOARDING_ITEM_STATUS_MET, ONBOARDING_ITEM_STATUS_MET, ONBOARDING_ITEM_STATUS_MET);
    assertThat(checklist.items())
        .extracting(Item::missingReason)
        .containsOnly(ONBOARDING_MISSING_REASON_UNSPECIFIED);
    assertThat(checklist.complete()).isTrue();
    assertThat(checklist.missingKinds()).isEmpty();
  }

  @Test
  void taxProfileIsNotRequiredInAMarketWithoutTaxRequirement() {
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withAcknowledgement(PROHIBITED_ITEMS, 3);

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(MY, MY_ONBOARDING, submitted, CURRENT, NOW);

    assertThat(checklist.items().get(1))
        .isEqualTo(
            new Item(
                ONBOARDING_ITEM_KIND_TAX_PROFILE,
                Optional.empty(),
                ONBOARDING_ITEM_STATUS_NOT_REQUIRED,
                ONBOARDING_MISSING_REASON_UNSPECIFIED,
                MY_ONBOARDING));
    assertThat(checklist.complete()).isTrue();
  }

  @Test
  void itemNotRequiredByThePolicyIsNotRequiredEvenWithAFailedSubmission() {
    OnboardingRequirements noIdentity =
        MY.toBuilder().setIdentityVerificationRequired(false).build();

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(
            noIdentity,
            MY_ONBOARDING,
            Submissions.none()
                .withIdentityVerification(FAILED)
                .withAcknowledgement(PROHIBITED_ITEMS, 3),
            CURRENT,
            NOW);

    assertThat(checklist.items().get(0).status()).isEqualTo(ONBOARDING_ITEM_STATUS_NOT_REQUIRED);
    assertThat(checklist.complete()).isTrue();
  }

  @Test
  void failedIdentityVerificationIsMissingAsRejected() {
    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(
            MY,
            MY_ONBOARDING,
            Submissions.none()
                .withIdentityVerification(FAILED)
                .withAcknowledgement(PROHIBITED_ITEMS, 3),
            CURRENT,
            NOW);

    Item identity = checklist.items().get(0);
    assertThat(identity.status()).isEqualTo(ONBOARDING_ITEM_STATUS_MISSING);
    assertThat(identity.missingReason()).isEqualTo(ONBOARDING_MISSING_REASON_REJECTED);
    assertThat(checklist.missingKinds())
        .containsExactly(ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION);
  }

  @Test
  void acknowledgementOfAnOlderVersionIsMissingAsOutdatedAndTargetsTheCurrentVersion() {
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withAcknowledgement(PROHIBITED_ITEMS, 2);

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(MY, MY_ONBOARDING, submitted, CURRENT, NOW);

    assertThat(checklist.items().get(2))
        .isEqualTo(
            new Item(
                ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT,
                Optional.of(ref(PROHIBITED_ITEMS, 3, "MY")),
                ONBOARDING_ITEM_STATUS_MISSING,
                ONBOARDING_MISSING_REASON_OUTDATED,
                MY_ONBOARDING));
    assertThat(checklist.complete()).isFalse();
    assertThat(checklist.missingKinds())
        .containsExactly(ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT);
  }

  @Test
  void acknowledgementOfAVersionOtherThanTheCurrentOneIsNeverMet() {
    Submissions newer =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withAcknowledgement(PROHIBITED_ITEMS, 4);

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(MY, MY_ONBOARDING, newer, CURRENT, NOW);

    assertThat(checklist.items().get(2).missingReason())
        .isEqualTo(ONBOARDING_MISSING_REASON_OUTDATED);
  }

  @Test
  void oneAcknowledgementItemPerDistinctPolicyKeyInKeyOrder() {
    OnboardingRequirements twoPolicies =
        MY.toBuilder()
            .clearAcknowledgementPolicyKeys()
            .addAcknowledgementPolicyKeys("live.prohibited-items")
            .addAcknowledgementPolicyKeys("commission.caps")
            .addAcknowledgementPolicyKeys("live.prohibited-items")
            .build();
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withAcknowledgement("commission.caps", 7);

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(
            twoPolicies,
            MY_ONBOARDING,
            submitted,
            Map.of("live.prohibited-items", 3, "commission.caps", 7),
            NOW);

    assertThat(checklist.items())
        .extracting(Item::kind, Item::acknowledgementTarget, Item::status)
        .containsExactly(
            tuple(
                ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION,
                Optional.empty(),
                ONBOARDING_ITEM_STATUS_MET),
            tuple(
                ONBOARDING_ITEM_KIND_TAX_PROFILE,
                Optional.empty(),
                ONBOARDING_ITEM_STATUS_NOT_REQUIRED),
            tuple(
                ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT,
                Optional.of(ref("commission.caps", 7, "MY")),
                ONBOARDING_ITEM_STATUS_MET),
            tuple(
                ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT,
                Optional.of(ref("live.prohibited-items", 3, "MY")),
                ONBOARDING_ITEM_STATUS_MISSING));
  }

  @Test
  void noAcknowledgementItemsWhenThePolicyDoesNotRequireAcknowledgement() {
    OnboardingRequirements noAcks = MY.toBuilder().setPolicyAcknowledgementRequired(false).build();

    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(
            noAcks,
            MY_ONBOARDING,
            Submissions.none().withIdentityVerification(PASSED),
            Map.of(),
            NOW);

    assertThat(checklist.items())
        .extracting(Item::kind)
        .containsExactly(
            ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION, ONBOARDING_ITEM_KIND_TAX_PROFILE);
    assertThat(checklist.complete()).isTrue();
  }

  @Test
  void policyToAcknowledgeWithoutCurrentVersionIsPolicyNotEffective() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                OnboardingChecklistEvaluator.evaluate(
                    VN, VN_ONBOARDING, Submissions.none(), Map.of("other.policy", 1), NOW));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_POLICY_NOT_EFFECTIVE);
    assertThat(e.metadata())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("policy_key", PROHIBITED_ITEMS, "market", "VN", "at", "2025-09-01T08:00:00Z"));
  }

  @Test
  void requireCompleteNamesEveryMissingItemAsOnboardingIncomplete() {
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(FAILED)
            .withAcknowledgement(PROHIBITED_ITEMS, 2);
    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(VN, VN_ONBOARDING, submitted, CURRENT, NOW);

    ApiException e = catchThrowableOfType(ApiException.class, checklist::requireComplete);

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_ONBOARDING_INCOMPLETE);
    assertThat(e.preconditionViolations())
        .containsExactly(
            new PreconditionViolation(
                "ONBOARDING_ITEM",
                "ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION",
                "the latest identity verification failed; verify again"),
            new PreconditionViolation(
                "ONBOARDING_ITEM", "ONBOARDING_ITEM_KIND_TAX_PROFILE", "submit a tax profile"),
            new PreconditionViolation(
                "ONBOARDING_ITEM",
                "ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT:live.prohibited-items",
                "the acknowledged version is no longer in force;"
                    + " acknowledge version 3 of live.prohibited-items"));
  }

  @Test
  void requireCompleteAcceptsACompleteChecklist() {
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withTaxProfile(VN_TAX)
            .withAcknowledgement(PROHIBITED_ITEMS, 3);
    Checklist checklist =
        OnboardingChecklistEvaluator.evaluate(VN, VN_ONBOARDING, submitted, CURRENT, NOW);

    assertThatCode(checklist::requireComplete).doesNotThrowAnyException();
  }

  @Test
  void latestAcknowledgementReplacesTheEarlierOne() {
    Submissions submitted =
        Submissions.none()
            .withIdentityVerification(PASSED)
            .withAcknowledgement(PROHIBITED_ITEMS, 2)
            .withAcknowledgement(PROHIBITED_ITEMS, 3);

    assertThat(submitted.acknowledgedVersions()).isEqualTo(Map.of(PROHIBITED_ITEMS, 3));
    assertThat(
            OnboardingChecklistEvaluator.evaluate(MY, MY_ONBOARDING, submitted, CURRENT, NOW)
                .complete())
        .isTrue();
  }

  private static PolicyRef ref(String key, int version, String market) {
    return PolicyRef.newBuilder()
        .setPolicyKey(key)
        .setPolicyVersion(version)
        .setMarket(market)
        .build();
  }

  private static IdentityVerification verification(IdentityVerificationOutcome outcome) {
    return IdentityVerification.newBuilder()
        .setProvider("ekyc-vn")
        .setVerificationReference("ref-123")
        .setOutcome(outcome)
        .setVerifyTime(ProtoTime.of(Instant.parse("2025-08-30T10:00:00Z")))
        .build();
  }
}
