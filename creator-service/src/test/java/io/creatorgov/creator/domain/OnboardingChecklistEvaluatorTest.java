package io.creatorgov.creator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Checklist;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Item;
import io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Submissions;
import io.creatorgov.creator.domain.OnboardingRequirements.TaxIdFormat;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnboardingChecklistEvaluatorTest {

  // the contract's names of the vocabulary, as the assertions below were written (UNSPECIFIED:
  // none)
  private static final OnboardingItemKind ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION =
      OnboardingItemKind.IDENTITY_VERIFICATION;
  private static final OnboardingItemKind ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT =
      OnboardingItemKind.POLICY_ACKNOWLEDGEMENT;
  private static final OnboardingItemKind ONBOARDING_ITEM_KIND_TAX_PROFILE =
      OnboardingItemKind.TAX_PROFILE;
  private static final OnboardingItemStatus ONBOARDING_ITEM_STATUS_MET = OnboardingItemStatus.MET;
  private static final OnboardingItemStatus ONBOARDING_ITEM_STATUS_MISSING =
      OnboardingItemStatus.MISSING;
  private static final OnboardingItemStatus ONBOARDING_ITEM_STATUS_NOT_REQUIRED =
      OnboardingItemStatus.NOT_REQUIRED;
  private static final OnboardingMissingReason ONBOARDING_MISSING_REASON_NOT_SUBMITTED =
      OnboardingMissingReason.NOT_SUBMITTED;
  private static final OnboardingMissingReason ONBOARDING_MISSING_REASON_OUTDATED =
      OnboardingMissingReason.OUTDATED;
  private static final OnboardingMissingReason ONBOARDING_MISSING_REASON_REJECTED =
      OnboardingMissingReason.REJECTED;
  private static final OnboardingMissingReason ONBOARDING_MISSING_REASON_UNSPECIFIED = null;

  private static final Instant NOW = Instant.parse("2025-09-01T08:00:00Z");
  private static final String PROHIBITED_ITEMS = "live.prohibited-items";

  /** Vietnam: identity, a VN_MST tax profile and acknowledgement of the prohibited-items list. */
  private static final OnboardingRequirements VN =
      new OnboardingRequirements(
          true,
          true,
          new TaxIdFormat(
              "Mã số thuế (MST)", "([0-9]{10}(-[0-9]{3})?|[0-9]{12})", "0101234565-001", "VN_MST"),
          true,
          List.of(PROHIBITED_ITEMS));

  private static final PolicyRef VN_ONBOARDING = ref("creator.onboarding", 4, "VN");

  /** Malaysia: the base rules, no tax profile. */
  private static final OnboardingRequirements MY =
      new OnboardingRequirements(true, false, null, true, List.of(PROHIBITED_ITEMS));

  private static final PolicyRef MY_ONBOARDING = ref("creator.onboarding", 4, "MY");

  private static final Map<String, Integer> CURRENT = Map.of(PROHIBITED_ITEMS, 3);

  private static final IdentityVerification PASSED =
      verification(IdentityVerificationOutcome.PASSED);
  private static final IdentityVerification FAILED =
      verification(IdentityVerificationOutcome.FAILED);

  private static final TaxProfile VN_TAX =
      new TaxProfile("VN_MST", "0101234565-001", "", "Nguyễn Thị Lan", "");

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
        new OnboardingRequirements(false, false, null, true, List.of(PROHIBITED_ITEMS));

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
        new OnboardingRequirements(
            true,
            false,
            null,
            true,
            List.of("live.prohibited-items", "commission.caps", "live.prohibited-items"));
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
    OnboardingRequirements noAcks =
        new OnboardingRequirements(true, false, null, false, List.of(PROHIBITED_ITEMS));

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
    return new PolicyRef(key, version, market);
  }

  private static IdentityVerification verification(IdentityVerificationOutcome outcome) {
    return new IdentityVerification(
        "ekyc-vn", "ref-123", outcome, Instant.parse("2025-08-30T10:00:00Z"));
  }
}
