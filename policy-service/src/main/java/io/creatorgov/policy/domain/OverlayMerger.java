package io.creatorgov.policy.domain;

import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.CommissionCaps;
import io.creatorgov.policy.v1.EnforcementConsequence;
import io.creatorgov.policy.v1.HealthMilestone;
import io.creatorgov.policy.v1.IncentiveEligibilityDefaults;
import io.creatorgov.policy.v1.LadderThreshold;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.OnboardingRequirements;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.RepeatOffenceRule;
import io.creatorgov.policy.v1.StandingModel;
import io.creatorgov.policy.v1.TierThresholds;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Applies a market overlay to base rules and brings content into its canonical form, so equal rules
 * are equal bytes (and equal content hashes).
 *
 * <p>Merge rules (documented on {@code MarketOverlay}): for keyed lists — catalogue entries by
 * {@code code}, commission caps by {@code category}, tiers by {@code tier} — entries named in
 * {@code removed_keys} are dropped, then overlay entries replace base entries with the same key or
 * are added, then the list is sorted by key; single settings of those kinds ({@code
 * default_max_rate_bps}, {@code evaluation_period}) are replaced only when the overlay sets them.
 * For the other kinds (standing model, appeal rules, onboarding, incentive defaults) an overlay
 * with content replaces the base wholesale.
 */
public final class OverlayMerger {
  private OverlayMerger() {}

  /** The content in force in the overlay's market: base ⊕ overlay, canonical. */
  public static PolicyContent merge(PolicyContent base, MarketOverlay overlay) {
    if (overlay == null) {
      return canonical(base);
    }
    PolicyContent over = overlay.getContent();
    Set<String> removed = new TreeSet<>(overlay.getRemovedKeysList());
    PolicyContent merged =
        switch (base.getContentCase()) {
          case VIOLATION_CATALOGUE ->
              PolicyContent.newBuilder()
                  .setViolationCatalogue(
                      ViolationCatalogue.newBuilder()
                          .addAllEntries(
                              mergeKeyed(
                                  base.getViolationCatalogue().getEntriesList(),
                                  over.hasViolationCatalogue()
                                      ? over.getViolationCatalogue().getEntriesList()
                                      : List.of(),
                                  removed,
                                  ViolationCatalogueEntry::getCode)))
                  .build();
          case COMMISSION_CAPS -> {
            CommissionCaps.Builder caps =
                CommissionCaps.newBuilder()
                    .addAllCategoryCaps(
                        mergeKeyed(
                            base.getCommissionCaps().getCategoryCapsList(),
                            over.hasCommissionCaps()
                                ? over.getCommissionCaps().getCategoryCapsList()
                                : List.of(),
                            removed,
                            CategoryCommissionCap::getCategory));
            if (over.hasCommissionCaps() && over.getCommissionCaps().hasDefaultMaxRateBps()) {
              caps.setDefaultMaxRateBps(over.getCommissionCaps().getDefaultMaxRateBps());
            } else if (base.getCommissionCaps().hasDefaultMaxRateBps()) {
              caps.setDefaultMaxRateBps(base.getCommissionCaps().getDefaultMaxRateBps());
            }
            yield PolicyContent.newBuilder().setCommissionCaps(caps).build();
          }
          case TIER_THRESHOLDS -> {
            TierThresholds.Builder tiers =
                TierThresholds.newBuilder()
                    .addAllTiers(
                        mergeKeyed(
                            base.getTierThresholds().getTiersList(),
                            over.hasTierThresholds()
                                ? over.getTierThresholds().getTiersList()
                                : List.of(),
                            removed,
                            t -> t.getTier().name()));
            if (over.hasTierThresholds() && over.getTierThresholds().hasEvaluationPeriod()) {
              tiers.setEvaluationPeriod(over.getTierThresholds().getEvaluationPeriod());
            } else if (base.getTierThresholds().hasEvaluationPeriod()) {
              tiers.setEvaluationPeriod(base.getTierThresholds().getEvaluationPeriod());
            }
            yield PolicyContent.newBuilder().setTierThresholds(tiers).build();
          }
          default ->
              over.getContentCase() == PolicyContent.ContentCase.CONTENT_NOT_SET ? base : over;
        };
    return canonical(merged);
  }

