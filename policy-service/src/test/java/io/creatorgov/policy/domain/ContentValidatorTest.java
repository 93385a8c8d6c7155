package io.creatorgov.policy.domain;

import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_BAN;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION;
import static io.creatorgov.common.v1.EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ViolationSeverity;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.market.MarketRegistry;
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
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentValidatorTest {
  private static final String BASE = "policy_version.base_content";
  private static final String CATALOGUE = BASE + ".violation_catalogue";
  private static final String LADDER = BASE + ".standing_model.points_ladder";

  private final ContentValidator validator = new ContentValidator(MarketRegistry.defaults());

  // --- Valid examples ---

  @Test
  void aValidExampleOfEveryKindHasNoViolations() {
    for (PolicyKind kind : PolicyKind.values()) {
      if (kind == PolicyKind.POLICY_KIND_UNSPECIFIED || kind == PolicyKind.UNRECOGNIZED) {
        continue;
      }
      assertThat(validator.validate(kind, validVersion(kind), "policy_version", true))
          .as(kind.name())
          .isEmpty();
    }
  }

  @Test
  void aValidExampleHasNoViolationsWhenSavedAsDraftEither() {
    assertThat(
            validator.validate(
                PolicyKind.POLICY_KIND_TIER_THRESHOLDS,
                validVersion(PolicyKind.POLICY_KIND_TIER_THRESHOLDS),
                "policy_version",
                false))
        .isEmpty();
  }

  // --- Base content requirement and content kind ---

  @Test
  void draftWithEmptyBaseIsAcceptedButPublishRequiresBase() {
    PolicyVersion draft =
        PolicyVersion.newBuilder()
            .addOverlays(
                MarketOverlay.newBuilder()
                    .setMarket("VN")
                    .setContent(appealRules(days(180)))
                    .build())
            .build();

    assertThat(
            validator.validate(PolicyKind.POLICY_KIND_APPEAL_RULES, draft, "policy_version", false))
        .isEmpty();
    assertThat(
            validator.validate(PolicyKind.POLICY_KIND_APPEAL_RULES, draft, "policy_version", true))
        .containsExactly(
            new FieldViolation(
                BASE, "required to approve or publish: set base_content.appeal_rules"));
  }

  @Test
  void wrongContentKindIsRejectedOnTheWrongBranchPath() {
    PolicyVersion version = version(validContent(PolicyKind.POLICY_KIND_COMMISSION_CAPS));

    assertThat(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version))
        .containsExactly(
            new FieldViolation(
                BASE + ".commission_caps",
                "wrong content kind: a POLICY_KIND_TIER_THRESHOLDS policy holds tier_thresholds"));
  }

  @Test
  void overlayContentOfTheWrongKindIsRejectedOnItsBranchPath() {
    PolicyVersion version =
        version(
            validContent(PolicyKind.POLICY_KIND_APPEAL_RULES),
            overlay("VN", validContent(PolicyKind.POLICY_KIND_COMMISSION_CAPS)));

    assertThat(fields(validate(PolicyKind.POLICY_KIND_APPEAL_RULES, version)))
        .containsExactly("policy_version.overlays[0].content.commission_caps");
  }

  // --- Violation catalogue ---

  @Test
  void negativePointsAreRejectedWithTheirFieldPath() {
    PolicyVersion version =
        version(catalogue(entry("PROHIBITED_ITEM_SALE"), entry("MISLEADING_CLAIM").setPoints(-3)));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(CATALOGUE + ".entries[1].points", "must be 0–1,000, got -3"));
  }

  @Test
  void everyCatalogueEntryNamesItsLegalGroundReferenceAndCategory() {
    PolicyVersion version =
        version(
            catalogue(
                entry("PROHIBITED_ITEM_SALE")
                    .clearGroundType()
                    .clearLegalReference()
                    .clearCategory()));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .extracting(FieldViolation::field)
        .containsExactly(
            CATALOGUE + ".entries[0].ground_type",
            CATALOGUE + ".entries[0].legal_reference",
            CATALOGUE + ".entries[0].category");
  }

  @Test
  void duplicateCatalogueCodeIsRejectedOnTheSecondEntry() {
    PolicyVersion version =
        version(catalogue(entry("FAKE_ORDERS"), entry("SPAM"), entry("FAKE_ORDERS")));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                CATALOGUE + ".entries[2].code",
                "duplicate code 'FAKE_ORDERS' (also entries[0]): codes must be unique"));
  }

  @Test
  void malformedViolationCodesAreRejectedAndTheWildcardIsNotACatalogueCode() {
    PolicyVersion version =
        version(catalogue(entry("fake_orders"), entry("FAKE__ORDERS"), entry("*"), entry("X")));

    assertThat(fields(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version)))
        .containsExactly(
            CATALOGUE + ".entries[0].code",
            CATALOGUE + ".entries[1].code",
            CATALOGUE + ".entries[2].code",
            CATALOGUE + ".entries[3].code");
  }

  @Test
  void healthDeductionAboveOneThousandIsRejected() {
    PolicyVersion version = version(catalogue(entry("SPAM").setHealthDeduction(1_001)));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                CATALOGUE + ".entries[0].health_deduction", "must be 0–1,000, got 1,001"));
  }

  @Test
  void statementOfReasonsTemplateWithAnUnknownPlaceholderOrUnclosedMarkerIsRejected() {
    PolicyVersion version =
        version(
            catalogue(
                entry("SPAM").setStatementOfReasonsTemplate("Hi {{creator_name}}"),
                entry("FAKE_ORDERS").setStatementOfReasonsTemplate("Hi {{creator_handle")));

    List<FieldViolation> violations = validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version);

    assertThat(fields(violations))
        .containsExactly(
            CATALOGUE + ".entries[0].statement_of_reasons_template",
            CATALOGUE + ".entries[1].statement_of_reasons_template");
    assertThat(violations.get(0).description()).startsWith("unknown placeholder {{creator_name}}");
    assertThat(violations.get(1).description())
        .isEqualTo("unclosed {{ at character 3: close it with }}");
  }

  @Test
  void banThatIsNotPermanentIsRejected() {
    PolicyVersion version =
        version(
            catalogue(
                entry("COUNTERFEIT_GOODS")
                    .setDefaultConsequence(consequence(ENFORCEMENT_ACTION_TYPE_BAN))));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                CATALOGUE + ".entries[0].default_consequence.permanent",
                "must be true: a BAN is permanent"));
  }

  @Test
  void banWithADurationIsRejected() {
    EnforcementConsequence ban =
        consequence(ENFORCEMENT_ACTION_TYPE_BAN).toBuilder()
            .setPermanent(true)
            .setDuration(days(365))
            .build();
    PolicyVersion version = version(catalogue(entry("FRAUD").setDefaultConsequence(ban)));

    assertThat(fields(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version)))
        .containsExactly(CATALOGUE + ".entries[0].default_consequence.duration");
  }

  @Test
  void suspensionNeedsADurationAndCannotBePermanent() {
    EnforcementConsequence suspension =
        consequence(ENFORCEMENT_ACTION_TYPE_SUSPENSION).toBuilder().setPermanent(true).build();
    PolicyVersion version = version(catalogue(entry("FRAUD").setDefaultConsequence(suspension)));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                CATALOGUE + ".entries[0].default_consequence.permanent",
                "must be false: a SUSPENSION always ends (BAN is permanent)"),
            new FieldViolation(
                CATALOGUE + ".entries[0].default_consequence.duration",
                "required: a SUSPENSION needs a duration"));
  }

  @Test
  void restrictingActionNeedsItsRestrictionAndADurationOrPermanent() {
    PolicyVersion version =
        version(
            catalogue(
                entry("DANGEROUS_ACTS")
                    .setDefaultConsequence(
                        consequence(
                            ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION,
                            RESTRICTION_TYPE_TRAFFIC_LIMITED))));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                CATALOGUE + ".entries[0].default_consequence.restriction_types",
                "LIVE_INTERRUPTION must include RESTRICTION_TYPE_LIVE_DISABLED"),
            new FieldViolation(
                CATALOGUE + ".entries[0].default_consequence.duration",
                "required: LIVE_INTERRUPTION needs a duration or permanent = true"));
  }

  @Test
  void permanentAndDurationTogetherAreRejected() {
    EnforcementConsequence freeze =
        timed(ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE, RESTRICTION_TYPE_COMMISSION_FROZEN, 30)
            .toBuilder()
            .setPermanent(true)
            .build();
    PolicyVersion version = version(catalogue(entry("FAKE_ORDERS").setDefaultConsequence(freeze)));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                CATALOGUE + ".entries[0].default_consequence.permanent",
                "permanent and duration are mutually exclusive: clear one"));
  }

  @Test
  void warningMayNotRestrictAndDuplicateOrUnspecifiedRestrictionsAreRejected() {
    EnforcementConsequence warning =
        consequence(
            ENFORCEMENT_ACTION_TYPE_WARNING,
            RESTRICTION_TYPE_LIVE_DISABLED,
            RESTRICTION_TYPE_LIVE_DISABLED,
            RestrictionType.RESTRICTION_TYPE_UNSPECIFIED);
    PolicyVersion version = version(catalogue(entry("SPAM").setDefaultConsequence(warning)));
    String c = CATALOGUE + ".entries[0].default_consequence";

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                c + ".restriction_types[1]",
                "duplicate RESTRICTION_TYPE_LIVE_DISABLED: list each restriction type once"),
            new FieldViolation(
                c + ".restriction_types[2]",
                "must be a restriction type, e.g. RESTRICTION_TYPE_LIVE_DISABLED"),
            new FieldViolation(c + ".restriction_types", "must be empty for WARNING"));
  }

  @Test
  void consequenceDurationShorterThanAnHourIsRejected() {
    EnforcementConsequence brief =
        consequence(ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION, RESTRICTION_TYPE_TRAFFIC_LIMITED)
            .toBuilder()
            .setDuration(Duration.newBuilder().setSeconds(600))
            .build();
    PolicyVersion version = version(catalogue(entry("SPAM").setDefaultConsequence(brief)));

    assertThat(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version))
        .containsExactly(
            new FieldViolation(
                CATALOGUE + ".entries[0].default_consequence.duration",
                "must be whole seconds, 3600s to 3,650 days, got 600s"));
  }

  // --- Standing model ---

  @Test
  void thresholdsOutOfOrderAreRejectedWithTheirFieldPath() {
    PointsLadder ladder =
        ladder(
            threshold(3, warning()),
            threshold(
                9,
                timed(
                    ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION, RESTRICTION_TYPE_LIVE_DISABLED, 7)),
            threshold(
                6,
                timed(
                    ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION, RESTRICTION_TYPE_LIVE_DISABLED, 7)),
            threshold(12, timed(ENFORCEMENT_ACTION_TYPE_SUSPENSION, null, 30)));

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(ladder))))
        .containsExactly(
            new FieldViolation(
                LADDER + ".thresholds[2].points",
                "thresholds out of order: points must be strictly ascending, but 6 follows 9"));
  }

  @Test
  void duplicateThresholdPointsAreRejected() {
    PointsLadder ladder = ladder(threshold(3, warning()), threshold(3, warning()));

    assertThat(fields(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(ladder)))))
        .containsExactly(LADDER + ".thresholds[1].points");
  }

  @Test
  void consequencesGettingMilderAsPointsRiseAreRejected() {
    PointsLadder ladder =
        ladder(
            threshold(3, warning()),
            threshold(6, timed(ENFORCEMENT_ACTION_TYPE_SUSPENSION, null, 30)),
            threshold(
                9,
                timed(
                    ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION, RESTRICTION_TYPE_LIVE_DISABLED, 7)));

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(ladder))))
        .containsExactly(
            new FieldViolation(
                LADDER + ".thresholds[2].consequence.action_type",
                "consequences must not get milder as points rise: LIVE_INTERRUPTION at 9 follows"
                    + " SUSPENSION at 6"));
  }

  @Test
  void ladderNeedsAnExpiryAndAtLeastOneThreshold() {
    PointsLadder ladder = PointsLadder.getDefaultInstance();

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(ladder))))
        .containsExactly(
            new FieldViolation(
                LADDER, "required: an expiry for points; set rolling_window or quarterly_reset"),
            new FieldViolation(LADDER + ".thresholds", "required: 1–20 thresholds"));
  }

  @Test
  void rollingWindowMustBeWholeDaysWithinTwoYears() {
    PointsLadder partialDay =
        validLadder().toBuilder()
            .setRollingWindow(Duration.newBuilder().setSeconds(90 * 86_400 + 5))
            .build();
    PointsLadder tooLong = validLadder().toBuilder().setRollingWindow(days(731)).build();

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(partialDay))))
        .containsExactly(
            new FieldViolation(
                LADDER + ".rolling_window",
                "must be whole days, 1–730 days (1 day = 86400s), got 7776005s"));
    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(tooLong))))
        .containsExactly(
            new FieldViolation(
                LADDER + ".rolling_window", "must be at most 730 days, got 731 days"));
  }

  @Test
  void quarterlyResetAcceptsZeroAsJanuaryButNotMonthThirteen() {
    PointsLadder zero =
        validLadder().toBuilder()
            .setQuarterlyReset(QuarterlyReset.newBuilder().setFirstQuarterStartMonth(0))
            .build();
    PointsLadder thirteen =
        validLadder().toBuilder()
            .setQuarterlyReset(QuarterlyReset.newBuilder().setFirstQuarterStartMonth(13))
            .build();

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(zero)))).isEmpty();
    assertThat(fields(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(thirteen)))))
        .containsExactly(LADDER + ".quarterly_reset.first_quarter_start_month");
  }

  @Test
  void healthMilestonesNotDescendingAreRejected() {
    HealthRating rating =
        validHealthRating().toBuilder()
            .clearMilestones()
            .addMilestones(milestone(150, warning()))
            .addMilestones(milestone(50, timed(ENFORCEMENT_ACTION_TYPE_SUSPENSION, null, 14)))
            .addMilestones(milestone(100, timed(ENFORCEMENT_ACTION_TYPE_SUSPENSION, null, 14)))
            .addMilestones(milestone(0, ban()))
            .build();

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(rating))))
        .containsExactly(
            new FieldViolation(
                BASE + ".standing_model.health_rating.milestones[2].score_at_or_below",
                "milestones out of order: score_at_or_below must be strictly descending, but 100"
                    + " follows 50"));
  }

  @Test
  void healthRatingBoundsAreChecked() {
    HealthRating rating =
        validHealthRating().toBuilder()
            .setMinScore(300)
            .setMaxScore(200)
            .setStartScore(250)
            .clearMilestones()
            .addMilestones(milestone(100, ban()))
            .build();
    String h = BASE + ".standing_model.health_rating";

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(standing(rating))))
        .containsExactly(
            new FieldViolation(h + ".max_score", "must be greater than min_score (300), got 200"),
            new FieldViolation(
                h + ".start_score", "must be between min_score (300) and max_score (200), got 250"),
            new FieldViolation(
                h + ".earn_back.cap_score",
                "must be between start_score (250) and max_score (200), or 0 for max_score, got"
                    + " 1000"),
            new FieldViolation(
                h + ".milestones[0].score_at_or_below",
                "must be at or above min_score (300) and below start_score (250), got 100"));
  }

  @Test
  void standingModelNeedsALadderOrAHealthRating() {
    PolicyContent empty =
        PolicyContent.newBuilder().setStandingModel(StandingModel.getDefaultInstance()).build();

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(empty)))
        .containsExactly(
            new FieldViolation(
                BASE + ".standing_model",
                "required: set exactly one of points_ladder or health_rating"));
  }

  @Test
  void repeatOffenceRulesAcceptTheWildcardButNeedTwoOccurrencesAndAWindow() {
    StandingModel model =
        StandingModel.newBuilder()
            .setPointsLadder(validLadder())
            .addRepeatOffenceRules(repeat("*", 5, days(30)))
            .addRepeatOffenceRules(repeat("SPAM", 1, days(30)))
            .addRepeatOffenceRules(repeat("SPAM", 3, null))
            .build();
    String r = BASE + ".standing_model.repeat_offence_rules";

    assertThat(validate(PolicyKind.POLICY_KIND_STANDING_MODEL, version(content(model))))
        .containsExactly(
            new FieldViolation(r + "[1].occurrences", "must be 2–1,000, got 1"),
            new FieldViolation(
                r + "[2].window", "required: whole days, 1–730 days (1 day = 86400s)"));
  }

  // --- Appeal rules and onboarding ---

  @Test
  void appealWindowLongerThanTwoYearsIsRejected() {
    PolicyVersion version = version(appealRules(days(731)));

    assertThat(validate(PolicyKind.POLICY_KIND_APPEAL_RULES, version))
        .containsExactly(
            new FieldViolation(
                BASE + ".appeal_rules.appeal_window", "must be at most 730 days, got 731 days"));
  }

  @Test
  void taxProfileRequiredWithoutPatternIsRejected() {
    OnboardingRequirements onboarding =
        validOnboarding().toBuilder()
            .setTaxIdFormat(TaxIdFormat.newBuilder().setLabel("Mã số thuế (MST)"))
            .build();

    assertThat(
            validate(PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS, version(content(onboarding))))
        .containsExactly(
            new FieldViolation(
                BASE + ".onboarding_requirements.tax_id_format.pattern",
                "required: 1–500 characters"));
  }

  @Test
  void taxPatternMustCompileAndTheExampleMustMatchIt() {
    String f = BASE + ".onboarding_requirements.tax_id_format";
    OnboardingRequirements badPattern =
        validOnboarding().toBuilder()
            .setTaxIdFormat(validTaxIdFormat().toBuilder().setPattern("[0-9{10"))
            .build();
    OnboardingRequirements badExample =
        validOnboarding().toBuilder()
            .setTaxIdFormat(validTaxIdFormat().toBuilder().setExample("01234"))
            .build();

    List<FieldViolation> pattern =
        validate(PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS, version(content(badPattern)));
    assertThat(fields(pattern)).containsExactly(f + ".pattern");
    assertThat(pattern.get(0).description()).startsWith("not a valid regular expression: ");
    assertThat(
            validate(PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS, version(content(badExample))))
        .containsExactly(
            new FieldViolation(
                f + ".example", "'01234' does not match pattern '[0-9]{10}([0-9]{3})?'"));
  }

  @Test
  void onboardingLimitsAndAcknowledgementKeysAreChecked() {
    String o = BASE + ".onboarding_requirements";
    OnboardingRequirements onboarding =
        validOnboarding().toBuilder()
            .setMinimumAge(12)
            .setTaxIdFormat(validTaxIdFormat().toBuilder().setScheme("vn-mst"))
            .clearAcknowledgementPolicyKeys()
            .addProhibitedPaymentPractices(PaymentPractice.PAYMENT_PRACTICE_UNSPECIFIED)
            .build();
    OnboardingRequirements badKey =
        validOnboarding().toBuilder().addAcknowledgementPolicyKeys("Live_Rules").build();

    assertThat(
            fields(
                validate(
                    PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS, version(content(onboarding)))))
        .containsExactly(
            o + ".tax_id_format.scheme",
            o + ".minimum_age",
            o + ".acknowledgement_policy_keys",
            o + ".prohibited_payment_practices[1]");
    assertThat(
            fields(
                validate(PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS, version(content(badKey)))))
        .containsExactly(o + ".acknowledgement_policy_keys[2]");
  }

  // --- Commission caps ---

  @Test
  void capsOverTenThousandBasisPointsAreRejected() {
    CommissionCaps caps =
        CommissionCaps.newBuilder()
            .addCategoryCaps(cap("beauty", 10_001))
            .setDefaultMaxRateBps(12_000)
            .build();

    assertThat(validate(PolicyKind.POLICY_KIND_COMMISSION_CAPS, version(content(caps))))
        .containsExactly(
            new FieldViolation(
                BASE + ".commission_caps.category_caps[0].max_rate_bps",
                "must be 0–10,000, got 10,001"),
            new FieldViolation(
                BASE + ".commission_caps.default_max_rate_bps", "must be 0–10,000, got 12,000"));
  }

  @Test
  void categorySlugsMustBeWellFormedAndUnique() {
    CommissionCaps caps =
        CommissionCaps.newBuilder()
            .addCategoryCaps(cap("Home & Living", 1_000))
            .addCategoryCaps(cap("beauty", 1_000))
            .addCategoryCaps(cap("beauty", 2_000))
            .setDefaultMaxRateBps(1_500)
            .build();
    String c = BASE + ".commission_caps.category_caps";

    assertThat(validate(PolicyKind.POLICY_KIND_COMMISSION_CAPS, version(content(caps))))
        .extracting(FieldViolation::field)
        .containsExactly(c + "[0].category", c + "[2].category");
  }

  @Test
  void defaultCapIsRequiredInBaseContentButOptionalInAnOverlay() {
    CommissionCaps noDefault =
        CommissionCaps.newBuilder().addCategoryCaps(cap("beauty", 1_000)).build();
    PolicyVersion inBase = version(content(noDefault));
    PolicyVersion inOverlay =
        version(
            validContent(PolicyKind.POLICY_KIND_COMMISSION_CAPS),
            overlay("ID", content(noDefault)));

    assertThat(validate(PolicyKind.POLICY_KIND_COMMISSION_CAPS, inBase))
        .containsExactly(
            new FieldViolation(
                BASE + ".commission_caps.default_max_rate_bps",
                "required: the cap for categories without their own entry, 0–10,000 basis"
                    + " points"));
    assertThat(validate(PolicyKind.POLICY_KIND_COMMISSION_CAPS, inOverlay)).isEmpty();
  }

  // --- Overlays ---

  @Test
  void overlayForAnUnknownMarketIsRejected() {
    PolicyVersion version =
        version(
            validContent(PolicyKind.POLICY_KIND_APPEAL_RULES),
            overlay("US", appealRules(days(180))));

    assertThat(validate(PolicyKind.POLICY_KIND_APPEAL_RULES, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.overlays[0].market",
                "unknown market 'US'; known markets: ID,JP,KR,MY,PH,SG,TH,VN",
                ErrorReason.ERROR_REASON_UNKNOWN_MARKET));
  }

  @Test
  void overlayForADisabledMarketIsRejected() {
    ContentValidator koreaDisabled =
        new ContentValidator(
            MarketRegistry.parse(MarketRegistry.DEFAULT_DEFINITIONS, Set.of("KR")));
    PolicyVersion version =
        version(
            validContent(PolicyKind.POLICY_KIND_APPEAL_RULES),
            overlay("KR", appealRules(days(180))));

    assertThat(
            koreaDisabled.validate(
                PolicyKind.POLICY_KIND_APPEAL_RULES, version, "policy_version", true))
        .containsExactly(
            new FieldViolation(
                "policy_version.overlays[0].market",
                "market 'KR' is disabled",
                ErrorReason.ERROR_REASON_MARKET_DISABLED));
  }

  @Test
  void overlayWithoutMarketAndDuplicateMarketsAreRejected() {
    PolicyVersion version =
        version(
            validContent(PolicyKind.POLICY_KIND_APPEAL_RULES),
            overlay("VN", appealRules(days(180))),
            overlay("", appealRules(days(180))),
            overlay("VN", appealRules(days(90))));

    assertThat(validate(PolicyKind.POLICY_KIND_APPEAL_RULES, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.overlays[1].market", "required: an ISO 3166-1 alpha-2 market code"),
            new FieldViolation(
                "policy_version.overlays[2].market",
                "duplicate overlay for VN (also overlays[0]): put all of a market's changes in"
                    + " one"));
  }

  @Test
  void excludedOverlayMustNotCarryContentOrRemovedKeys() {
    MarketOverlay excluded =
        overlay("TH", content(CommissionCaps.newBuilder().setDefaultMaxRateBps(1_000).build()))
            .toBuilder()
            .setExcluded(true)
            .addRemovedKeys("beauty")
            .build();
    PolicyVersion version = version(validContent(PolicyKind.POLICY_KIND_COMMISSION_CAPS), excluded);

    assertThat(validate(PolicyKind.POLICY_KIND_COMMISSION_CAPS, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.overlays[0].content", "must be empty when excluded is true"),
            new FieldViolation(
                "policy_version.overlays[0].removed_keys", "must be empty when excluded is true"));
  }

  @Test
  void overlayThatChangesNothingIsRejected() {
    PolicyVersion version =
        version(
            validContent(PolicyKind.POLICY_KIND_APPEAL_RULES),
            MarketOverlay.newBuilder().setMarket("VN").build());

    assertThat(validate(PolicyKind.POLICY_KIND_APPEAL_RULES, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.overlays[0].content",
                "required: set content or removed_keys, or excluded = true"));
  }

  @Test
  void removedKeysMustNameBaseEntriesAndNotAlsoBeInContent() {
    MarketOverlay overlay =
        overlay(
                "ID",
                content(CommissionCaps.newBuilder().addCategoryCaps(cap("beauty", 500)).build()))
            .toBuilder()
            .addRemovedKeys("beauty")
            .addRemovedKeys("toys")
            .build();
    PolicyVersion version = version(validContent(PolicyKind.POLICY_KIND_COMMISSION_CAPS), overlay);

    assertThat(validate(PolicyKind.POLICY_KIND_COMMISSION_CAPS, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.overlays[0].removed_keys[0]",
                "'beauty' is also in content: keep it in one of them"),
            new FieldViolation(
                "policy_version.overlays[0].removed_keys[1]", "base content has no entry 'toys'"));
  }

  @Test
  void removedKeysAreRejectedForSingularKinds() {
    MarketOverlay overlay =
        MarketOverlay.newBuilder().setMarket("VN").addRemovedKeys("appeal_window").build();
    PolicyVersion version = version(validContent(PolicyKind.POLICY_KIND_APPEAL_RULES), overlay);

    assertThat(validate(PolicyKind.POLICY_KIND_APPEAL_RULES, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.overlays[0].removed_keys",
                "must be empty: a POLICY_KIND_APPEAL_RULES overlay's content replaces the base"));
  }

  // --- Tier thresholds and resolved content ---

  @Test
  void minGmvInBaseContentIsRejected() {
    TierThresholds tiers =
        validTiers().toBuilder()
            .setTiers(1, tier(CreatorTier.CREATOR_TIER_SILVER, 50, 600, 600, vnd(10_000_000)))
            .build();

    assertThat(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version(content(tiers))))
        .containsExactly(
            new FieldViolation(
                BASE + ".tier_thresholds.tiers[1].min_gmv",
                "must be unset in base content: set GMV minimums in each market's overlay, in its"
                    + " currency"));
  }

  @Test
  void minGmvInTheWrongCurrencyInAVietnamOverlayIsRejectedOnTheResolvedPath() {
    Money usd = Money.newBuilder().setAmountMinor(500_000).setCurrencyCode("USD").build();
    PolicyVersion version =
        version(
            content(validTiers()),
            overlay("VN", tierOverlay(tier(CreatorTier.CREATOR_TIER_SILVER, 50, 600, 600, usd))));

    assertThat(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.resolved[VN].tier_thresholds.tiers[1].min_gmv",
                "must be in VND, the currency of market VN, got 'USD'",
                ErrorReason.ERROR_REASON_CURRENCY_MISMATCH));
  }

  @Test
  void tierOrderingIsCheckedOnEachMarketsResolvedContent() {
    // GOLD's overlay entry replaces the base entry wholesale: fewer orders than SILVER, and a GMV
    // minimum that PLATINUM (from the base, without one) then undercuts.
    PolicyVersion version =
        version(
            content(validTiers()),
            overlay(
                "VN",
                tierOverlay(tier(CreatorTier.CREATOR_TIER_GOLD, 20, 1_200, 700, vnd(50_000_000)))));

    assertThat(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.resolved[VN].tier_thresholds.tiers[2].min_orders",
                "must be at least SILVER's min_orders (50): GOLD is a higher tier"),
            new FieldViolation(
                "policy_version.resolved[VN].tier_thresholds.tiers[3].min_gmv",
                "must be at least GOLD's min_gmv (50000000 minor units): PLATINUM is a higher"
                    + " tier"));
  }

  @Test
  void tierOrderingProblemOfTheBaseIsReportedOnceNotForEveryMarket() {
    TierThresholds tiers =
        validTiers().toBuilder()
            .setTiers(2, tier(CreatorTier.CREATOR_TIER_GOLD, 20, 1_200, 700, null))
            .build();
    PolicyVersion version =
        version(content(tiers), overlay("VN", tierOverlay()), overlay("TH", tierOverlay()));

    assertThat(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version))
        .containsExactly(
            new FieldViolation(
                BASE + ".tier_thresholds.tiers[2].min_orders",
                "must be at least SILVER's min_orders (50): GOLD is a higher tier"));
  }

  @Test
  void higherTierThatRaisesNoMinimumIsRejected() {
    TierThresholds tiers =
        validTiers().toBuilder()
            .setTiers(3, tier(CreatorTier.CREATOR_TIER_PLATINUM, 200, 1_200, 700, null))
            .build();

    assertThat(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version(content(tiers))))
        .containsExactly(
            new FieldViolation(
                BASE + ".tier_thresholds.tiers[3]",
                "PLATINUM must raise at least one minimum above GOLD's"));
  }

  @Test
  void removingBronzeInAnOverlayIsRejectedForThatMarket() {
    MarketOverlay overlay =
        MarketOverlay.newBuilder().setMarket("VN").addRemovedKeys("CREATOR_TIER_BRONZE").build();
    PolicyVersion version = version(content(validTiers()), overlay);

    assertThat(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version))
        .containsExactly(
            new FieldViolation(
                "policy_version.resolved[VN].tier_thresholds.tiers",
                "required: a CREATOR_TIER_BRONZE entry, the floor of every market"));
  }

  @Test
  void duplicateAndUnspecifiedTiersAndOutOfRangeMinimumsAreRejected() {
    TierThresholds tiers =
        validTiers().toBuilder()
            .addTiers(tier(CreatorTier.CREATOR_TIER_SILVER, 60, 600, 600, null))
            .addTiers(
                tier(CreatorTier.CREATOR_TIER_UNSPECIFIED, -1, 0, 1_001, null).toBuilder()
                    .setMinLiveDuration(Duration.newBuilder().setSeconds(90))
                    .build())
            .clearEvaluationPeriod()
            .build();
    String t = BASE + ".tier_thresholds";

    assertThat(fields(validate(PolicyKind.POLICY_KIND_TIER_THRESHOLDS, version(content(tiers)))))
        .containsExactly(
            t + ".tiers[4].tier",
            t + ".tiers[5].tier",
            t + ".tiers[5].min_live_duration",
            t + ".tiers[5].min_orders",
            t + ".tiers[5].min_quality_score",
            t + ".evaluation_period");
  }

  @Test
  void validateContentChecksTheMarketsCurrencyOnlyWhenGivenAMarket() {
    PolicyContent content =
        content(
            validTiers().toBuilder()
                .setTiers(
                    1,
                    tier(
                        CreatorTier.CREATOR_TIER_SILVER,
                        50,
                        600,
                        600,
                        Money.newBuilder().setAmountMinor(1).setCurrencyCode("MYR").build()))
                .build());

    assertThat(
            validator.validateContent(
                PolicyKind.POLICY_KIND_TIER_THRESHOLDS, content, "resolved[VN]", "VN"))
        .containsExactly(
            new FieldViolation(
                "resolved[VN].tier_thresholds.tiers[1].min_gmv",
                "must be in VND, the currency of market VN, got 'MYR'",
                ErrorReason.ERROR_REASON_CURRENCY_MISMATCH));
    assertThat(
            validator.validateContent(
                PolicyKind.POLICY_KIND_TIER_THRESHOLDS, content, "base_content", null))
        .extracting(FieldViolation::field)
        .containsExactly("base_content.tier_thresholds.tiers[1].min_gmv");
  }

  // --- Incentive eligibility defaults ---

  @Test
  void incentiveDefaultsAdmitOnlyActiveAndRestrictedCreators() {
    IncentiveEligibilityDefaults defaults =
        validIncentiveDefaults().toBuilder()
            .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_SUSPENDED)
            .setMinimumHealthScore(1_001)
            .setMaximumActiveViolationPoints(-1)
            .build();
    String d = BASE + ".incentive_eligibility_defaults";

    assertThat(
            validate(
                PolicyKind.POLICY_KIND_INCENTIVE_ELIGIBILITY_DEFAULTS, version(content(defaults))))
        .containsExactly(
            new FieldViolation(d + ".maximum_active_violation_points", "must be 0–10,000, got -1"),
            new FieldViolation(
                d + ".allowed_statuses[2]",
                "only CREATOR_STATUS_ACTIVE and CREATOR_STATUS_RESTRICTED may be listed, got"
                    + " CREATOR_STATUS_SUSPENDED"),
            new FieldViolation(d + ".minimum_health_score", "must be 0–1,000, got 1,001"));
  }

  // --- Everything at once ---

  @Test
  void severalViolationsAreReportedTogether() {
    ViolationCatalogueEntry.Builder broken =
        entry("live_spam")
            .setTitle("")
            .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_UNSPECIFIED)
            .setPoints(-1);
    PolicyVersion version =
        version(
                catalogue(entry("SPAM"), broken),
                overlay("US", catalogue(entry("SPAM"))),
                overlay("VN", validContent(PolicyKind.POLICY_KIND_APPEAL_RULES)))
            .toBuilder()
            .setChangeSummary("x".repeat(2_001))
            .build();

    assertThat(fields(validate(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE, version)))
        .containsExactly(
            "policy_version.change_summary",
            CATALOGUE + ".entries[1].code",
            CATALOGUE + ".entries[1].title",
            CATALOGUE + ".entries[1].severity",
            CATALOGUE + ".entries[1].points",
            "policy_version.overlays[0].market",
            "policy_version.overlays[1].content.appeal_rules");
  }

  // --- Helpers ---

  private List<FieldViolation> validate(PolicyKind kind, PolicyVersion version) {
    return validator.validate(kind, version, "policy_version", true);
  }

  private static List<String> fields(List<FieldViolation> violations) {
    return violations.stream().map(FieldViolation::field).toList();
  }

  private static PolicyVersion version(PolicyContent base, MarketOverlay... overlays) {
    return PolicyVersion.newBuilder()
        .setBaseContent(base)
        .addAllOverlays(List.of(overlays))
        .build();
  }

  private static MarketOverlay overlay(String market, PolicyContent content) {
    return MarketOverlay.newBuilder().setMarket(market).setContent(content).build();
  }

  private static PolicyVersion validVersion(PolicyKind kind) {
    PolicyContent base = validContent(kind);
    return switch (kind) {
      case POLICY_KIND_VIOLATION_CATALOGUE ->
          version(
              base,
              overlay("ID", catalogue(entry("IN_SOCIAL_CHECKOUT"))).toBuilder()
                  .addRemovedKeys("MISLEADING_CLAIM")
                  .setRationale("Indonesia prohibits in-stream checkout")
                  .build(),
              MarketOverlay.newBuilder().setMarket("JP").setExcluded(true).build());
      case POLICY_KIND_STANDING_MODEL ->
          version(
              base,
              overlay(
                  "VN",
                  content(
                      StandingModel.newBuilder()
                          .setHealthRating(validHealthRating())
                          .addRepeatOffenceRules(repeat("*", 10, days(30)))
                          .build())));
      case POLICY_KIND_APPEAL_RULES -> version(base, overlay("VN", appealRules(days(180))));
      case POLICY_KIND_COMMISSION_CAPS ->
          version(
              base,
              overlay(
                      "ID",
                      content(
                          CommissionCaps.newBuilder()
                              .addCategoryCaps(cap("fashion", 2_500))
                              .setDefaultMaxRateBps(1_000)
                              .build()))
                  .toBuilder()
                  .addRemovedKeys("beauty")
                  .build());
      case POLICY_KIND_TIER_THRESHOLDS ->
          version(
              base,
              overlay(
                  "VN",
                  tierOverlay(
                      tier(CreatorTier.CREATOR_TIER_SILVER, 50, 600, 600, vnd(10_000_000)),
                      tier(CreatorTier.CREATOR_TIER_GOLD, 200, 1_200, 700, vnd(50_000_000)),
                      tier(
                          CreatorTier.CREATOR_TIER_PLATINUM, 1_000, 3_000, 800, vnd(200_000_000)))),
              MarketOverlay.newBuilder()
                  .setMarket("SG")
                  .addRemovedKeys("CREATOR_TIER_PLATINUM")
                  .build());
      default -> version(base);
    };
  }

  private static PolicyContent validContent(PolicyKind kind) {
    return switch (kind) {
      case POLICY_KIND_VIOLATION_CATALOGUE ->
          catalogue(
              entry("PROHIBITED_ITEM_SALE")
                  .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_CRITICAL)
                  .setPoints(12)
                  .setHealthDeduction(100)
                  .setDefaultConsequence(
                      timed(
                          ENFORCEMENT_ACTION_TYPE_SUSPENSION,
                          RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE,
                          28)),
              entry("MISLEADING_CLAIM"));
      case POLICY_KIND_STANDING_MODEL ->
          content(
              StandingModel.newBuilder()
                  .setPointsLadder(validLadder())
                  .addRepeatOffenceRules(
                      repeat("PROHIBITED_ITEM_SALE", 6, days(90)).toBuilder()
                          .setEscalation(
                              timed(
                                  ENFORCEMENT_ACTION_TYPE_SUSPENSION,
                                  RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE,
                                  365)))
                  .build());
      case POLICY_KIND_APPEAL_RULES -> appealRules(days(30));
      case POLICY_KIND_ONBOARDING_REQUIREMENTS -> content(validOnboarding());
      case POLICY_KIND_COMMISSION_CAPS ->
          content(
              CommissionCaps.newBuilder()
                  .addCategoryCaps(cap("beauty", 2_000))
                  .addCategoryCaps(cap("consumer-electronics", 800))
                  .setDefaultMaxRateBps(1_500)
                  .build());
      case POLICY_KIND_TIER_THRESHOLDS -> content(validTiers());
      case POLICY_KIND_INCENTIVE_ELIGIBILITY_DEFAULTS -> content(validIncentiveDefaults());
      default -> throw new IllegalArgumentException(kind.name());
    };
  }

  private static ViolationCatalogueEntry.Builder entry(String code) {
    return ViolationCatalogueEntry.newBuilder()
        .setCode(code)
        .setTitle("Rule " + code)
        .setGroundType(io.creatorgov.common.v1.GroundType.GROUND_TYPE_INCOMPATIBLE_WITH_TERMS)
        .setLegalReference("Creator Terms §4.2")
        .setCategory(
            io.creatorgov.common.v1.ViolationCategory
                .VIOLATION_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS)
        .setDescription("What the rule forbids.")
        .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_LOW)
        .setPoints(2)
        .setHealthDeduction(20)
        .setDefaultConsequence(warning())
        .setStatementOfReasonsTemplate(
            "Dear {{creator_handle}}, we recorded {{violation_title}} on {{observed_time}}. You may"
                + " appeal until {{appeal_deadline}}.")
        .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
        .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_PRODUCT_LISTING);
  }

  private static PolicyContent catalogue(ViolationCatalogueEntry.Builder... entries) {
    ViolationCatalogue.Builder catalogue = ViolationCatalogue.newBuilder();
    for (ViolationCatalogueEntry.Builder e : entries) {
      catalogue.addEntries(e);
    }
    return PolicyContent.newBuilder().setViolationCatalogue(catalogue).build();
  }

  private static PointsLadder validLadder() {
    return ladder(
        threshold(3, warning()),
        threshold(
            6, timed(ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION, RESTRICTION_TYPE_LIVE_DISABLED, 7)),
        threshold(
            9,
            timed(
                ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION, RESTRICTION_TYPE_TRAFFIC_LIMITED, 28)),
        threshold(12, timed(ENFORCEMENT_ACTION_TYPE_SUSPENSION, null, 30)),
        threshold(15, ban()));
  }

  private static PointsLadder ladder(LadderThreshold... thresholds) {
    return PointsLadder.newBuilder()
        .setRollingWindow(days(90))
        .addAllThresholds(List.of(thresholds))
        .build();
  }

  private static LadderThreshold threshold(int points, EnforcementConsequence consequence) {
    return LadderThreshold.newBuilder().setPoints(points).setConsequence(consequence).build();
  }

  private static HealthRating validHealthRating() {
    return HealthRating.newBuilder()
        .setMinScore(0)
        .setMaxScore(1_000)
        .setStartScore(200)
        .setEarnBack(
            EarnBackRule.newBuilder().setPointsPerPeriod(10).setPeriod(days(7)).setCapScore(1_000))
        .addMilestones(milestone(150, warning()))
        .addMilestones(
            milestone(
                100,
                timed(
                    ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION, RESTRICTION_TYPE_LIVE_DISABLED, 7)))
        .addMilestones(milestone(50, timed(ENFORCEMENT_ACTION_TYPE_SUSPENSION, null, 14)))
        .addMilestones(milestone(0, ban()))
        .build();
  }

  private static HealthMilestone milestone(int score, EnforcementConsequence consequence) {
    return HealthMilestone.newBuilder()
        .setScoreAtOrBelow(score)
        .setConsequence(consequence)
        .build();
  }

  private static RepeatOffenceRule repeat(String code, int occurrences, Duration window) {
    RepeatOffenceRule.Builder rule =
        RepeatOffenceRule.newBuilder()
            .setViolationCode(code)
            .setOccurrences(occurrences)
            .setEscalation(timed(ENFORCEMENT_ACTION_TYPE_SUSPENSION, null, 30));
    if (window != null) {
      rule.setWindow(window);
    }
    return rule.build();
  }

  private static PolicyContent standing(PointsLadder ladder) {
    return content(StandingModel.newBuilder().setPointsLadder(ladder).build());
  }

  private static PolicyContent standing(HealthRating rating) {
    return content(StandingModel.newBuilder().setHealthRating(rating).build());
  }

  private static PolicyContent appealRules(Duration window) {
    return PolicyContent.newBuilder()
        .setAppealRules(AppealRules.newBuilder().setAppealWindow(window))
        .build();
  }

  private static TaxIdFormat validTaxIdFormat() {
    return TaxIdFormat.newBuilder()
        .setLabel("Mã số thuế (MST)")
        .setPattern("[0-9]{10}([0-9]{3})?")
        .setExample("0123456789")
        .setScheme("VN_MST")
        .build();
  }

  private static OnboardingRequirements validOnboarding() {
    return OnboardingRequirements.newBuilder()
        .setIdentityVerificationRequired(true)
        .setTaxProfileRequired(true)
        .setTaxIdFormat(validTaxIdFormat())
        .setMinimumAge(18)
        .setPolicyAcknowledgementRequired(true)
        .addAcknowledgementPolicyKeys("live.prohibited-items")
        .addAcknowledgementPolicyKeys("enforcement.appeals")
        .addProhibitedPaymentPractices(PaymentPractice.PAYMENT_PRACTICE_OFF_PLATFORM_PAYMENT)
        .build();
  }

  private static CategoryCommissionCap cap(String category, int bps) {
    return CategoryCommissionCap.newBuilder().setCategory(category).setMaxRateBps(bps).build();
  }

  private static TierThresholds validTiers() {
    return TierThresholds.newBuilder()
        .addTiers(tier(CreatorTier.CREATOR_TIER_BRONZE, 0, 0, 0, null))
        .addTiers(tier(CreatorTier.CREATOR_TIER_SILVER, 50, 600, 600, null))
        .addTiers(tier(CreatorTier.CREATOR_TIER_GOLD, 200, 1_200, 700, null))
        .addTiers(tier(CreatorTier.CREATOR_TIER_PLATINUM, 1_000, 3_000, 800, null))
        .setEvaluationPeriod(days(30))
        .build();
  }

  private static TierThreshold tier(
      CreatorTier tier, long orders, long liveMinutes, int quality, Money minGmv) {
    TierThreshold.Builder t =
        TierThreshold.newBuilder()
            .setTier(tier)
            .setMinOrders(orders)
            .setMinLiveDuration(Duration.newBuilder().setSeconds(liveMinutes * 60))
            .setMinQualityScore(quality);
    if (minGmv != null) {
      t.setMinGmv(minGmv);
    }
    return t.build();
  }

  private static PolicyContent tierOverlay(TierThreshold... tiers) {
    return content(
        TierThresholds.newBuilder()
            .addAllTiers(List.of(tiers))
            .setEvaluationPeriod(days(28))
            .build());
  }

  private static Money vnd(long amount) {
    return Money.newBuilder().setAmountMinor(amount).setCurrencyCode("VND").build();
  }

  private static IncentiveEligibilityDefaults validIncentiveDefaults() {
    return IncentiveEligibilityDefaults.newBuilder()
        .setMinimumTier(CreatorTier.CREATOR_TIER_SILVER)
        .setMaximumActiveViolationPoints(6)
        .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE)
        .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_RESTRICTED)
        .setMinimumHealthScore(100)
        .build();
  }

  private static EnforcementConsequence warning() {
    return consequence(ENFORCEMENT_ACTION_TYPE_WARNING);
  }

  private static EnforcementConsequence ban() {
    return consequence(ENFORCEMENT_ACTION_TYPE_BAN).toBuilder().setPermanent(true).build();
  }

  private static EnforcementConsequence consequence(
      EnforcementActionType type, RestrictionType... restrictions) {
    return EnforcementConsequence.newBuilder()
        .setActionType(type)
        .addAllRestrictionTypes(List.of(restrictions))
        .build();
  }

  private static EnforcementConsequence timed(
      EnforcementActionType type, RestrictionType restriction, int days) {
    EnforcementConsequence.Builder c =
        EnforcementConsequence.newBuilder().setActionType(type).setDuration(days(days));
    if (restriction != null) {
      c.addRestrictionTypes(restriction);
    }
    return c.build();
  }

  private static Duration days(long days) {
    return Duration.newBuilder().setSeconds(days * 86_400).build();
  }

  private static PolicyContent content(StandingModel model) {
    return PolicyContent.newBuilder().setStandingModel(model).build();
  }

  private static PolicyContent content(OnboardingRequirements onboarding) {
    return PolicyContent.newBuilder().setOnboardingRequirements(onboarding).build();
  }

  private static PolicyContent content(CommissionCaps caps) {
    return PolicyContent.newBuilder().setCommissionCaps(caps).build();
  }

  private static PolicyContent content(TierThresholds tiers) {
    return PolicyContent.newBuilder().setTierThresholds(tiers).build();
  }

  private static PolicyContent content(IncentiveEligibilityDefaults defaults) {
    return PolicyContent.newBuilder().setIncentiveEligibilityDefaults(defaults).build();
  }
}
