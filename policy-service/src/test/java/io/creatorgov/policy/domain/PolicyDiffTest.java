package io.creatorgov.policy.domain;

import static io.creatorgov.policy.v1.PolicyFieldChangeKind.POLICY_FIELD_CHANGE_KIND_ADDED;
import static io.creatorgov.policy.v1.PolicyFieldChangeKind.POLICY_FIELD_CHANGE_KIND_CHANGED;
import static io.creatorgov.policy.v1.PolicyFieldChangeKind.POLICY_FIELD_CHANGE_KIND_REMOVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Duration;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.common.v1.ViolationSeverity;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.CommissionCaps;
import io.creatorgov.policy.v1.EnforcementConsequence;
import io.creatorgov.policy.v1.HealthMilestone;
import io.creatorgov.policy.v1.HealthRating;
import io.creatorgov.policy.v1.LadderThreshold;
import io.creatorgov.policy.v1.PointsLadder;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyFieldChange;
import io.creatorgov.policy.v1.PolicyFieldChangeKind;
import io.creatorgov.policy.v1.StandingModel;
import io.creatorgov.policy.v1.TierThreshold;
import io.creatorgov.policy.v1.TierThresholds;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import io.creatorgov.policy.v1.ViolationSurface;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {

  private static final long DAY = 86_400L;

  // ---------------------------------------------------------------------------------------------
  // Equal contents
  // ---------------------------------------------------------------------------------------------

  @Test
  void identicalContentsHaveNoChanges() {
    assertThat(PolicyDiff.diff(catalogue(prohibitedItemSale(3)), catalogue(prohibitedItemSale(3))))
        .isEmpty();
    assertThat(
            PolicyDiff.diff(
                ladder(threshold(3, 28), threshold(6, 56)),
                ladder(threshold(3, 28), threshold(6, 56))))
        .isEmpty();
  }

  @Test
  void twoContentsWithoutBranchHaveNoChanges() {
    assertThat(
            PolicyDiff.diff(PolicyContent.getDefaultInstance(), PolicyContent.getDefaultInstance()))
        .isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Keyed lists
  // ---------------------------------------------------------------------------------------------

  @Test
  void changedPointsOfACatalogueEntryAreOneChangeAtTheKeyedPath() {
    List<PolicyFieldChange> changes =
        PolicyDiff.diff(
            catalogue(prohibitedItemSale(3), fakeOrders()),
            catalogue(prohibitedItemSale(6), fakeOrders()));

    assertThat(changes)
        .containsExactly(
            change(
                "violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].points",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "3",
                "6"));
  }

  @Test
  void catalogueEntryOnlyInBIsOneAddedChangeCarryingTheWholeEntryAsJson() {
    List<PolicyFieldChange> changes =
        PolicyDiff.diff(
            catalogue(prohibitedItemSale(3)), catalogue(fakeOrders(), prohibitedItemSale(3)));

    assertThat(changes)
        .containsExactly(
            change(
                "violation_catalogue.entries[code=FAKE_ORDERS]",
                POLICY_FIELD_CHANGE_KIND_ADDED,
                "",
                "{\"code\":\"FAKE_ORDERS\",\"title\":\"Fake orders\","
                    + "\"severity\":\"VIOLATION_SEVERITY_MEDIUM\",\"points\":2,"
                    + "\"defaultConsequence\":{\"actionType\":\"ENFORCEMENT_ACTION_TYPE_WARNING\"},"
                    + "\"statementOfReasonsTemplate\":\"Fake orders by {{creator_handle}}\","
                    + "\"applicableSurfaces\":[\"VIOLATION_SURFACE_ORDER\"]}"));
  }

  @Test
  void catalogueEntryOnlyInAIsOneRemovedChangeCarryingTheWholeEntryAsJson() {
    List<PolicyFieldChange> changes =
        PolicyDiff.diff(
            catalogue(fakeOrders(), prohibitedItemSale(3)), catalogue(prohibitedItemSale(3)));

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).getFieldPath())
        .isEqualTo("violation_catalogue.entries[code=FAKE_ORDERS]");
    assertThat(changes.get(0).getChangeKind()).isEqualTo(POLICY_FIELD_CHANGE_KIND_REMOVED);
    assertThat(changes.get(0).getOldValueJson()).startsWith("{\"code\":\"FAKE_ORDERS\",");
    assertThat(changes.get(0).getNewValueJson()).isEmpty();
  }

  @Test
  void changedCategoryCapIsReportedAtItsCategoryKeyedPath() {
    List<PolicyFieldChange> changes =
        PolicyDiff.diff(
            caps(1000, cap("beauty", 1500), cap("fashion", 800)),
            caps(1000, cap("beauty", 2000), cap("fashion", 800)));

    assertThat(changes)
        .containsExactly(
            change(
                "commission_caps.category_caps[category=beauty].max_rate_bps",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "1500",
                "2000"));
  }

  @Test
  void tiersAreAddressedByEnumNameAndOrderedByTierNumberWithMoneyComparedWhole() {
    PolicyContent a =
        tiers(
            tier(CreatorTier.CREATOR_TIER_BRONZE, 0),
            tier(CreatorTier.CREATOR_TIER_GOLD, 3_000_000));
    PolicyContent b =
        tiers(
            tier(CreatorTier.CREATOR_TIER_BRONZE, 0),
            tier(CreatorTier.CREATOR_TIER_SILVER, 1_000_000),
            tier(CreatorTier.CREATOR_TIER_GOLD, 5_000_000));

    // SILVER (2) comes before GOLD (3) although "..._GOLD" sorts first alphabetically.
    assertThat(PolicyDiff.diff(a, b))
        .containsExactly(
            change(
                "tier_thresholds.tiers[tier=CREATOR_TIER_SILVER]",
                POLICY_FIELD_CHANGE_KIND_ADDED,
                "",
                "{\"tier\":\"CREATOR_TIER_SILVER\","
                    + "\"minGmv\":{\"amountMinor\":\"1000000\",\"currencyCode\":\"IDR\"}}"),
            change(
                "tier_thresholds.tiers[tier=CREATOR_TIER_GOLD].min_gmv",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "{\"amountMinor\":\"3000000\",\"currencyCode\":\"IDR\"}",
                "{\"amountMinor\":\"5000000\",\"currencyCode\":\"IDR\"}"));
  }

  @Test
  void duplicateKeysInAKeyedListAreRejectedAsNotCanonical() {
    PolicyContent duplicated = catalogue(prohibitedItemSale(3), prohibitedItemSale(6));

    assertThatThrownBy(() -> PolicyDiff.diff(duplicated, catalogue(prohibitedItemSale(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code=PROHIBITED_ITEM_SALE")
        .hasMessageContaining("violation_catalogue.entries");
  }

  // ---------------------------------------------------------------------------------------------
  // Indexed lists, nested leaves, repeated enums
  // ---------------------------------------------------------------------------------------------

  @Test
  void ladderThresholdAddedAtTheEndIsOneAddedChangeAtItsIndex() {
    List<PolicyFieldChange> changes =
        PolicyDiff.diff(
            ladder(threshold(3, 28), threshold(6, 56)),
            ladder(threshold(3, 28), threshold(6, 56), ban(9)));

    assertThat(changes)
        .containsExactly(
            change(
                "standing_model.points_ladder.thresholds[2]",
                POLICY_FIELD_CHANGE_KIND_ADDED,
                "",
                "{\"points\":9,\"consequence\":"
                    + "{\"actionType\":\"ENFORCEMENT_ACTION_TYPE_BAN\",\"permanent\":true}}"));
  }

  @Test
  void ladderThresholdRemovedAtTheEndIsOneRemovedChangeAtItsIndex() {
    List<PolicyFieldChange> changes =
        PolicyDiff.diff(ladder(threshold(3, 28), ban(9)), ladder(threshold(3, 28)));

    assertThat(changes)
        .extracting(PolicyFieldChange::getFieldPath, PolicyFieldChange::getChangeKind)
        .containsExactly(
            tuple("standing_model.points_ladder.thresholds[1]", POLICY_FIELD_CHANGE_KIND_REMOVED));
  }

  @Test
  void durationInsideAnIndexedElementIsALeafPrintedAsProtoJson() {
    List<PolicyFieldChange> changes =
        PolicyDiff.diff(
            ladder(threshold(3, 28), threshold(6, 56)), ladder(threshold(3, 28), threshold(6, 90)));

    assertThat(changes)
        .containsExactly(
            change(
                "standing_model.points_ladder.thresholds[1].consequence.duration",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "\"4838400s\"",
                "\"7776000s\""));
  }

  @Test
  void repeatedEnumFieldIsComparedAsAWholeList() {
    PolicyContent a = catalogue(prohibitedItemSale(3));
    PolicyContent b =
        catalogue(
            prohibitedItemSale(3).toBuilder()
                .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_PRODUCT_LISTING)
                .build());

    assertThat(PolicyDiff.diff(a, b))
        .containsExactly(
            change(
                "violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].applicable_surfaces",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "[\"VIOLATION_SURFACE_LIVE\"]",
                "[\"VIOLATION_SURFACE_LIVE\",\"VIOLATION_SURFACE_PRODUCT_LISTING\"]"));
  }

  @Test
  void emptiedRepeatedEnumFieldIsAChangeToAnEmptyList() {
    PolicyContent a = catalogue(prohibitedItemSale(3));
    PolicyContent b =
        catalogue(prohibitedItemSale(3).toBuilder().clearApplicableSurfaces().build());

    assertThat(PolicyDiff.diff(a, b))
        .containsExactly(
            change(
                "violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].applicable_surfaces",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "[\"VIOLATION_SURFACE_LIVE\"]",
                "[]"));
  }

  @Test
  void stringValuesAreJsonStringsWithEscapes() {
    PolicyContent a = catalogue(prohibitedItemSale(3));
    PolicyContent b =
        catalogue(prohibitedItemSale(3).toBuilder().setTitle("Selling \"banned\" items").build());

    assertThat(PolicyDiff.diff(a, b))
        .containsExactly(
            change(
                "violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].title",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "\"Prohibited item sale\"",
                "\"Selling \\\"banned\\\" items\""));
  }

  @Test
  void unsetImplicitScalarComparesEqualToItsDefault() {
    PolicyContent a = catalogue(prohibitedItemSale(3).toBuilder().setHealthDeduction(0).build());
    PolicyContent b = catalogue(prohibitedItemSale(3).toBuilder().clearHealthDeduction().build());

    assertThat(PolicyDiff.diff(a, b)).isEmpty();
  }

  @Test
  void implicitScalarMovedToItsDefaultIsAChangeToTheDefaultValue() {
    PolicyContent a = catalogue(prohibitedItemSale(3).toBuilder().setHealthDeduction(40).build());
    PolicyContent b = catalogue(prohibitedItemSale(3));

    assertThat(PolicyDiff.diff(a, b))
        .containsExactly(
            change(
                "violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].health_deduction",
                POLICY_FIELD_CHANGE_KIND_CHANGED,
                "40",
                "0"));
  }

  @Test
  void optionalScalarSetOnOneSideOnlyIsAddedOrRemovedEvenWhenZero() {
    PolicyContent unset =
        PolicyContent.newBuilder().setCommissionCaps(CommissionCaps.newBuilder()).build();
    PolicyContent zero = caps(0);

    assertThat(PolicyDiff.diff(unset, zero))
        .containsExactly(
            change(
                "commission_caps.default_max_rate_bps", POLICY_FIELD_CHANGE_KIND_ADDED, "", "0"));
    assertThat(PolicyDiff.diff(caps(1000), unset))
        .containsExactly(
            change(
                "commission_caps.default_max_rate_bps",
                POLICY_FIELD_CHANGE_KIND_REMOVED,
                "1000",
                ""));
  }

  // ---------------------------------------------------------------------------------------------
  // Branches and whole content
  // ---------------------------------------------------------------------------------------------

  @Test
  void contentOnOneSideOnlyIsOneChangeWithAnEmptyPathCarryingTheWholeContent() {
    PolicyContent caps = caps(1000, cap("beauty", 1500));
    String json =
        "{\"commissionCaps\":{\"categoryCaps\":[{\"category\":\"beauty\",\"maxRateBps\":1500}],"
            + "\"defaultMaxRateBps\":1000}}";

    assertThat(PolicyDiff.diff(PolicyContent.getDefaultInstance(), caps))
        .containsExactly(change("", POLICY_FIELD_CHANGE_KIND_ADDED, "", json));
    assertThat(PolicyDiff.diff(caps, PolicyContent.getDefaultInstance()))
        .containsExactly(change("", POLICY_FIELD_CHANGE_KIND_REMOVED, json, ""));
  }

  @Test
  void emptyBranchAgainstNoContentIsStillAWholeContentChange() {
    PolicyContent emptyCatalogue =
        PolicyContent.newBuilder()
            .setViolationCatalogue(ViolationCatalogue.getDefaultInstance())
            .build();

    assertThat(PolicyDiff.diff(PolicyContent.getDefaultInstance(), emptyCatalogue))
        .containsExactly(
            change("", POLICY_FIELD_CHANGE_KIND_ADDED, "", "{\"violationCatalogue\":{}}"));
  }

  @Test
  void differentContentBranchesAreRemovedAndAddedInFieldNumberOrder() {
    PolicyContent capsContent = caps(1000);
    PolicyContent catalogueContent = catalogue(fakeOrders());

    List<PolicyFieldChange> changes = PolicyDiff.diff(capsContent, catalogueContent);

    assertThat(changes)
        .extracting(PolicyFieldChange::getFieldPath, PolicyFieldChange::getChangeKind)
        .containsExactly(
            tuple("violation_catalogue", POLICY_FIELD_CHANGE_KIND_ADDED),
            tuple("commission_caps", POLICY_FIELD_CHANGE_KIND_REMOVED));
    assertThat(changes.get(1).getOldValueJson()).isEqualTo("{\"defaultMaxRateBps\":1000}");
  }

  @Test
  void switchFromPointsLadderToHealthRatingReportsKindAndBothBranches() {
    PolicyContent points = ladder(threshold(3, 28));
    PolicyContent health =
        PolicyContent.newBuilder()
            .setStandingModel(
                StandingModel.newBuilder()
                    .setKind(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING)
                    .setHealthRating(
                        HealthRating.newBuilder()
                            .setMaxScore(1000)
                            .setStartScore(200)
                            .addMilestones(
                                HealthMilestone.newBuilder()
                                    .setScoreAtOrBelow(0)
                                    .setConsequence(ban(0).getConsequence()))))
            .build();

    List<PolicyFieldChange> changes = PolicyDiff.diff(points, health);

    assertThat(changes)
        .extracting(PolicyFieldChange::getFieldPath, PolicyFieldChange::getChangeKind)
        .containsExactly(
            tuple("standing_model.kind", POLICY_FIELD_CHANGE_KIND_CHANGED),
            tuple("standing_model.points_ladder", POLICY_FIELD_CHANGE_KIND_REMOVED),
            tuple("standing_model.health_rating", POLICY_FIELD_CHANGE_KIND_ADDED));
    assertThat(changes.get(0).getOldValueJson()).isEqualTo("\"STANDING_MODEL_KIND_POINTS_LADDER\"");
    assertThat(changes.get(0).getNewValueJson()).isEqualTo("\"STANDING_MODEL_KIND_HEALTH_RATING\"");
    assertThat(changes.get(2).getNewValueJson())
        .isEqualTo(
            "{\"maxScore\":1000,\"startScore\":200,\"milestones\":[{\"consequence\":"
                + "{\"actionType\":\"ENFORCEMENT_ACTION_TYPE_BAN\",\"permanent\":true}}]}");
  }

  // ---------------------------------------------------------------------------------------------
  // Order and determinism
  // ---------------------------------------------------------------------------------------------

  @Test
  void changesComeInSchemaOrderAndEqualInputsGiveEqualOutput() {
    PolicyContent a = catalogue(fakeOrders(), prohibitedItemSale(3));
    PolicyContent b =
        catalogue(
            prohibitedItemSale(6).toBuilder()
                .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_CRITICAL)
                .build(),
            spamLinks());

    List<PolicyFieldChange> first = PolicyDiff.diff(a, b);
    List<PolicyFieldChange> second = PolicyDiff.diff(a, b);

    assertThat(first)
        .extracting(PolicyFieldChange::getFieldPath)
        .containsExactly(
            "violation_catalogue.entries[code=FAKE_ORDERS]",
            "violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].severity",
            "violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].points",
            "violation_catalogue.entries[code=SPAM_LINKS]");
    assertThat(second).isEqualTo(first);
  }

  // ---------------------------------------------------------------------------------------------
  // Fixtures
  // ---------------------------------------------------------------------------------------------

  private static PolicyFieldChange change(
      String path, PolicyFieldChangeKind kind, String oldJson, String newJson) {
    return PolicyFieldChange.newBuilder()
        .setFieldPath(path)
        .setChangeKind(kind)
        .setOldValueJson(oldJson)
        .setNewValueJson(newJson)
        .build();
  }

  private static PolicyContent catalogue(ViolationCatalogueEntry... entries) {
    return PolicyContent.newBuilder()
        .setViolationCatalogue(ViolationCatalogue.newBuilder().addAllEntries(List.of(entries)))
        .build();
  }

  private static ViolationCatalogueEntry prohibitedItemSale(int points) {
    return ViolationCatalogueEntry.newBuilder()
        .setCode("PROHIBITED_ITEM_SALE")
        .setTitle("Prohibited item sale")
        .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_HIGH)
        .setPoints(points)
        .setDefaultConsequence(
            EnforcementConsequence.newBuilder()
                .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION)
                .addRestrictionTypes(RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED)
                .setDuration(days(7)))
        .setStatementOfReasonsTemplate("{{violation_title}} in {{market}}")
        .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
        .build();
  }

  private static ViolationCatalogueEntry fakeOrders() {
    return ViolationCatalogueEntry.newBuilder()
        .setCode("FAKE_ORDERS")
        .setTitle("Fake orders")
        .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_MEDIUM)
        .setPoints(2)
        .setDefaultConsequence(
            EnforcementConsequence.newBuilder()
                .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING))
        .setStatementOfReasonsTemplate("Fake orders by {{creator_handle}}")
        .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_ORDER)
        .build();
  }

  private static ViolationCatalogueEntry spamLinks() {
    return fakeOrders().toBuilder().setCode("SPAM_LINKS").setTitle("Spam links").build();
  }

  private static PolicyContent caps(int defaultMaxRateBps, CategoryCommissionCap... caps) {
    return PolicyContent.newBuilder()
        .setCommissionCaps(
            CommissionCaps.newBuilder()
                .addAllCategoryCaps(List.of(caps))
                .setDefaultMaxRateBps(defaultMaxRateBps))
        .build();
  }

  private static CategoryCommissionCap cap(String category, int maxRateBps) {
    return CategoryCommissionCap.newBuilder()
        .setCategory(category)
        .setMaxRateBps(maxRateBps)
        .build();
  }

  private static PolicyContent tiers(TierThreshold... tiers) {
    return PolicyContent.newBuilder()
        .setTierThresholds(
            TierThresholds.newBuilder().addAllTiers(List.of(tiers)).setEvaluationPeriod(days(30)))
        .build();
  }

  private static TierThreshold tier(CreatorTier tier, long minGmvMinor) {
    TierThreshold.Builder t = TierThreshold.newBuilder().setTier(tier);
    if (minGmvMinor > 0) {
      t.setMinGmv(Money.newBuilder().setAmountMinor(minGmvMinor).setCurrencyCode("IDR"));
    }
    return t.build();
  }

  private static PolicyContent ladder(LadderThreshold... thresholds) {
    return PolicyContent.newBuilder()
        .setStandingModel(
            StandingModel.newBuilder()
                .setKind(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER)
                .setPointsLadder(
                    PointsLadder.newBuilder()
                        .setRollingWindow(days(90))
                        .addAllThresholds(List.of(thresholds))))
        .build();
  }

  private static LadderThreshold threshold(int points, int restrictionDays) {
    return LadderThreshold.newBuilder()
        .setPoints(points)
        .setConsequence(
            EnforcementConsequence.newBuilder()
                .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION)
                .addRestrictionTypes(RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED)
                .setDuration(days(restrictionDays)))
        .build();
  }

  private static LadderThreshold ban(int points) {
    return LadderThreshold.newBuilder()
        .setPoints(points)
        .setConsequence(
            EnforcementConsequence.newBuilder()
                .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_BAN)
                .setPermanent(true))
        .build();
  }

  private static Duration days(int days) {
    return Duration.newBuilder().setSeconds(days * DAY).build();
  }
}
