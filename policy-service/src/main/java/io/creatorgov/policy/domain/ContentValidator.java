package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.text;

import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyContent.ContentCase;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates the typed rule content of policy versions (the rules are documented on {@code
 * PolicyContent} and {@code MarketOverlay} in the v1 contract) and reports every problem as a field
 * violation whose path and description tell the caller what to fix.
 *
 * <p>This is the entry point: it checks a version's shape and overlays and hands each content to
 * the rules of its kind ({@link CatalogueRules}, {@link StandingModelRules}, {@link
 * AppealRulesRules}, {@link OnboardingRules}, {@link CommissionCapsRules}, {@link
 * TierThresholdRules}, {@link EligibilityDefaultsRules}).
 *
 * <p>Content is checked in one of three scopes ({@link ContentScope}): base content (complete, no
 * money), an overlay's own content (partial for keyed-list kinds, money allowed) and a market's
 * resolved content (complete, money in the market's currency). In {@link #validate}, overlay
 * entries are checked where they were written ({@code overlays[i].content…}); each market's merged
 * result ({@code resolved[<MARKET>]…}) is then checked only for what depends on the combination —
 * required settings, the BRONZE floor, tier ordering, the currency of {@code min_gmv} — and a
 * problem the base content already reports is not repeated for every market.
 */
public final class ContentValidator {
  private final OverlayRules overlayRules;
  private final TierThresholdRules tierRules;

  public ContentValidator(MarketRegistry markets) {
    this.overlayRules = new OverlayRules(markets);
    this.tierRules = new TierThresholdRules(markets);
  }

  /**
   * Every problem of a version's content for a policy of {@code kind}, as field violations with
   * full request paths starting at {@code prefix} (e.g. "policy_version" → {@code
   * policy_version.base_content.violation_catalogue.entries[2].points}, {@code
   * policy_version.overlays[1].market}, and for a market's merged result {@code
   * policy_version.resolved[VN].…}). With {@code forPublish} false (saving a DRAFT) an empty base
   * content is allowed; with true it is required. Everything present is always validated.
   */
  public List<FieldViolation> validate(
      PolicyKind kind, PolicyVersion version, String prefix, boolean forPublish) {
    ContentCase branch = branchOf(kind);
    Violations v = new Violations();
    text(v, version.getChangeSummary(), at(prefix, "change_summary"), 0, 2_000);
    PolicyContent base = version.getBaseContent();
    List<FieldViolation> baseProblems = List.of();
    if (base.getContentCase() != ContentCase.CONTENT_NOT_SET) {
      baseProblems = scoped(kind, base, at(prefix, "base_content"), ContentScope.BASE, null);
      v.addAll(baseProblems);
    } else if (forPublish) {
      v.add(
          at(prefix, "base_content"),
          "required to approve or publish: set base_content." + fieldName(branch));
    }
    PolicyContent mergeBase = base.getContentCase() == branch ? base : null;
    Set<String> reportedOnBase = new HashSet<>();
    baseProblems.forEach(p -> reportedOnBase.add(p.description()));

    Map<String, Integer> firstOverlay = new HashMap<>();
    for (int i = 0; i < version.getOverlaysCount(); i++) {
      MarketOverlay overlay = version.getOverlays(i);
      String path = at(prefix, "overlays[" + i + "]");
      boolean marketOk = overlayRules.market(overlay.getMarket(), path, i, firstOverlay, v);
      boolean mergeable = overlay(kind, overlay, path, mergeBase, v);
      if (marketOk && mergeable && mergeBase != null) {
        Violations resolved = new Violations();
        combination(
            OverlayMerger.merge(mergeBase, overlay),
            at(prefix, "resolved[" + overlay.getMarket() + "]"),
            overlay.getMarket(),
            resolved);
        v.addAll(
            resolved.list().stream()
                .filter(p -> !reportedOnBase.contains(p.description()))
                .toList());
      }
    }
    return v.list();
  }

  /**
   * Just one PolicyContent, e.g. for overlays' content or a merged result; {@code market} null for
   * base content. With a market, the content is checked as that market's complete resolved content.
   */
  public List<FieldViolation> validateContent(
      PolicyKind kind, PolicyContent content, String path, String market) {
    ContentScope scope = market == null ? ContentScope.BASE : ContentScope.RESOLVED;
    return scoped(kind, content, path, scope, market);
  }

  /** Checks content of the kind's case and hands it to that kind's rules. */
  private List<FieldViolation> scoped(
      PolicyKind kind, PolicyContent content, String path, ContentScope scope, String market) {
    Violations v = new Violations();
    ContentCase branch = branchOf(kind);
    if (content.getContentCase() == ContentCase.CONTENT_NOT_SET) {
      v.add(path, "required: set %s for a %s policy".formatted(fieldName(branch), kind.name()));
      return v.list();
    }
    if (content.getContentCase() != branch) {
      v.add(
          at(path, fieldName(content.getContentCase())),
          "wrong content kind: a %s policy holds %s".formatted(kind.name(), fieldName(branch)));
      return v.list();
    }
    String p = at(path, fieldName(branch));
    switch (branch) {
      case VIOLATION_CATALOGUE -> CatalogueRules.check(content.getViolationCatalogue(), p, v);
      case STANDING_MODEL -> StandingModelRules.check(content.getStandingModel(), p, v);
      case APPEAL_RULES -> AppealRulesRules.check(content.getAppealRules(), p, v);
      case ONBOARDING_REQUIREMENTS ->
          OnboardingRules.check(content.getOnboardingRequirements(), p, v);
      case COMMISSION_CAPS -> CommissionCapsRules.check(content.getCommissionCaps(), p, scope, v);
      case TIER_THRESHOLDS -> tierRules.check(content.getTierThresholds(), p, scope, market, v);
      case INCENTIVE_ELIGIBILITY_DEFAULTS ->
          EligibilityDefaultsRules.check(content.getIncentiveEligibilityDefaults(), p, v);
      default -> throw new IllegalStateException("unhandled content " + branch);
    }
    return v.list();
  }

  /** Checks an overlay's shape and own content; true when it is to be merged onto the base. */
  private boolean overlay(
      PolicyKind kind, MarketOverlay overlay, String path, PolicyContent base, Violations v) {
    text(v, overlay.getRationale(), at(path, "rationale"), 0, 2_000);
    PolicyContent content = overlay.getContent();
    boolean hasContent = content.getContentCase() != ContentCase.CONTENT_NOT_SET;
    if (overlay.getExcluded()) {
      if (hasContent) {
        v.add(at(path, "content"), "must be empty when excluded is true");
      }
      if (overlay.getRemovedKeysCount() > 0) {
        v.add(at(path, "removed_keys"), "must be empty when excluded is true");
      }
      return false;
    }
    if (hasContent) {
      v.addAll(
          scoped(kind, content, at(path, "content"), ContentScope.OVERLAY, overlay.getMarket()));
    } else if (overlay.getRemovedKeysCount() == 0) {
      v.add(at(path, "content"), "required: set content or removed_keys, or excluded = true");
    }
    boolean matches = !hasContent || content.getContentCase() == branchOf(kind);
    if (overlay.getRemovedKeysCount() > 0) {
      OverlayRules.removedKeys(
          kind, overlay, at(path, "removed_keys"), matches ? content : null, base, v);
    }
    return matches;
  }

  /** Checks that depend on a market's whole resolved content rather than on single entries. */
  private void combination(PolicyContent merged, String path, String market, Violations v) {
    switch (merged.getContentCase()) {
      case COMMISSION_CAPS ->
          CommissionCapsRules.complete(merged.getCommissionCaps(), at(path, "commission_caps"), v);
      case TIER_THRESHOLDS ->
          tierRules.complete(merged.getTierThresholds(), at(path, "tier_thresholds"), market, v);
      default -> {
        // Entries and singular content were validated where they were written.
      }
    }
  }

  private static ContentCase branchOf(PolicyKind kind) {
    return switch (kind) {
      case POLICY_KIND_VIOLATION_CATALOGUE -> ContentCase.VIOLATION_CATALOGUE;
      case POLICY_KIND_STANDING_MODEL -> ContentCase.STANDING_MODEL;
      case POLICY_KIND_APPEAL_RULES -> ContentCase.APPEAL_RULES;
      case POLICY_KIND_ONBOARDING_REQUIREMENTS -> ContentCase.ONBOARDING_REQUIREMENTS;
      case POLICY_KIND_COMMISSION_CAPS -> ContentCase.COMMISSION_CAPS;
      case POLICY_KIND_TIER_THRESHOLDS -> ContentCase.TIER_THRESHOLDS;
      case POLICY_KIND_INCENTIVE_ELIGIBILITY_DEFAULTS -> ContentCase.INCENTIVE_ELIGIBILITY_DEFAULTS;
      default -> throw new IllegalArgumentException("a policy kind is required, got " + kind);
    };
  }

  private static String fieldName(ContentCase branch) {
    return branch.name().toLowerCase(Locale.ROOT);
  }
}