  /** Canonical form: keyed lists sorted by key, repeated enums sorted and de-duplicated. */
  public static PolicyContent canonical(PolicyContent content) {
    return switch (content.getContentCase()) {
      case VIOLATION_CATALOGUE ->
          content.toBuilder()
              .setViolationCatalogue(
                  ViolationCatalogue.newBuilder()
                      .addAllEntries(
                          sorted(
                              content.getViolationCatalogue().getEntriesList().stream()
                                  .map(OverlayMerger::canonicalEntry)
                                  .toList(),
                              ViolationCatalogueEntry::getCode)))
              .build();
      case COMMISSION_CAPS ->
          content.toBuilder()
              .setCommissionCaps(
                  content.getCommissionCaps().toBuilder()
                      .clearCategoryCaps()
                      .addAllCategoryCaps(
                          sorted(
                              content.getCommissionCaps().getCategoryCapsList(),
                              CategoryCommissionCap::getCategory)))
              .build();
      case TIER_THRESHOLDS ->
          content.toBuilder()
              .setTierThresholds(
                  content.getTierThresholds().toBuilder()
                      .clearTiers()
                      .addAllTiers(
                          content.getTierThresholds().getTiersList().stream()
                              .sorted(Comparator.comparingInt(t -> t.getTierValue()))
                              .toList()))
              .build();
      case STANDING_MODEL ->
          content.toBuilder()
              .setStandingModel(canonicalStanding(content.getStandingModel()))
              .build();
      case ONBOARDING_REQUIREMENTS -> {
        OnboardingRequirements o = content.getOnboardingRequirements();
        yield content.toBuilder()
            .setOnboardingRequirements(
                o.toBuilder()
                    .clearAcknowledgementPolicyKeys()
                    .addAllAcknowledgementPolicyKeys(
                        new TreeSet<>(o.getAcknowledgementPolicyKeysList()))
                    .clearProhibitedPaymentPractices()
                    .addAllProhibitedPaymentPracticesValue(
                        sortedNumbers(o.getProhibitedPaymentPracticesValueList())))
            .build();
      }
      case INCENTIVE_ELIGIBILITY_DEFAULTS -> {
        IncentiveEligibilityDefaults d = content.getIncentiveEligibilityDefaults();
        yield content.toBuilder()
            .setIncentiveEligibilityDefaults(
                d.toBuilder()
                    .clearAllowedStatuses()
                    .addAllAllowedStatusesValue(sortedNumbers(d.getAllowedStatusesValueList())))
            .build();
      }
      default -> content;
    };
  }

  private static StandingModel canonicalStanding(StandingModel model) {
    StandingModel.Builder b = model.toBuilder();
    switch (model.getModelCase()) {
      case POINTS_LADDER -> {
        b.setKind(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER);
        List<LadderThreshold> thresholds = new ArrayList<>();
        for (LadderThreshold t : model.getPointsLadder().getThresholdsList()) {
          thresholds.add(
              t.toBuilder().setConsequence(canonicalConsequence(t.getConsequence())).build());
        }
        thresholds.sort(Comparator.comparingInt(LadderThreshold::getPoints));
        b.setPointsLadder(
            model.getPointsLadder().toBuilder().clearThresholds().addAllThresholds(thresholds));
      }
      case HEALTH_RATING -> {
        b.setKind(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING);
        List<HealthMilestone> milestones = new ArrayList<>();
        for (HealthMilestone m : model.getHealthRating().getMilestonesList()) {
          milestones.add(
              m.toBuilder().setConsequence(canonicalConsequence(m.getConsequence())).build());
        }
        milestones.sort(Comparator.comparingInt(HealthMilestone::getScoreAtOrBelow).reversed());
        b.setHealthRating(
            model.getHealthRating().toBuilder().clearMilestones().addAllMilestones(milestones));
      }
      default -> b.setKind(StandingModelKind.STANDING_MODEL_KIND_UNSPECIFIED);
    }
    List<RepeatOffenceRule> rules = new ArrayList<>();
    for (RepeatOffenceRule r : model.getRepeatOffenceRulesList()) {
      rules.add(r.toBuilder().setEscalation(canonicalConsequence(r.getEscalation())).build());
    }
    b.clearRepeatOffenceRules().addAllRepeatOffenceRules(rules);
    return b.build();
  }

  private static ViolationCatalogueEntry canonicalEntry(ViolationCatalogueEntry e) {
    return e.toBuilder()
        .setDefaultConsequence(canonicalConsequence(e.getDefaultConsequence()))
        .clearApplicableSurfaces()
        .addAllApplicableSurfacesValue(sortedNumbers(e.getApplicableSurfacesValueList()))
        .build();
  }

  private static EnforcementConsequence canonicalConsequence(EnforcementConsequence c) {
    return c.toBuilder()
        .clearRestrictionTypes()
        .addAllRestrictionTypesValue(sortedNumbers(c.getRestrictionTypesValueList()))
        .build();
  }

  private static <T> List<T> mergeKeyed(
      List<T> base, List<T> overlay, Set<String> removed, Function<T, String> key) {
    Map<String, T> byKey = new TreeMap<>();
    for (T item : base) {
      if (!removed.contains(key.apply(item))) {
        byKey.put(key.apply(item), item);
      }
    }
    for (T item : overlay) {
      byKey.put(key.apply(item), item);
    }
    return new ArrayList<>(byKey.values());
  }

  private static <T> List<T> sorted(List<T> items, Function<T, String> key) {
    return items.stream().sorted(Comparator.comparing(key)).toList();
  }

  /**
   * Enum numbers sorted ascending without duplicates. Works on numbers, not enum constants, so a
   * value this build does not know (UNRECOGNIZED) is kept in order instead of throwing; the
   * validator reports it as a field violation.
   */
  private static List<Integer> sortedNumbers(List<Integer> values) {
    return new ArrayList<>(new TreeSet<>(values));
  }
}
