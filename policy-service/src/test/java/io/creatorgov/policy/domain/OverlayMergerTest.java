package io.creatorgov.policy.domain;

import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_BAN;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.common.v1.ViolationSeverity;
import io.creatorgov.policy.v1.AppealRules;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.CommissionCaps;
import io.creatorgov.policy.v1.EarnBackRule;
import io.creatorgov.policy.v1.EnforcementConsequence;
import io.creatorgov.policy.v1.HealthMilestone;
import io.creatorgov.policy.v1.HealthRating;
import io.creatorgov.policy.v1.IncentiveEligibilityDefaults;
import io.creatorgov.policy.v1.LadderThreshold;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.OnboardingRequirements;
import io.creatorgov.policy.v1.PaymentPractice;
import io.creatorgov.policy.v1.PointsLadder;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.QuarterlyReset;
import io.creatorgov.policy.v1.RepeatOffenceRule;
import io.creatorgov.policy.v1.StandingModel;
import io.creatorgov.policy.v1.TaxIdFormat;
import io.creatorgov.policy.v1.TierThreshold;
import io.creatorgov.policy.v1.TierThresholds;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import io.creatorgov.policy.v1.ViolationSurface;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayMergerTest {

  private static final long DAY = 86_400L;

  // ---------------------------------------------------------------------------------------------
  // No overlay
  // ---------------------------------------------------------------------------------------------

  @Test
  void withoutOverlayTheBaseIsReturnedInCanonicalFormWithEntriesSortedByCode() {
    PolicyContent base =
        catalogue(entry("SPAM_LINKS", 1), entry("FAKE_ORDERS", 6), entry("PROHIBITED_ITEM", 3));

    PolicyContent merged = OverlayMerger.merge(base, null);

    assertThat(codes(merged)).containsExactly("FAKE_ORDERS", "PROHIBITED_ITEM", "SPAM_LINKS");
    assertThat(merged.getViolationCatalogue().getEntriesList())
        .containsExactly(
            entry("FAKE_ORDERS", 6), entry("PROHIBITED_ITEM", 3), entry("SPAM_LINKS", 1));
    assertThat(merged).isEqualTo(OverlayMerger.canonical(base));
  }

  @Test
  void withoutOverlayAnAlreadyCanonicalBaseIsReturnedUnchanged() {
    PolicyContent base = caps(1_000, cap("beauty", 1_500), cap("fashion", 800));

    assertThat(OverlayMerger.merge(base, null)).isEqualTo(base);
  }

  // ---------------------------------------------------------------------------------------------
  // Violation catalogue (keyed by code)
  // ---------------------------------------------------------------------------------------------

  @Test
  void overlayCatalogueEntryWithAnExistingCodeReplacesTheBaseEntryWholesale() {
    ViolationCatalogueEntry baseEntry =
        entry("PROHIBITED_ITEM", 3).toBuilder()
            .setDescription("Selling items on the prohibited list")
            .setHealthDeduction(40)
            .build();
    ViolationCatalogueEntry overlayEntry =
        ViolationCatalogueEntry.newBuilder()
            .setCode("PROHIBITED_ITEM")
            .setTitle("Prohibited item (VN list)")
            .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_HIGH)
            .setPoints(6)
            .setDefaultConsequence(warning())
            .setStatementOfReasonsTemplate("{{violation_title}}")
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
            .build();

    PolicyContent merged =
        OverlayMerger.merge(
            catalogue(baseEntry, entry("FAKE_ORDERS", 6)), overlay(catalogue(overlayEntry)));

    assertThat(merged.getViolationCatalogue().getEntriesList())
        .containsExactly(entry("FAKE_ORDERS", 6), overlayEntry);
    ViolationCatalogueEntry replaced = merged.getViolationCatalogue().getEntries(1);
    assertThat(replaced.getDescription()).isEmpty();
    assertThat(replaced.getHealthDeduction()).isZero();
  }

  @Test
  void overlayCatalogueEntryWithANewCodeIsAddedAndTheResultIsSortedByCode() {
    PolicyContent base = catalogue(entry("FAKE_ORDERS", 6), entry("SPAM_LINKS", 1));
    MarketOverlay overlay =
        overlay(catalogue(entry("UNLICENSED_ALCOHOL", 9), entry("COUNTERFEIT", 12)));

    PolicyContent merged = OverlayMerger.merge(base, overlay);

    assertThat(merged.getViolationCatalogue().getEntriesList())
        .containsExactly(
            entry("COUNTERFEIT", 12),
            entry("FAKE_ORDERS", 6),
            entry("SPAM_LINKS", 1),
            entry("UNLICENSED_ALCOHOL", 9));
  }

  @Test
  void removedKeysDropTheNamedBaseEntriesAndKeepTheOthers() {
    PolicyContent base =
        catalogue(entry("FAKE_ORDERS", 6), entry("PROHIBITED_ITEM", 3), entry("SPAM_LINKS", 1));

    PolicyContent merged = OverlayMerger.merge(base, removing("PROHIBITED_ITEM"));

    assertThat(merged.getViolationCatalogue().getEntriesList())
        .containsExactly(entry("FAKE_ORDERS", 6), entry("SPAM_LINKS", 1));
  }

  @Test
  void overlayCanRemoveReplaceAndAddAtOnceWhileTheBaseKeepsItsOtherEntries() {
    PolicyContent base =
        catalogue(entry("FAKE_ORDERS", 6), entry("PROHIBITED_ITEM", 3), entry("SPAM_LINKS", 1));
    MarketOverlay overlay =
        overlay(catalogue(entry("SPAM_LINKS", 2), entry("COUNTERFEIT", 12)), "FAKE_ORDERS");

    PolicyContent merged = OverlayMerger.merge(base, overlay);

    assertThat(merged.getViolationCatalogue().getEntriesList())
        .containsExactly(
            entry("COUNTERFEIT", 12), entry("PROHIBITED_ITEM", 3), entry("SPAM_LINKS", 2));
  }

  @Test
  void removingEveryCatalogueEntryResolvesToAnEmptyCatalogue() {
    PolicyContent base = catalogue(entry("FAKE_ORDERS", 6), entry("SPAM_LINKS", 1));

    PolicyContent merged = OverlayMerger.merge(base, removing("SPAM_LINKS", "FAKE_ORDERS"));

    assertThat(merged.getContentCase()).isEqualTo(PolicyContent.ContentCase.VIOLATION_CATALOGUE);
    assertThat(merged.getViolationCatalogue().getEntriesList()).isEmpty();
  }

  @Test
  void overlayEntriesAreCanonicalizedLikeBaseEntries() {
    ViolationCatalogueEntry messy =
        entry("COUNTERFEIT", 12).toBuilder()
            .clearApplicableSurfaces()
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_ORDER)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_ORDER)
            .setDefaultConsequence(
                consequence(
                    ENFORCEMENT_ACTION_TYPE_SUSPENSION,
                    RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE,
                    RESTRICTION_TYPE_LIVE_DISABLED))
            .build();

    PolicyContent merged =
        OverlayMerger.merge(catalogue(entry("FAKE_ORDERS", 6)), overlay(catalogue(messy)));

    ViolationCatalogueEntry added = merged.getViolationCatalogue().getEntries(0);
    assertThat(added.getApplicableSurfacesList())
        .containsExactly(
            ViolationSurface.VIOLATION_SURFACE_LIVE, ViolationSurface.VIOLATION_SURFACE_ORDER);
    assertThat(added.getDefaultConsequence().getRestrictionTypesList())
        .containsExactly(RESTRICTION_TYPE_LIVE_DISABLED, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE);
  }

  // ---------------------------------------------------------------------------------------------
  // Commission caps (keyed by category)
  // ---------------------------------------------------------------------------------------------

  @Test
  void overlayCategoryCapReplacesTheBaseCapAndNewCategoriesAreAddedSortedByCategory() {
    PolicyContent base = caps(1_000, cap("fashion", 800), cap("beauty", 1_500));
    MarketOverlay overlay =
        overlay(
            caps(null, cap("toys", 600), cap("beauty", 2_000), cap("consumer-electronics", 400)));

    PolicyContent merged = OverlayMerger.merge(base, overlay);

    assertThat(merged.getCommissionCaps().getCategoryCapsList())
        .containsExactly(
            cap("beauty", 2_000),
            cap("consumer-electronics", 400),
            cap("fashion", 800),
            cap("toys", 600));
  }

  @Test
  void removedKeysDropCommissionCapCategories() {
    PolicyContent base = caps(1_000, cap("beauty", 1_500), cap("fashion", 800), cap("toys", 600));

    PolicyContent merged = OverlayMerger.merge(base, removing("toys"));

    assertThat(merged).isEqualTo(caps(1_000, cap("beauty", 1_500), cap("fashion", 800)));
  }

  @Test
  void defaultMaxRateIsReplacedWhenTheOverlaySetsIt() {
    PolicyContent base = caps(1_000, cap("beauty", 1_500));

    PolicyContent merged = OverlayMerger.merge(base, overlay(caps(1_200)));

    assertThat(merged).isEqualTo(caps(1_200, cap("beauty", 1_500)));
  }

  @Test
  void defaultMaxRateSetToZeroInTheOverlayReplacesTheBaseBecausePresenceCounts() {
    PolicyContent base = caps(1_000, cap("beauty", 1_500));

    PolicyContent merged = OverlayMerger.merge(base, overlay(caps(0)));

    assertThat(merged.getCommissionCaps().hasDefaultMaxRateBps()).isTrue();
    assertThat(merged.getCommissionCaps().getDefaultMaxRateBps()).isZero();
  }

  @Test
  void defaultMaxRateIsKeptFromTheBaseWhenTheOverlayLeavesItUnset() {
    PolicyContent base = caps(1_000, cap("beauty", 1_500));

    PolicyContent merged = OverlayMerger.merge(base, overlay(caps(null, cap("toys", 600))));

    assertThat(merged).isEqualTo(caps(1_000, cap("beauty", 1_500), cap("toys", 600)));
  }

  @Test
  void defaultMaxRateIsKeptFromTheBaseWhenTheOverlayOnlyRemovesCategories() {
    PolicyContent base = caps(1_000, cap("beauty", 1_500), cap("toys", 600));

    PolicyContent merged = OverlayMerger.merge(base, removing("beauty"));

    assertThat(merged).isEqualTo(caps(1_000, cap("toys", 600)));
  }

  @Test
  void defaultMaxRateStaysUnsetWhenNeitherBaseNorOverlaySetsIt() {
    PolicyContent base = caps(null, cap("beauty", 1_500));

    PolicyContent merged = OverlayMerger.merge(base, overlay(caps(null, cap("toys", 600))));

    assertThat(merged.getCommissionCaps().hasDefaultMaxRateBps()).isFalse();
    assertThat(merged.getCommissionCaps().getCategoryCapsList())
        .containsExactly(cap("beauty", 1_500), cap("toys", 600));
  }

  // ---------------------------------------------------------------------------------------------
  // Tier thresholds (keyed by tier)
  // ---------------------------------------------------------------------------------------------

  @Test
  void overlayTierReplacesTheSameTierWholesaleAndTiersAreSortedByTierNumber() {
    TierThreshold baseGold =
        tier(CreatorTier.CREATOR_TIER_GOLD, 100).toBuilder()
            .setMinLiveDuration(Duration.newBuilder().setSeconds(600 * 60))
            .build();
    PolicyContent base = tiers(days(30), baseGold, tier(CreatorTier.CREATOR_TIER_BRONZE, 0));
    MarketOverlay overlay =
        overlay(
            tiers(
                null,
                tier(CreatorTier.CREATOR_TIER_GOLD, 150),
                tier(CreatorTier.CREATOR_TIER_SILVER, 20)));

    PolicyContent merged = OverlayMerger.merge(base, overlay);

    // By tier number (BRONZE=1, SILVER=2, GOLD=3), not by name (BRONZE, GOLD, SILVER).
    assertThat(merged.getTierThresholds().getTiersList())
        .containsExactly(
            tier(CreatorTier.CREATOR_TIER_BRONZE, 0),
            tier(CreatorTier.CREATOR_TIER_SILVER, 20),
            tier(CreatorTier.CREATOR_TIER_GOLD, 150));
    assertThat(merged.getTierThresholds().getTiers(2).hasMinLiveDuration()).isFalse();
  }

  @Test
  void removedKeysDropTiersByTheirEnumValueName() {
    PolicyContent base =
        tiers(
            days(30),
            tier(CreatorTier.CREATOR_TIER_BRONZE, 0),
            tier(CreatorTier.CREATOR_TIER_SILVER, 20),
            tier(CreatorTier.CREATOR_TIER_PLATINUM, 500));

    PolicyContent merged = OverlayMerger.merge(base, removing("CREATOR_TIER_PLATINUM"));

    assertThat(merged)
        .isEqualTo(
            tiers(
                days(30),
                tier(CreatorTier.CREATOR_TIER_BRONZE, 0),
                tier(CreatorTier.CREATOR_TIER_SILVER, 20)));
  }

  @Test
  void evaluationPeriodIsReplacedWhenTheOverlaySetsIt() {
    PolicyContent base = tiers(days(30), tier(CreatorTier.CREATOR_TIER_BRONZE, 0));

    PolicyContent merged =
        OverlayMerger.merge(
            base, overlay(tiers(days(28), tier(CreatorTier.CREATOR_TIER_GOLD, 90))));

    assertThat(merged)
        .isEqualTo(
            tiers(
                days(28),
                tier(CreatorTier.CREATOR_TIER_BRONZE, 0),
                tier(CreatorTier.CREATOR_TIER_GOLD, 90)));
  }

  @Test
  void evaluationPeriodIsKeptFromTheBaseWhenTheOverlayLeavesItUnset() {
    PolicyContent base = tiers(days(30), tier(CreatorTier.CREATOR_TIER_BRONZE, 0));

    PolicyContent merged =
        OverlayMerger.merge(base, overlay(tiers(null, tier(CreatorTier.CREATOR_TIER_GOLD, 90))));

    assertThat(merged.getTierThresholds().hasEvaluationPeriod()).isTrue();
    assertThat(merged.getTierThresholds().getEvaluationPeriod()).isEqualTo(days(30));
  }

  @Test
  void evaluationPeriodStaysUnsetWhenNeitherBaseNorOverlaySetsIt() {
    PolicyContent base = tiers(null, tier(CreatorTier.CREATOR_TIER_BRONZE, 0));

    PolicyContent merged =
        OverlayMerger.merge(base, overlay(tiers(null, tier(CreatorTier.CREATOR_TIER_GOLD, 90))));

    assertThat(merged.getTierThresholds().hasEvaluationPeriod()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // Singular kinds
  // ---------------------------------------------------------------------------------------------

  @Test
  void overlayStandingModelReplacesTheBaseWholesaleIncludingRepeatOffenceRules() {
    PolicyContent base =
        standing(
            StandingModel.newBuilder()
                .setPointsLadder(ladder(threshold(3, 28), threshold(6, 56)))
                .addRepeatOffenceRules(repeatRule("PROHIBITED_ITEM", 6)));
    PolicyContent overlayContent =
        standing(StandingModel.newBuilder().setHealthRating(health(milestone(100, 7))));

    PolicyContent merged = OverlayMerger.merge(base, overlay(overlayContent));

    StandingModel model = merged.getStandingModel();
    assertThat(model.getModelCase()).isEqualTo(StandingModel.ModelCase.HEALTH_RATING);
    assertThat(model.getKind()).isEqualTo(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING);
    assertThat(model.getHealthRating()).isEqualTo(health(milestone(100, 7)));
    assertThat(model.getRepeatOffenceRulesList()).isEmpty();
  }

  @Test
  void overlayAppealRulesReplaceTheBaseWholesale() {
    PolicyContent base = appealRules(30, true);

    PolicyContent merged = OverlayMerger.merge(base, overlay(appealRules(183, false)));

    assertThat(merged).isEqualTo(appealRules(183, false));
  }

  @Test
  void overlayOnboardingRequirementsReplaceTheBaseWholesale() {
    PolicyContent base =
        onboarding(
            OnboardingRequirements.newBuilder()
                .setTaxProfileRequired(true)
                .setTaxIdFormat(TaxIdFormat.newBuilder().setLabel("NPWP").setPattern("[0-9]{15}"))
                .setMinimumAge(18)
                .addProhibitedPaymentPractices(
                    PaymentPractice.PAYMENT_PRACTICE_IN_SOCIAL_CHECKOUT));
    PolicyContent overlayContent =
        onboarding(OnboardingRequirements.newBuilder().setIdentityVerificationRequired(true));

    PolicyContent merged = OverlayMerger.merge(base, overlay(overlayContent));

    assertThat(merged).isEqualTo(overlayContent);
    assertThat(merged.getOnboardingRequirements().hasTaxIdFormat()).isFalse();
    assertThat(merged.getOnboardingRequirements().getProhibitedPaymentPracticesList()).isEmpty();
  }

  @Test
  void overlayIncentiveDefaultsReplaceTheBaseWholesaleIncludingOptionalFields() {
    PolicyContent base =
        incentiveDefaults(
            IncentiveEligibilityDefaults.newBuilder()
                .setMinimumTier(CreatorTier.CREATOR_TIER_SILVER)
                .setMaximumActiveViolationPoints(10)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE));
    PolicyContent overlayContent =
        incentiveDefaults(
            IncentiveEligibilityDefaults.newBuilder()
                .setMinimumHealthScore(150)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE));

    PolicyContent merged = OverlayMerger.merge(base, overlay(overlayContent));

    IncentiveEligibilityDefaults defaults = merged.getIncentiveEligibilityDefaults();
    assertThat(merged).isEqualTo(overlayContent);
    assertThat(defaults.hasMaximumActiveViolationPoints()).isFalse();
    assertThat(defaults.getMinimumTier()).isEqualTo(CreatorTier.CREATOR_TIER_UNSPECIFIED);
  }

  @Test
  void singularOverlayWithoutContentKeepsTheBase() {
    List<PolicyContent> bases =
        List.of(
            standing(
                StandingModel.newBuilder()
                    .setKind(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER)
                    .setPointsLadder(ladder(threshold(3, 28)))),
            appealRules(30, true),
            onboarding(OnboardingRequirements.newBuilder().setMinimumAge(18)),
            incentiveDefaults(
                IncentiveEligibilityDefaults.newBuilder()
                    .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE)));
    MarketOverlay withoutContent =
        MarketOverlay.newBuilder().setMarket("VN").setRationale("same rules as base").build();

    for (PolicyContent base : bases) {
      assertThat(OverlayMerger.merge(base, withoutContent))
          .as(base.getContentCase().name())
          .isEqualTo(base);
    }
  }

  @Test
  void singularOverlayReplacementIsCanonicalized() {
    PolicyContent overlayContent =
        incentiveDefaults(
            IncentiveEligibilityDefaults.newBuilder()
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_RESTRICTED)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_RESTRICTED));
    PolicyContent base =
        incentiveDefaults(
            IncentiveEligibilityDefaults.newBuilder()
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE));

    PolicyContent merged = OverlayMerger.merge(base, overlay(overlayContent));

    assertThat(merged.getIncentiveEligibilityDefaults().getAllowedStatusesList())
        .containsExactly(
            CreatorStatus.CREATOR_STATUS_ACTIVE, CreatorStatus.CREATOR_STATUS_RESTRICTED);
  }

  // ---------------------------------------------------------------------------------------------
  // Canonical form
  // ---------------------------------------------------------------------------------------------

  @Test
  void restrictionTypesOfEveryConsequenceAreSortedAndDeduplicated() {
    EnforcementConsequence messy =
        consequence(
            ENFORCEMENT_ACTION_TYPE_SUSPENSION,
            RESTRICTION_TYPE_ADS_INELIGIBLE,
            RESTRICTION_TYPE_LIVE_DISABLED,
            RESTRICTION_TYPE_COMMISSION_FROZEN,
            RESTRICTION_TYPE_LIVE_DISABLED);
    List<RestrictionType> expected =
        List.of(
            RESTRICTION_TYPE_LIVE_DISABLED,
            RESTRICTION_TYPE_COMMISSION_FROZEN,
            RESTRICTION_TYPE_ADS_INELIGIBLE);

    PolicyContent catalogue =
        OverlayMerger.canonical(
            catalogue(entry("FAKE_ORDERS", 6).toBuilder().setDefaultConsequence(messy).build()));
    StandingModel ladderModel =
        OverlayMerger.canonical(
                standing(
                    StandingModel.newBuilder()
                        .setPointsLadder(
                            ladder(
                                LadderThreshold.newBuilder()
                                    .setPoints(3)
                                    .setConsequence(messy)
                                    .build()))
                        .addRepeatOffenceRules(
                            repeatRule("FAKE_ORDERS", 3).toBuilder().setEscalation(messy))))
            .getStandingModel();
    StandingModel healthModel =
        OverlayMerger.canonical(
                standing(
                    StandingModel.newBuilder()
                        .setHealthRating(
                            health(
                                HealthMilestone.newBuilder()
                                    .setScoreAtOrBelow(100)
                                    .setConsequence(messy)
                                    .build()))))
            .getStandingModel();

    assertThat(
            catalogue
                .getViolationCatalogue()
                .getEntries(0)
                .getDefaultConsequence()
                .getRestrictionTypesList())
        .isEqualTo(expected);
    assertThat(
            ladderModel
                .getPointsLadder()
                .getThresholds(0)
                .getConsequence()
                .getRestrictionTypesList())
        .isEqualTo(expected);
    assertThat(ladderModel.getRepeatOffenceRules(0).getEscalation().getRestrictionTypesList())
        .isEqualTo(expected);
    assertThat(
            healthModel
                .getHealthRating()
                .getMilestones(0)
                .getConsequence()
                .getRestrictionTypesList())
        .isEqualTo(expected);
  }

  @Test
  void applicableSurfacesAreSortedAndDeduplicated() {
    ViolationCatalogueEntry messy =
        entry("FAKE_ORDERS", 6).toBuilder()
            .clearApplicableSurfaces()
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_ACCOUNT)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_ORDER)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_ORDER)
            .build();

    PolicyContent canonical = OverlayMerger.canonical(catalogue(messy));

    assertThat(canonical.getViolationCatalogue().getEntries(0).getApplicableSurfacesList())
        .containsExactly(
            ViolationSurface.VIOLATION_SURFACE_LIVE,
            ViolationSurface.VIOLATION_SURFACE_ORDER,
            ViolationSurface.VIOLATION_SURFACE_ACCOUNT);
  }

  @Test
  void prohibitedPaymentPracticesAndAcknowledgementKeysAreSortedAndDeduplicated() {
    PolicyContent messy =
        onboarding(
            OnboardingRequirements.newBuilder()
                .setPolicyAcknowledgementRequired(true)
                .addAcknowledgementPolicyKeys("live.prohibited-items")
                .addAcknowledgementPolicyKeys("content.integrity")
                .addAcknowledgementPolicyKeys("live.prohibited-items")
                .addProhibitedPaymentPractices(PaymentPractice.PAYMENT_PRACTICE_CRYPTO_PAYMENT)
                .addProhibitedPaymentPractices(PaymentPractice.PAYMENT_PRACTICE_IN_SOCIAL_CHECKOUT)
                .addProhibitedPaymentPractices(PaymentPractice.PAYMENT_PRACTICE_CRYPTO_PAYMENT)
                .addProhibitedPaymentPractices(
                    PaymentPractice.PAYMENT_PRACTICE_OFF_PLATFORM_PAYMENT));

    OnboardingRequirements canonical = OverlayMerger.canonical(messy).getOnboardingRequirements();

    assertThat(canonical.getAcknowledgementPolicyKeysList())
        .containsExactly("content.integrity", "live.prohibited-items");
    assertThat(canonical.getProhibitedPaymentPracticesList())
        .containsExactly(
            PaymentPractice.PAYMENT_PRACTICE_IN_SOCIAL_CHECKOUT,
            PaymentPractice.PAYMENT_PRACTICE_OFF_PLATFORM_PAYMENT,
            PaymentPractice.PAYMENT_PRACTICE_CRYPTO_PAYMENT);
    assertThat(canonical.getPolicyAcknowledgementRequired()).isTrue();
  }

  @Test
  void allowedStatusesAreSortedAndDeduplicated() {
    PolicyContent messy =
        incentiveDefaults(
            IncentiveEligibilityDefaults.newBuilder()
                .setMaximumActiveViolationPoints(12)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_RESTRICTED)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE)
                .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE));

    IncentiveEligibilityDefaults canonical =
        OverlayMerger.canonical(messy).getIncentiveEligibilityDefaults();

    assertThat(canonical.getAllowedStatusesList())
        .containsExactly(
            CreatorStatus.CREATOR_STATUS_ACTIVE, CreatorStatus.CREATOR_STATUS_RESTRICTED);
    assertThat(canonical.getMaximumActiveViolationPoints()).isEqualTo(12);
  }

  @Test
  void unrecognizedEnumNumbersAreOrderedByNumberInsteadOfFailing() {
    EnforcementConsequence unknownRestriction =
        EnforcementConsequence.newBuilder()
            .setActionType(ENFORCEMENT_ACTION_TYPE_SUSPENSION)
            .addRestrictionTypesValue(99)
            .addRestrictionTypesValue(RESTRICTION_TYPE_TRAFFIC_LIMITED.getNumber())
            .addRestrictionTypesValue(99)
            .build();
    PolicyContent catalogue =
        catalogue(
            entry("FAKE_ORDERS", 6).toBuilder()
                .setDefaultConsequence(unknownRestriction)
                .addApplicableSurfacesValue(42)
                .build());
    PolicyContent tiers =
        PolicyContent.newBuilder()
            .setTierThresholds(
                TierThresholds.newBuilder()
                    .addTiers(TierThreshold.newBuilder().setTierValue(9).setMinOrders(900))
                    .addTiers(tier(CreatorTier.CREATOR_TIER_BRONZE, 0)))
            .build();

    ViolationCatalogueEntry entry =
        OverlayMerger.canonical(catalogue).getViolationCatalogue().getEntries(0);
    TierThresholds canonicalTiers = OverlayMerger.canonical(tiers).getTierThresholds();

    assertThat(entry.getDefaultConsequence().getRestrictionTypesValueList())
        .containsExactly(RESTRICTION_TYPE_TRAFFIC_LIMITED.getNumber(), 99);
    assertThat(entry.getApplicableSurfacesValueList())
        .containsExactly(ViolationSurface.VIOLATION_SURFACE_LIVE.getNumber(), 42);
    assertThat(canonicalTiers.getTiersList())
        .extracting(TierThreshold::getTierValue)
        .containsExactly(CreatorTier.CREATOR_TIER_BRONZE.getNumber(), 9);
  }

  @Test
  void standingModelKindIsDerivedFromTheModelBranchIgnoringTheGivenKind() {
    PolicyContent ladderClaimingHealth =
        standing(
            StandingModel.newBuilder()
                .setKind(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING)
                .setPointsLadder(ladder(threshold(3, 28))));
    PolicyContent healthWithoutKind =
        standing(StandingModel.newBuilder().setHealthRating(health(milestone(100, 7))));
    PolicyContent noModelClaimingLadder =
        standing(
            StandingModel.newBuilder()
                .setKind(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER));

    assertThat(OverlayMerger.canonical(ladderClaimingHealth).getStandingModel().getKind())
        .isEqualTo(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER);
    assertThat(OverlayMerger.canonical(healthWithoutKind).getStandingModel().getKind())
        .isEqualTo(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING);
    assertThat(OverlayMerger.canonical(noModelClaimingLadder).getStandingModel().getKind())
        .isEqualTo(StandingModelKind.STANDING_MODEL_KIND_UNSPECIFIED);
  }

  @Test
  void ladderThresholdsAreSortedAscendingByPoints() {
    PolicyContent messy =
        standing(
            StandingModel.newBuilder()
                .setPointsLadder(
                    ladder(threshold(9, 84), threshold(3, 28), threshold(15, 0), threshold(6, 56))
                        .toBuilder()
                        .setQuarterlyReset(QuarterlyReset.newBuilder().setFirstQuarterStartMonth(4))
                        .build()));

    PointsLadder canonical = OverlayMerger.canonical(messy).getStandingModel().getPointsLadder();

    assertThat(canonical.getThresholdsList())
        .containsExactly(threshold(3, 28), threshold(6, 56), threshold(9, 84), threshold(15, 0));
    assertThat(canonical.getQuarterlyReset().getFirstQuarterStartMonth()).isEqualTo(4);
  }

  @Test
  void healthMilestonesAreSortedDescendingByScore() {
    PolicyContent messy =
        standing(
            StandingModel.newBuilder()
                .setHealthRating(
                    health(milestone(50, 28), milestone(150, 0), milestone(0, 0), milestone(100, 7))
                        .toBuilder()
                        .setEarnBack(
                            EarnBackRule.newBuilder().setPointsPerPeriod(5).setPeriod(days(7)))
                        .build()));

    HealthRating canonical = OverlayMerger.canonical(messy).getStandingModel().getHealthRating();

    assertThat(canonical.getMilestonesList())
        .containsExactly(milestone(150, 0), milestone(100, 7), milestone(50, 28), milestone(0, 0));
    assertThat(canonical.getStartScore()).isEqualTo(200);
    assertThat(canonical.getEarnBack().getPointsPerPeriod()).isEqualTo(5);
  }

  @Test
  void repeatOffenceRulesKeepTheOrderGiven() {
    PolicyContent content =
        standing(
            StandingModel.newBuilder()
                .setPointsLadder(ladder(threshold(3, 28)))
                .addRepeatOffenceRules(repeatRule("PROHIBITED_ITEM", 6))
                .addRepeatOffenceRules(repeatRule("*", 20))
                .addRepeatOffenceRules(repeatRule("FAKE_ORDERS", 3)));

    assertThat(OverlayMerger.canonical(content).getStandingModel().getRepeatOffenceRulesList())
        .extracting(RepeatOffenceRule::getViolationCode)
        .containsExactly("PROHIBITED_ITEM", "*", "FAKE_ORDERS");
  }

  @Test
  void contentWithoutBranchIsItsOwnCanonicalForm() {
    assertThat(OverlayMerger.canonical(PolicyContent.getDefaultInstance()))
        .isEqualTo(PolicyContent.getDefaultInstance());
  }

  // ---------------------------------------------------------------------------------------------
  // Determinism
  // ---------------------------------------------------------------------------------------------

  @Test
  void mergingTheSameInputsTwiceGivesByteIdenticalResults() {
    PolicyContent base =
        catalogue(entry("SPAM_LINKS", 1), entry("FAKE_ORDERS", 6), entry("PROHIBITED_ITEM", 3));
    MarketOverlay overlay =
        overlay(catalogue(entry("COUNTERFEIT", 12), entry("SPAM_LINKS", 2)), "PROHIBITED_ITEM");

    byte[] first = OverlayMerger.merge(base, overlay).toByteArray();
    byte[] second = OverlayMerger.merge(base, overlay).toByteArray();

    assertThat(second).isEqualTo(first);
    assertThat(first)
        .isEqualTo(
            catalogue(entry("COUNTERFEIT", 12), entry("FAKE_ORDERS", 6), entry("SPAM_LINKS", 2))
                .toByteArray());
  }

  @Test
  void catalogueInputsListedInDifferentOrdersMergeToIdenticalBytes() {
    ViolationCatalogueEntry liveFirst =
        entry("COUNTERFEIT", 12).toBuilder()
            .clearApplicableSurfaces()
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_PRODUCT_LISTING)
            .setDefaultConsequence(
                consequence(
                    ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION,
                    RESTRICTION_TYPE_LIVE_DISABLED,
                    RESTRICTION_TYPE_TRAFFIC_LIMITED))
            .build();
    ViolationCatalogueEntry listingFirst =
        liveFirst.toBuilder()
            .clearApplicableSurfaces()
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_PRODUCT_LISTING)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
            .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
            .setDefaultConsequence(
                consequence(
                    ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION,
                    RESTRICTION_TYPE_TRAFFIC_LIMITED,
                    RESTRICTION_TYPE_LIVE_DISABLED))
            .build();

    byte[] one =
        OverlayMerger.merge(
                catalogue(entry("FAKE_ORDERS", 6), entry("PROHIBITED_ITEM", 3), entry("SPAM", 1)),
                overlay(
                    catalogue(liveFirst, entry("UNLICENSED_ALCOHOL", 9)), "SPAM", "FAKE_ORDERS"))
            .toByteArray();
    byte[] other =
        OverlayMerger.merge(
                catalogue(entry("SPAM", 1), entry("PROHIBITED_ITEM", 3), entry("FAKE_ORDERS", 6)),
                overlay(
                    catalogue(entry("UNLICENSED_ALCOHOL", 9), listingFirst), "FAKE_ORDERS", "SPAM"))
            .toByteArray();

    assertThat(other).isEqualTo(one);
  }

  @Test
  void capsAndTierInputsListedInDifferentOrdersMergeToIdenticalBytes() {
    byte[] capsOne =
        OverlayMerger.merge(
                caps(1_000, cap("beauty", 1_500), cap("fashion", 800), cap("toys", 600)),
                overlay(caps(1_200, cap("books", 300), cap("beauty", 2_000)), "toys"))
            .toByteArray();
    byte[] capsOther =
        OverlayMerger.merge(
                caps(1_000, cap("toys", 600), cap("fashion", 800), cap("beauty", 1_500)),
                overlay(caps(1_200, cap("beauty", 2_000), cap("books", 300)), "toys"))
            .toByteArray();
    byte[] tiersOne =
        OverlayMerger.merge(
                tiers(
                    days(30),
                    tier(CreatorTier.CREATOR_TIER_BRONZE, 0),
                    tier(CreatorTier.CREATOR_TIER_GOLD, 100),
                    tier(CreatorTier.CREATOR_TIER_PLATINUM, 500)),
                overlay(
                    tiers(
                        null,
                        tier(CreatorTier.CREATOR_TIER_SILVER, 20),
                        tier(CreatorTier.CREATOR_TIER_GOLD, 120)),
                    "CREATOR_TIER_PLATINUM"))
            .toByteArray();
    byte[] tiersOther =
        OverlayMerger.merge(
                tiers(
                    days(30),
                    tier(CreatorTier.CREATOR_TIER_PLATINUM, 500),
                    tier(CreatorTier.CREATOR_TIER_GOLD, 100),
                    tier(CreatorTier.CREATOR_TIER_BRONZE, 0)),
                overlay(
                    tiers(
                        null,
                        tier(CreatorTier.CREATOR_TIER_GOLD, 120),
                        tier(CreatorTier.CREATOR_TIER_SILVER, 20)),
                    "CREATOR_TIER_PLATINUM"))
            .toByteArray();

    assertThat(capsOther).isEqualTo(capsOne);
    assertThat(tiersOther).isEqualTo(tiersOne);
  }

  @Test
  void singularInputsListedInDifferentOrdersMergeToIdenticalBytes() {
    PolicyContent base = onboarding(OnboardingRequirements.newBuilder().setMinimumAge(18));
    PolicyContent one =
        onboarding(
            OnboardingRequirements.newBuilder()
                .addAcknowledgementPolicyKeys("content.integrity")
                .addAcknowledgementPolicyKeys("live.prohibited-items")
                .addProhibitedPaymentPractices(PaymentPractice.PAYMENT_PRACTICE_IN_SOCIAL_CHECKOUT)
                .addProhibitedPaymentPractices(
                    PaymentPractice.PAYMENT_PRACTICE_PERSONAL_CASH_COLLECTION));
    PolicyContent other =
        onboarding(
            OnboardingRequirements.newBuilder()
                .addAcknowledgementPolicyKeys("live.prohibited-items")
                .addAcknowledgementPolicyKeys("content.integrity")
                .addAcknowledgementPolicyKeys("live.prohibited-items")
                .addProhibitedPaymentPractices(
                    PaymentPractice.PAYMENT_PRACTICE_PERSONAL_CASH_COLLECTION)
                .addProhibitedPaymentPractices(
                    PaymentPractice.PAYMENT_PRACTICE_IN_SOCIAL_CHECKOUT));
    PolicyContent ladderOne =
        standing(
            StandingModel.newBuilder()
                .setPointsLadder(ladder(threshold(3, 28), threshold(6, 56), threshold(9, 84))));
    PolicyContent ladderOther =
        standing(
            StandingModel.newBuilder()
                .setKind(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING)
                .setPointsLadder(ladder(threshold(9, 84), threshold(3, 28), threshold(6, 56))));

    assertThat(OverlayMerger.merge(base, overlay(other)).toByteArray())
        .isEqualTo(OverlayMerger.merge(base, overlay(one)).toByteArray());
    assertThat(OverlayMerger.merge(ladderOther, null).toByteArray())
        .isEqualTo(OverlayMerger.merge(ladderOne, null).toByteArray());
  }

  // ---------------------------------------------------------------------------------------------
  // Fixtures
  // ---------------------------------------------------------------------------------------------

  private static MarketOverlay overlay(PolicyContent content, String... removedKeys) {
    return MarketOverlay.newBuilder()
        .setMarket("VN")
        .setContent(content)
        .addAllRemovedKeys(List.of(removedKeys))
        .build();
  }

  private static MarketOverlay removing(String... removedKeys) {
    return MarketOverlay.newBuilder()
        .setMarket("VN")
        .addAllRemovedKeys(List.of(removedKeys))
        .build();
  }

  private static Duration days(long days) {
    return Duration.newBuilder().setSeconds(days * DAY).build();
  }

  private static EnforcementConsequence warning() {
    return EnforcementConsequence.newBuilder()
        .setActionType(ENFORCEMENT_ACTION_TYPE_WARNING)
        .build();
  }

  private static EnforcementConsequence consequence(
      EnforcementActionType action, RestrictionType... restrictions) {
    return EnforcementConsequence.newBuilder()
        .setActionType(action)
        .addAllRestrictionTypes(List.of(restrictions))
        .setDuration(days(7))
        .build();
  }

  /** A canonical catalogue entry whose points make it distinguishable. */
  private static ViolationCatalogueEntry entry(String code, int points) {
    return ViolationCatalogueEntry.newBuilder()
        .setCode(code)
        .setTitle(code.toLowerCase(java.util.Locale.ROOT))
        .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_MEDIUM)
        .setPoints(points)
        .setDefaultConsequence(warning())
        .setStatementOfReasonsTemplate("{{violation_code}} in {{market}}")
        .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
        .build();
  }

  private static PolicyContent catalogue(ViolationCatalogueEntry... entries) {
    return PolicyContent.newBuilder()
        .setViolationCatalogue(ViolationCatalogue.newBuilder().addAllEntries(List.of(entries)))
        .build();
  }

  private static List<String> codes(PolicyContent content) {
    return content.getViolationCatalogue().getEntriesList().stream()
        .map(ViolationCatalogueEntry::getCode)
        .toList();
  }

  private static CategoryCommissionCap cap(String category, int maxRateBps) {
    return CategoryCommissionCap.newBuilder()
        .setCategory(category)
        .setMaxRateBps(maxRateBps)
        .build();
  }

  /** Commission caps; a null default leaves {@code default_max_rate_bps} unset. */
  private static PolicyContent caps(Integer defaultMaxRateBps, CategoryCommissionCap... caps) {
    CommissionCaps.Builder b = CommissionCaps.newBuilder().addAllCategoryCaps(List.of(caps));
    if (defaultMaxRateBps != null) {
      b.setDefaultMaxRateBps(defaultMaxRateBps);
    }
    return PolicyContent.newBuilder().setCommissionCaps(b).build();
  }

  private static TierThreshold tier(CreatorTier tier, long minOrders) {
    return TierThreshold.newBuilder().setTier(tier).setMinOrders(minOrders).build();
  }

  /** Tier thresholds; a null period leaves {@code evaluation_period} unset. */
  private static PolicyContent tiers(Duration evaluationPeriod, TierThreshold... tiers) {
    TierThresholds.Builder b = TierThresholds.newBuilder().addAllTiers(List.of(tiers));
    if (evaluationPeriod != null) {
      b.setEvaluationPeriod(evaluationPeriod);
    }
    return PolicyContent.newBuilder().setTierThresholds(b).build();
  }

  /** A ladder rung: a ban when {@code restrictionDays} is 0, else a traffic restriction. */
  private static LadderThreshold threshold(int points, int restrictionDays) {
    return LadderThreshold.newBuilder()
        .setPoints(points)
        .setConsequence(rungConsequence(restrictionDays))
        .build();
  }

  /** A milestone: a ban when {@code restrictionDays} is 0, else a live interruption. */
  private static HealthMilestone milestone(int scoreAtOrBelow, int restrictionDays) {
    EnforcementConsequence consequence =
        restrictionDays == 0
            ? ban()
            : EnforcementConsequence.newBuilder()
                .setActionType(ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION)
                .addRestrictionTypes(RESTRICTION_TYPE_LIVE_DISABLED)
                .setDuration(days(restrictionDays))
                .build();
    return HealthMilestone.newBuilder()
        .setScoreAtOrBelow(scoreAtOrBelow)
        .setConsequence(consequence)
        .build();
  }

  private static EnforcementConsequence rungConsequence(int restrictionDays) {
    return restrictionDays == 0
        ? ban()
        : EnforcementConsequence.newBuilder()
            .setActionType(ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION)
            .addRestrictionTypes(RESTRICTION_TYPE_TRAFFIC_LIMITED)
            .setDuration(days(restrictionDays))
            .build();
  }

  private static EnforcementConsequence ban() {
    return EnforcementConsequence.newBuilder()
        .setActionType(ENFORCEMENT_ACTION_TYPE_BAN)
        .setPermanent(true)
        .build();
  }

  private static PointsLadder ladder(LadderThreshold... thresholds) {
    return PointsLadder.newBuilder()
        .setRollingWindow(days(90))
        .addAllThresholds(List.of(thresholds))
        .build();
  }

  private static HealthRating health(HealthMilestone... milestones) {
    return HealthRating.newBuilder()
        .setMaxScore(1_000)
        .setStartScore(200)
        .addAllMilestones(List.of(milestones))
        .build();
  }

  private static RepeatOffenceRule repeatRule(String code, int occurrences) {
    return RepeatOffenceRule.newBuilder()
        .setViolationCode(code)
        .setOccurrences(occurrences)
        .setWindow(days(90))
        .setEscalation(
            consequence(ENFORCEMENT_ACTION_TYPE_SUSPENSION, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE))
        .build();
  }

  private static PolicyContent standing(StandingModel.Builder model) {
    return PolicyContent.newBuilder().setStandingModel(model).build();
  }

  private static PolicyContent appealRules(int windowDays, boolean humanReview) {
    return PolicyContent.newBuilder()
        .setAppealRules(AppealRules.newBuilder().setAppealWindow(days(windowDays)))
        .build();
  }

  private static PolicyContent onboarding(OnboardingRequirements.Builder requirements) {
    return PolicyContent.newBuilder().setOnboardingRequirements(requirements).build();
  }

  private static PolicyContent incentiveDefaults(IncentiveEligibilityDefaults.Builder defaults) {
    return PolicyContent.newBuilder().setIncentiveEligibilityDefaults(defaults).build();
  }
}
