package io.creatorgov.policy.domain;

import com.google.protobuf.Duration;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.GroundType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ViolationCategory;
import io.creatorgov.common.v1.ViolationSeverity;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
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
import io.creatorgov.policy.v1.PolicyContent.ContentCase;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.RepeatOffenceRule;
import io.creatorgov.policy.v1.StandingModel;
import io.creatorgov.policy.v1.TaxIdFormat;
import io.creatorgov.policy.v1.TierThreshold;
import io.creatorgov.policy.v1.TierThresholds;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import io.creatorgov.policy.v1.ViolationSurface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates the typed rule content of policy versions (the rules are documented on {@code
 * PolicyContent} and {@code MarketOverlay} in the v1 contract) and reports every problem as a field
 * violation whose path and description tell the caller what to fix.
 *
 * <p>Content is checked in one of three scopes: base content (complete, no money), an overlay's own
 * content (partial for keyed-list kinds, money allowed) and a market's resolved content (complete,
 * money in the market's currency). In {@link #validate}, overlay entries are checked where they
 * were written ({@code overlays[i].content…}); each market's merged result ({@code
 * resolved[<MARKET>]…}) is then checked only for what depends on the combination — required
 * settings, the BRONZE floor, tier ordering, the currency of {@code min_gmv} — and a problem the
 * base content already reports is not repeated for every market.
 */
public final class ContentValidator {
  private static final Pattern VIOLATION_CODE = Pattern.compile("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$");
  private static final Pattern POLICY_KEY = Pattern.compile("^[a-z0-9-]+(\\.[a-z0-9-]+)+$");
  private static final Pattern CATEGORY = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
  private static final Pattern TAX_SCHEME = Pattern.compile("^[A-Z0-9_]{2,32}$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
  private static final List<String> PLACEHOLDERS =
      List.of(
          ("creator_handle violation_code violation_title observed_time action_type"
                  + " restriction_types end_time policy_key policy_version market evidence_summary"
                  + " appeal_deadline")
              .split(" "));
  private static final long DAY = 86_400;
  private static final int MAX_BPS = 10_000;
  private static final int MAX_SCORE = 1_000;
  private static final String[] TIER_MINIMUMS = {
    "min_gmv", "min_live_duration", "min_orders", "min_quality_score"
  };

  /** Where content sits (see the class comment): base, an overlay's own, or a market's resolved. */
  private enum Scope {
    BASE,
    OVERLAY,
    RESOLVED
  }

  private final MarketRegistry markets;

  public ContentValidator(MarketRegistry markets) {
    this.markets = markets;
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
      baseProblems = scoped(kind, base, at(prefix, "base_content"), Scope.BASE, null);
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
      boolean marketOk = overlayMarket(overlay.getMarket(), path, i, firstOverlay, v);
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
    return scoped(kind, content, path, market == null ? Scope.BASE : Scope.RESOLVED, market);
  }

  private List<FieldViolation> scoped(
      PolicyKind kind, PolicyContent content, String path, Scope scope, String market) {
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
      case VIOLATION_CATALOGUE -> catalogue(content.getViolationCatalogue(), p, v);
      case STANDING_MODEL -> standingModel(content.getStandingModel(), p, v);
      case APPEAL_RULES -> {
        var rules = content.getAppealRules();
        days(v, rules.hasAppealWindow(), rules.getAppealWindow(), at(p, "appeal_window"), 730);
      }
      case ONBOARDING_REQUIREMENTS -> onboarding(content.getOnboardingRequirements(), p, v);
      case COMMISSION_CAPS -> commissionCaps(content.getCommissionCaps(), p, scope, v);
      case TIER_THRESHOLDS -> tierThresholds(content.getTierThresholds(), p, scope, market, v);
      case INCENTIVE_ELIGIBILITY_DEFAULTS ->
          incentiveDefaults(content.getIncentiveEligibilityDefaults(), p, v);
      default -> throw new IllegalStateException("unhandled content " + branch);
    }
    return v.list();
  }

  // --- Overlays ---

