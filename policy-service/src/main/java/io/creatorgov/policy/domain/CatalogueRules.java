package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.known;
import static io.creatorgov.policy.domain.RuleChecks.maxCount;
import static io.creatorgov.policy.domain.RuleChecks.range;
import static io.creatorgov.policy.domain.RuleChecks.text;
import static io.creatorgov.policy.domain.RuleChecks.violationCode;

import io.creatorgov.common.v1.GroundType;
import io.creatorgov.common.v1.ViolationCategory;
import io.creatorgov.common.v1.ViolationSeverity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import io.creatorgov.policy.v1.ViolationSurface;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules of a violation catalogue: unique codes, complete entries, statement-of-reasons templates.
 */
final class CatalogueRules {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
  private static final List<String> PLACEHOLDERS =
      List.of(
          ("creator_handle violation_code violation_title observed_time action_type"
                  + " restriction_types end_time policy_key policy_version market evidence_summary"
                  + " appeal_deadline")
              .split(" "));

  private CatalogueRules() {}

  static void check(ViolationCatalogue catalogue, String p, Violations v) {
    maxCount(v, catalogue.getEntriesCount(), at(p, "entries"), 500, "entries");
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < catalogue.getEntriesCount(); i++) {
      ViolationCatalogueEntry e = catalogue.getEntries(i);
      String ep = at(p, item("entries", i));
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
      ConsequenceRules.check(
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
          v.add(at(ep, item("applicable_surfaces", j)), "must be a surface, not UNSPECIFIED");
        }
      }
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
}