  /** Checks an overlay's market; true when it is enabled and this is its first overlay. */
  private boolean overlayMarket(
      String market, String path, int index, Map<String, Integer> firstOverlay, Violations v) {
    Optional<FieldViolation> problem = markets.check(market, at(path, "market"));
    v.addAll(problem.stream().toList());
    Integer first = market.isEmpty() ? null : firstOverlay.putIfAbsent(market, index);
    if (first != null) {
      v.add(
          at(path, "market"),
          "duplicate overlay for %s (also overlays[%d]): put all of a market's changes in one"
              .formatted(market, first));
    }
    return problem.isEmpty() && first == null;
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
      v.addAll(scoped(kind, content, at(path, "content"), Scope.OVERLAY, overlay.getMarket()));
    } else if (overlay.getRemovedKeysCount() == 0) {
      v.add(at(path, "content"), "required: set content or removed_keys, or excluded = true");
    }
    boolean matches = !hasContent || content.getContentCase() == branchOf(kind);
    if (overlay.getRemovedKeysCount() > 0) {
      removedKeys(kind, overlay, at(path, "removed_keys"), matches ? content : null, base, v);
    }
    return matches;
  }

  private static void removedKeys(
      PolicyKind kind,
      MarketOverlay overlay,
      String p,
      PolicyContent content,
      PolicyContent base,
      Violations v) {
    if (!isKeyed(kind)) {
      v.add(p, "must be empty: a %s overlay's content replaces the base".formatted(kind.name()));
      return;
    }
    maxCount(v, overlay.getRemovedKeysCount(), p, 500, "removed keys");
    Set<String> replaced = content == null ? Set.of() : keys(content);
    Set<String> baseKeys = base == null ? null : keys(base);
    for (int j = 0; j < overlay.getRemovedKeysCount(); j++) {
      String key = overlay.getRemovedKeys(j);
      if (replaced.contains(key)) {
        v.add(p + "[" + j + "]", "'%s' is also in content: keep it in one of them".formatted(key));
      } else if (baseKeys != null && !baseKeys.contains(key)) {
        String hint =
            kind == PolicyKind.POLICY_KIND_TIER_THRESHOLDS
                ? " (tiers by enum value name, e.g. CREATOR_TIER_PLATINUM)"
                : "";
        v.add(p + "[" + j + "]", "base content has no entry '%s'%s".formatted(key, hint));
      }
    }
  }

  /** Checks that depend on a market's whole resolved content rather than on single entries. */
  private void combination(PolicyContent merged, String path, String market, Violations v) {
    switch (merged.getContentCase()) {
      case COMMISSION_CAPS ->
          defaultCapPresent(merged.getCommissionCaps(), at(path, "commission_caps"), v);
      case TIER_THRESHOLDS ->
          tiersComplete(merged.getTierThresholds(), at(path, "tier_thresholds"), market, v);
      default -> {
        // Entries and singular content were validated where they were written.
      }
    }
  }

  // --- Enforcement consequences (catalogue, ladder, milestones, repeat-offence rules) ---

  private static void consequence(
      EnforcementConsequence c, boolean present, String p, Violations v) {
    if (!present) {
      v.add(p, "required: an enforcement consequence with an action_type");
      return;
    }
    EnforcementActionType type = c.getActionType();
    if (!known(type, EnforcementActionType.ENFORCEMENT_ACTION_TYPE_UNSPECIFIED)) {
      v.add(at(p, "action_type"), "required: an action type, e.g. ENFORCEMENT_ACTION_TYPE_WARNING");
    }
    Set<RestrictionType> seen = EnumSet.noneOf(RestrictionType.class);
    for (int j = 0; j < c.getRestrictionTypesCount(); j++) {
      RestrictionType r = c.getRestrictionTypes(j);
      String rp = at(p, "restriction_types[" + j + "]");
      if (!known(r, RestrictionType.RESTRICTION_TYPE_UNSPECIFIED)) {
        v.add(rp, "must be a restriction type, e.g. RESTRICTION_TYPE_LIVE_DISABLED");
      } else if (!seen.add(r)) {
        v.add(rp, "duplicate %s: list each restriction type once".formatted(r.name()));
      }
    }
    boolean timed = c.hasDuration();
    boolean permanent = c.getPermanent();
    Duration d = c.getDuration();
    if (timed && (d.getNanos() != 0 || d.getSeconds() < 3_600 || d.getSeconds() > 3_650 * DAY)) {
      v.add(at(p, "duration"), "must be whole seconds, 3600s to 3,650 days, got " + show(d));
    }
    String name = shortName(type);
    switch (type) {
      case ENFORCEMENT_ACTION_TYPE_WARNING, ENFORCEMENT_ACTION_TYPE_CONTENT_REMOVAL -> {
        forbid(v, c.getRestrictionTypesCount() > 0, at(p, "restriction_types"), "be empty", name);
        forbid(v, timed, at(p, "duration"), "be unset", name);
        forbid(v, permanent, at(p, "permanent"), "be false", name);
      }
      case ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION,
          ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION,
          ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE -> {
        RestrictionType needed = requiredRestriction(type);
        if (!c.getRestrictionTypesList().contains(needed)) {
          v.add(at(p, "restriction_types"), "%s must include %s".formatted(name, needed.name()));
        }
        if (timed && permanent) {
          v.add(at(p, "permanent"), "permanent and duration are mutually exclusive: clear one");
        } else if (!timed && !permanent) {
          v.add(
              at(p, "duration"),
              "required: %s needs a duration or permanent = true".formatted(name));
        }
      }
      case ENFORCEMENT_ACTION_TYPE_SUSPENSION -> {
        if (permanent) {
          v.add(at(p, "permanent"), "must be false: a SUSPENSION always ends (BAN is permanent)");
        }
        if (!timed) {
          v.add(at(p, "duration"), "required: a SUSPENSION needs a duration");
        }
      }
      case ENFORCEMENT_ACTION_TYPE_BAN -> {
        if (!permanent) {
          v.add(at(p, "permanent"), "must be true: a BAN is permanent");
        }
        if (timed) {
          v.add(at(p, "duration"), "must be unset: a BAN is permanent and has no duration");
        }
      }
      default -> {
        // Unspecified or unknown action type: already reported.
      }
    }
  }

  /** Reports {@code path} as "must <what> for <action>" when {@code set}. */
  private static void forbid(Violations v, boolean set, String path, String what, String action) {
    if (set) {
      v.add(path, "must %s for %s".formatted(what, action));
    }
  }

  private static RestrictionType requiredRestriction(EnforcementActionType type) {
    return switch (type) {
      case ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION ->
          RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED;
      case ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION ->
          RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED;
      default -> RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN;
    };
  }

  /** True when {@code later}'s action is less severe than {@code earlier}'s (both known). */
  private static boolean milder(EnforcementConsequence later, EnforcementConsequence earlier) {
    EnforcementActionType unspecified = EnforcementActionType.ENFORCEMENT_ACTION_TYPE_UNSPECIFIED;
    return known(later.getActionType(), unspecified)
        && known(earlier.getActionType(), unspecified)
        && later.getActionType().getNumber() < earlier.getActionType().getNumber();
  }

  // --- Violation catalogue ---

  private static void catalogue(ViolationCatalogue catalogue, String p, Violations v) {
    maxCount(v, catalogue.getEntriesCount(), at(p, "entries"), 500, "entries");
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < catalogue.getEntriesCount(); i++) {
      ViolationCatalogueEntry e = catalogue.getEntries(i);
      String ep = at(p, "entries[" + i + "]");
      violationCode(e.getCode(), at(ep, "code"), false, v);
      Integer first = e.getCode().isEmpty() ? null : seen.putIfAbsent(e.getCode(), i);
      if (first != null) {
        v.add(
            at(ep, "code"),
            "duplicate code '%s' (also entries[%d]): codes must be unique"
                .formatted(e.getCode(), first));
      }
      text(v, e.getTitle(), at(ep, "title"), 1, 200);
      text(v, e.getDescription(), at(ep, "description"), 0, 4_000);
      if (!known(e.getSeverity(), ViolationSeverity.VIOLATION_SEVERITY_UNSPECIFIED)) {
        v.add(at(ep, "severity"), "required: VIOLATION_SEVERITY_LOW, _MEDIUM, _HIGH or _CRITICAL");
      }
      range(v, e.getPoints(), at(ep, "points"), 0, 1_000);
      range(v, e.getHealthDeduction(), at(ep, "health_deduction"), 0, 1_000);
      consequence(
          e.getDefaultConsequence(), e.hasDefaultConsequence(), at(ep, "default_consequence"), v);
      reasonsTemplate(
          e.getStatementOfReasonsTemplate(), at(ep, "statement_of_reasons_template"), v);
      if (e.getApplicableSurfacesCount() == 0) {
        v.add(at(ep, "applicable_surfaces"), "required: at least one, e.g. VIOLATION_SURFACE_LIVE");
      }
      if (!known(e.getGroundType(), GroundType.GROUND_TYPE_UNSPECIFIED)) {
        v.add(
            at(ep, "ground_type"),
            "required: GROUND_TYPE_INCOMPATIBLE_WITH_TERMS or GROUND_TYPE_ILLEGAL_CONTENT");
      }
      text(v, e.getLegalReference(), at(ep, "legal_reference"), 1, 500);
      if (!known(e.getCategory(), ViolationCategory.VIOLATION_CATEGORY_UNSPECIFIED)) {
        v.add(
            at(ep, "category"),
            "required: a ViolationCategory, e.g. VIOLATION_CATEGORY_SCAMS_AND_FRAUD");
      }
      for (int j = 0; j < e.getApplicableSurfacesCount(); j++) {
        if (!known(e.getApplicableSurfaces(j), ViolationSurface.VIOLATION_SURFACE_UNSPECIFIED)) {
          v.add(at(ep, "applicable_surfaces[" + j + "]"), "must be a surface, not UNSPECIFIED");
        }
      }
    }
  }

  private static void violationCode(String code, String path, boolean wildcard, Violations v) {
    String expected =
        "an UPPER_SNAKE_CASE code of 2–64 characters matching " + VIOLATION_CODE.pattern();
    if (wildcard) {
      expected += ", or * for any code";
    }
    if (code.isEmpty()) {
      v.add(path, "required: " + expected);
    } else if (!(wildcard && code.equals("*"))
        && (code.length() < 2 || code.length() > 64 || !VIOLATION_CODE.matcher(code).matches())) {
      v.add(path, "must be %s, got '%s'".formatted(expected, code));
    }
  }

  private static void reasonsTemplate(String template, String path, Violations v) {
    if (!text(v, template, path, 1, 8_000)) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    int end = 0;
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        v.add(
            path,
            "unknown placeholder {{%s}}; allowed: %s"
                .formatted(m.group(1), String.join(", ", PLACEHOLDERS)));
      }
      end = m.end();
    }
    if (template.indexOf("{{", end) >= 0) {
      v.add(
          path,
          "unclosed {{ at character %d: close it with }}".formatted(template.indexOf("{{", end)));
    }
  }

  // --- Standing model ---

  private static void standingModel(StandingModel model, String p, Violations v) {
    switch (model.getModelCase()) {
      case POINTS_LADDER -> pointsLadder(model.getPointsLadder(), at(p, "points_ladder"), v);
      case HEALTH_RATING -> healthRating(model.getHealthRating(), at(p, "health_rating"), v);
      default -> v.add(p, "required: set exactly one of points_ladder or health_rating");
    }
    String rules = at(p, "repeat_offence_rules");
    maxCount(v, model.getRepeatOffenceRulesCount(), rules, 50, "repeat-offence rules");
    for (int i = 0; i < model.getRepeatOffenceRulesCount(); i++) {
      RepeatOffenceRule r = model.getRepeatOffenceRules(i);
      String rp = rules + "[" + i + "]";
      violationCode(r.getViolationCode(), at(rp, "violation_code"), true, v);
      range(v, r.getOccurrences(), at(rp, "occurrences"), 2, 1_000);
      days(v, r.hasWindow(), r.getWindow(), at(rp, "window"), 730);
      consequence(r.getEscalation(), r.hasEscalation(), at(rp, "escalation"), v);
    }
  }

  private static void pointsLadder(PointsLadder ladder, String p, Violations v) {
    switch (ladder.getPointsExpiryCase()) {
      case ROLLING_WINDOW -> days(v, true, ladder.getRollingWindow(), at(p, "rolling_window"), 730);
      case QUARTERLY_RESET -> {
        int month = ladder.getQuarterlyReset().getFirstQuarterStartMonth();
        if (month < 0 || month > 12) {
          v.add(
              at(p, "quarterly_reset.first_quarter_start_month"),
              "must be a month 1–12 (0 means 1), got " + month);
        }
      }
      default -> v.add(p, "required: an expiry for points; set rolling_window or quarterly_reset");
    }
    String tp = at(p, "thresholds");
    countBetween(v, ladder.getThresholdsCount(), tp, 20, "thresholds");
    for (int i = 0; i < ladder.getThresholdsCount(); i++) {
      LadderThreshold t = ladder.getThresholds(i);
      String ep = tp + "[" + i + "]";
      range(v, t.getPoints(), at(ep, "points"), 1, 10_000);
      consequence(t.getConsequence(), t.hasConsequence(), at(ep, "consequence"), v);
    }
    List<Rung> rungs =
        ladder.getThresholdsList().stream()
            .map(t -> new Rung(t.getPoints(), t.getConsequence()))
            .toList();
    escalates(rungs, tp, "points", true, v);
  }

  private static void healthRating(HealthRating h, String p, Violations v) {
    int min = h.getMinScore();
    int max = h.getMaxScore();
    int start = h.getStartScore();
    boolean minOk = range(v, min, at(p, "min_score"), 0, MAX_SCORE - 1);
    if (range(v, max, at(p, "max_score"), 1, MAX_SCORE) && minOk && min >= max) {
      v.add(at(p, "max_score"), "must be greater than min_score (%d), got %d".formatted(min, max));
    }
    if (start < min || start > max) {
      v.add(
          at(p, "start_score"),
          "must be between min_score (%d) and max_score (%d), got %d".formatted(min, max, start));
    }
    if (h.hasEarnBack()) {
      earnBack(h.getEarnBack(), at(p, "earn_back"), start, max, v);
    }
    String mp = at(p, "milestones");
    countBetween(v, h.getMilestonesCount(), mp, 20, "milestones");
    for (int i = 0; i < h.getMilestonesCount(); i++) {
      HealthMilestone m = h.getMilestones(i);
      String ep = mp + "[" + i + "]";
      int score = m.getScoreAtOrBelow();
      if (score < min || score >= start) {
        v.add(
            at(ep, "score_at_or_below"),
            "must be at or above min_score (%d) and below start_score (%d), got %d"
                .formatted(min, start, score));
      }
      consequence(m.getConsequence(), m.hasConsequence(), at(ep, "consequence"), v);
    }
    List<Rung> rungs =
        h.getMilestonesList().stream()
            .map(m -> new Rung(m.getScoreAtOrBelow(), m.getConsequence()))
            .toList();
    escalates(rungs, mp, "score_at_or_below", false, v);
  }

  /** A ladder threshold's points or a health milestone's score, with its consequence. */
  private record Rung(int value, EnforcementConsequence consequence) {}

  /**
   * Rungs must be strictly ascending (ladder points) or descending (milestone scores) in list
   * order, and a later rung's action must not be milder than the one before it.
   */
  private static void escalates(
      List<Rung> rungs, String path, String field, boolean ascending, Violations v) {
    String list = path.substring(path.lastIndexOf('.') + 1);
    for (int i = 1; i < rungs.size(); i++) {
      Rung prev = rungs.get(i - 1);
      Rung rung = rungs.get(i);
      String ep = path + "[" + i + "]";
      if (ascending ? rung.value() <= prev.value() : rung.value() >= prev.value()) {
        v.add(
            at(ep, field),
            "%s out of order: %s must be strictly %s, but %d follows %d"
                .formatted(
                    list,
                    field,
                    ascending ? "ascending" : "descending",
                    rung.value(),
                    prev.value()));
      } else if (milder(rung.consequence(), prev.consequence())) {
        v.add(
            at(ep, "consequence.action_type"),
            "consequences must not get milder %s: %s at %d follows %s at %d"
                .formatted(
                    ascending ? "as points rise" : "as the score falls",
                    shortName(rung.consequence().getActionType()),
                    rung.value(),
                    shortName(prev.consequence().getActionType()),
                    prev.value()));
      }
    }
  }

  private static void earnBack(EarnBackRule e, String p, int start, int max, Violations v) {
    range(v, e.getPointsPerPeriod(), at(p, "points_per_period"), 1, MAX_SCORE);
    days(v, e.hasPeriod(), e.getPeriod(), at(p, "period"), 365);
    int cap = e.getCapScore();
    if (cap != 0 && (cap < start || cap > max)) {
      v.add(
          at(p, "cap_score"),
          "must be between start_score (%d) and max_score (%d), or 0 for max_score, got %d"
              .formatted(start, max, cap));
    }
  }

  // --- Onboarding requirements ---

  private static void onboarding(OnboardingRequirements o, String p, Violations v) {
    // tax_id_format may be unset even when a tax profile is required: any non-empty identifier is
    // then accepted (see OnboardingRequirements.tax_id_format).
    if (o.hasTaxIdFormat()) {
      taxIdFormat(o.getTaxIdFormat(), at(p, "tax_id_format"), v);
    }
    int age = o.getMinimumAge();
    if (age != 0 && (age < 13 || age > 100)) {
      v.add(at(p, "minimum_age"), "must be 13–100 years, or 0 for no minimum, got " + age);
    }
    String kp = at(p, "acknowledgement_policy_keys");
    if (o.getPolicyAcknowledgementRequired() && o.getAcknowledgementPolicyKeysCount() == 0) {
      v.add(kp, "required: at least one policy key when policy_acknowledgement_required is true");
    }
    maxCount(v, o.getAcknowledgementPolicyKeysCount(), kp, 50, "policy keys");
    for (int i = 0; i < o.getAcknowledgementPolicyKeysCount(); i++) {
      String key = o.getAcknowledgementPolicyKeys(i);
      if (key.length() < 3 || key.length() > 128 || !POLICY_KEY.matcher(key).matches()) {
        v.add(
            kp + "[" + i + "]",
            "must be a policy key of 3–128 characters matching %s, e.g. live.prohibited-items,"
                    .formatted(POLICY_KEY.pattern())
                + " got '"
                + key
                + "'");
      }
    }
    for (int i = 0; i < o.getProhibitedPaymentPracticesCount(); i++) {
      if (!known(
          o.getProhibitedPaymentPractices(i), PaymentPractice.PAYMENT_PRACTICE_UNSPECIFIED)) {
        v.add(at(p, "prohibited_payment_practices[" + i + "]"), "must be a payment practice");
      }
    }
  }

  private static void taxIdFormat(TaxIdFormat f, String p, Violations v) {
    text(v, f.getLabel(), at(p, "label"), 1, 100);
    Pattern pattern = null;
    if (text(v, f.getPattern(), at(p, "pattern"), 1, 500)) {
      try {
        pattern = Pattern.compile(f.getPattern());
      } catch (PatternSyntaxException e) {
        v.add(at(p, "pattern"), "not a valid regular expression: " + e.getDescription());
      }
    }
    boolean exampleOk = text(v, f.getExample(), at(p, "example"), 0, 100);
    if (exampleOk && pattern != null && !f.getExample().isEmpty()) {
      if (!pattern.matcher(f.getExample()).matches()) {
        v.add(
            at(p, "example"),
            "'%s' does not match pattern '%s'".formatted(f.getExample(), f.getPattern()));
      }
    }
    if (!f.getScheme().isEmpty() && !TAX_SCHEME.matcher(f.getScheme()).matches()) {
      v.add(
          at(p, "scheme"),
          "must be 2–32 characters of A-Z, 0-9 and _ (e.g. VN_MST), or empty, got '%s'"
              .formatted(f.getScheme()));
    }
  }

  // --- Commission caps ---

  private static void commissionCaps(CommissionCaps caps, String p, Scope scope, Violations v) {
    String cp = at(p, "category_caps");
    maxCount(v, caps.getCategoryCapsCount(), cp, 500, "category caps");
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < caps.getCategoryCapsCount(); i++) {
      CategoryCommissionCap cap = caps.getCategoryCaps(i);
      String ep = cp + "[" + i + "]";
      String category = cap.getCategory();
      if (category.length() > 64 || !CATEGORY.matcher(category).matches()) {
        v.add(
            at(ep, "category"),
            "must be a slug of 1–64 characters matching %s, e.g. consumer-electronics, got '%s'"
                .formatted(CATEGORY.pattern(), category));
      }
      Integer first = category.isEmpty() ? null : seen.putIfAbsent(category, i);
      if (first != null) {
        v.add(
            at(ep, "category"),
            "duplicate category '%s' (also category_caps[%d]): one cap per category"
                .formatted(category, first));
      }
      range(v, cap.getMaxRateBps(), at(ep, "max_rate_bps"), 0, MAX_BPS);
    }
    if (caps.hasDefaultMaxRateBps()) {
      range(v, caps.getDefaultMaxRateBps(), at(p, "default_max_rate_bps"), 0, MAX_BPS);
    }
    if (scope != Scope.OVERLAY) {
      defaultCapPresent(caps, p, v);
    }
  }

  private static void defaultCapPresent(CommissionCaps caps, String p, Violations v) {
    if (!caps.hasDefaultMaxRateBps()) {
      v.add(
          at(p, "default_max_rate_bps"),
          "required: the cap for categories without their own entry, 0–10,000 basis points");
    }
  }

  // --- Tier thresholds ---

  private void tierThresholds(
      TierThresholds tiers, String p, Scope scope, String market, Violations v) {
    Map<CreatorTier, Integer> seen = new HashMap<>();
    for (int i = 0; i < tiers.getTiersCount(); i++) {
      TierThreshold t = tiers.getTiers(i);
      String ep = at(p, "tiers[" + i + "]");
      Integer first = seen.putIfAbsent(t.getTier(), i);
      if (!known(t.getTier(), CreatorTier.CREATOR_TIER_UNSPECIFIED)) {
        v.add(at(ep, "tier"), "required: CREATOR_TIER_BRONZE, _SILVER, _GOLD or _PLATINUM");
      } else if (first != null) {
        v.add(at(ep, "tier"), "duplicate %s (also tiers[%d])".formatted(t.getTier(), first));
      }
      if (t.hasMinGmv() && scope == Scope.BASE) {
        v.add(
            at(ep, "min_gmv"),
            "must be unset in base content: set GMV minimums in each market's overlay, in its"
                + " currency");
      } else if (t.getMinGmv().getAmountMinor() < 0) {
        v.add(at(ep, "min_gmv.amount_minor"), "must be 0 or more");
      }
      Duration live = t.getMinLiveDuration();
      if (live.getSeconds() < 0 || live.getNanos() != 0 || live.getSeconds() % 60 != 0) {
        v.add(at(ep, "min_live_duration"), "must be whole minutes, 0 or more, got " + show(live));
      }
      range(v, t.getMinOrders(), at(ep, "min_orders"), 0, Long.MAX_VALUE);
      range(v, t.getMinQualityScore(), at(ep, "min_quality_score"), 0, MAX_SCORE);
    }
    if (tiers.hasEvaluationPeriod()) {
      days(v, true, tiers.getEvaluationPeriod(), at(p, "evaluation_period"), 366);
    }
    if (scope != Scope.OVERLAY) {
      tiersComplete(tiers, p, market, v);
    }
  }

  /**
   * Checks of complete tier thresholds: evaluation period and BRONZE present, {@code min_gmv} in
   * the market's currency, minimums ordered from lower to higher tier.
   */
  private void tiersComplete(TierThresholds tiers, String p, String market, Violations v) {
    if (!tiers.hasEvaluationPeriod()) {
      v.add(at(p, "evaluation_period"), "required: the snapshot period, whole days, 1–366 days");
    }
    if (tiers.getTiersList().stream()
        .noneMatch(t -> t.getTier() == CreatorTier.CREATOR_TIER_BRONZE)) {
      v.add(at(p, "tiers"), "required: a CREATOR_TIER_BRONZE entry, the floor of every market");
    }
    String currency =
        markets.find(market).map(Market::currency).map(c -> c.getCurrencyCode()).orElse(null);
    List<Integer> order = new ArrayList<>();
    Set<CreatorTier> distinct = EnumSet.noneOf(CreatorTier.class);
    for (int i = 0; i < tiers.getTiersCount(); i++) {
      TierThreshold t = tiers.getTiers(i);
      String got = t.getMinGmv().getCurrencyCode();
      if (currency != null && t.hasMinGmv() && !got.equals(currency)) {
        v.addAll(
            List.of(
                new FieldViolation(
                    at(p, "tiers[" + i + "].min_gmv"),
                    "must be in %s, the currency of market %s, got '%s'"
                        .formatted(currency, market, got),
                    ErrorReason.ERROR_REASON_CURRENCY_MISMATCH)));
      }
      if (known(t.getTier(), CreatorTier.CREATOR_TIER_UNSPECIFIED) && distinct.add(t.getTier())) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparingInt(i -> tiers.getTiers(i).getTier().getNumber()));
    for (int k = 1; k < order.size(); k++) {
      TierThreshold lower = tiers.getTiers(order.get(k - 1));
      TierThreshold higher = tiers.getTiers(order.get(k));
      tierOrder(lower, higher, at(p, "tiers[" + order.get(k) + "]"), currency, v);
    }
  }

  /** A higher tier must not lower any minimum of the tier below, and must raise at least one. */
  private static void tierOrder(
      TierThreshold lower, TierThreshold higher, String hp, String currency, Violations v) {
    long[] lo = minimums(lower, currency);
    long[] hi = minimums(higher, currency);
    boolean changed = false;
    for (int f = 0; f < TIER_MINIMUMS.length; f++) {
      if (lo[f] < 0 || hi[f] < 0 || hi[f] == lo[f]) {
        continue; // equal, or money that is not comparable
      }
      changed = true;
      if (hi[f] < lo[f]) {
        v.add(
            at(hp, TIER_MINIMUMS[f]),
            "must be at least %s's %s (%s): %s is a higher tier"
                .formatted(
                    shortName(lower.getTier()),
                    TIER_MINIMUMS[f],
                    showMinimum(f, lo[f]),
                    shortName(higher.getTier())));
      }
    }
    if (!changed) {
      v.add(
          hp,
          "%s must raise at least one minimum above %s's"
              .formatted(shortName(higher.getTier()), shortName(lower.getTier())));
    }
  }

  /**
   * GMV (minor units), live seconds, orders, quality; unset = 0. GMV is not comparable (-1) without
   * a market or in another currency than the market's; both are reported on their own.
   */
  private static long[] minimums(TierThreshold t, String currency) {
    long gmv = Math.max(0, t.getMinGmv().getAmountMinor());
    if (t.hasMinGmv() && (currency == null || !t.getMinGmv().getCurrencyCode().equals(currency))) {
      gmv = -1;
    }
    return new long[] {
      gmv,
      Math.max(0, t.getMinLiveDuration().getSeconds()),
      Math.max(0, t.getMinOrders()),
      Math.max(0, t.getMinQualityScore())
    };
  }

  private static String showMinimum(int field, long value) {
    return switch (field) {
      case 0 -> value + " minor units";
      case 1 -> value / 60 + " minutes";
      default -> Long.toString(value);
    };
  }

  // --- Incentive eligibility defaults ---

  private static void incentiveDefaults(IncentiveEligibilityDefaults d, String p, Violations v) {
    if (d.getMinimumTier() == CreatorTier.UNRECOGNIZED) {
      v.add(at(p, "minimum_tier"), "must be a CreatorTier value, got " + d.getMinimumTierValue());
    }
    if (d.hasMaximumActiveViolationPoints()) {
      String mp = at(p, "maximum_active_violation_points");
      range(v, d.getMaximumActiveViolationPoints(), mp, 0, 10_000);
    }
    String sp = at(p, "allowed_statuses");
    if (d.getAllowedStatusesCount() == 0) {
      v.add(sp, "required: at least one of CREATOR_STATUS_ACTIVE, CREATOR_STATUS_RESTRICTED");
    }
    for (int i = 0; i < d.getAllowedStatusesCount(); i++) {
      CreatorStatus s = d.getAllowedStatuses(i);
      if (s != CreatorStatus.CREATOR_STATUS_ACTIVE
          && s != CreatorStatus.CREATOR_STATUS_RESTRICTED) {
        v.add(
            sp + "[" + i + "]",
            "only CREATOR_STATUS_ACTIVE and CREATOR_STATUS_RESTRICTED may be listed, got " + s);
      }
    }
    if (d.hasMinimumHealthScore()) {
      range(v, d.getMinimumHealthScore(), at(p, "minimum_health_score"), 0, MAX_SCORE);
    }
  }

  // --- Helpers ---

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

  private static boolean isKeyed(PolicyKind kind) {
    return kind == PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE
        || kind == PolicyKind.POLICY_KIND_COMMISSION_CAPS
        || kind == PolicyKind.POLICY_KIND_TIER_THRESHOLDS;
  }

  /** Keys of keyed-list content as {@code removed_keys} names them (code, category, tier name). */
  private static Set<String> keys(PolicyContent content) {
    Set<String> keys = new HashSet<>();
    content.getViolationCatalogue().getEntriesList().forEach(e -> keys.add(e.getCode()));
    content.getCommissionCaps().getCategoryCapsList().forEach(c -> keys.add(c.getCategory()));
    content.getTierThresholds().getTiersList().forEach(t -> keys.add(t.getTier().name()));
    return keys;
  }

  private static String fieldName(ContentCase branch) {
    return branch.name().toLowerCase(Locale.ROOT);
  }

  private static String at(String parent, String child) {
    return parent == null || parent.isEmpty() ? child : parent + "." + child;
  }

  /** True for an enum value that is neither the zero value nor unrecognized. */
  private static boolean known(Enum<?> value, Enum<?> unspecified) {
    return value != unspecified && !value.name().equals("UNRECOGNIZED");
  }

  /** An action type's or tier's name without its enum prefix, e.g. BAN, GOLD. */
  private static String shortName(Enum<?> value) {
    return value.name().replaceFirst("^(ENFORCEMENT_ACTION_TYPE|CREATOR_TIER)_", "");
  }

  /** Checks a length in characters (blank counts as missing when required); true when valid. */
  private static boolean text(Violations v, String value, String path, int min, int max) {
    int length = value.codePointCount(0, value.length());
    if (min > 0 && value.isBlank()) {
      v.add(path, "required: %d–%s characters".formatted(min, format(max)));
      return false;
    }
    if (length > max) {
      v.add(path, "must be at most %s characters, got %s".formatted(format(max), format(length)));
      return false;
    }
    return true;
  }

  /** Checks {@code min <= value <= max}; true when it holds. */
  private static boolean range(Violations v, long value, String path, long min, long max) {
    if (value >= min && value <= max) {
      return true;
    }
    String bound =
        max == Long.MAX_VALUE ? format(min) + " or more" : format(min) + "–" + format(max);
    v.add(path, "must be %s, got %s".formatted(bound, format(value)));
    return false;
  }

  private static void maxCount(Violations v, int count, String path, int max, String what) {
    if (count > max) {
      v.add(path, "at most %d %s allowed, got %d".formatted(max, what, count));
    }
  }

  private static void countBetween(Violations v, int count, String path, int max, String what) {
    if (count == 0) {
      v.add(path, "required: 1–%d %s".formatted(max, what));
    }
    maxCount(v, count, path, max, what);
  }

  /** A required duration in whole days, 1 to {@code maxDays} days. */
  private static void days(Violations v, boolean present, Duration d, String path, int maxDays) {
    if (!present) {
      v.add(path, "required: whole days, 1–%d days (1 day = 86400s)".formatted(maxDays));
    } else if (d.getNanos() != 0 || d.getSeconds() % DAY != 0 || d.getSeconds() < DAY) {
      v.add(
          path,
          "must be whole days, 1–%d days (1 day = 86400s), got %s".formatted(maxDays, show(d)));
    } else if (d.getSeconds() > maxDays * DAY) {
      v.add(path, "must be at most %d days, got %d days".formatted(maxDays, d.getSeconds() / DAY));
    }
  }

  private static String show(Duration d) {
    return d.getNanos() == 0
        ? d.getSeconds() + "s"
        : "%d.%09ds".formatted(d.getSeconds(), d.getNanos());
  }

  private static String format(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
