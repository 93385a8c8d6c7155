package io.creatorgov.policy.domain;

import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules that span policies, checked when a version is approved and published: every policy a
 * creator must acknowledge exists, and no violation code is defined by two catalogues in force.
 * Paths name where the document says it ({@code policy_version.base_content…} or {@code
 * policy_version.overlays[i].content…}); the first mention of a key or code wins.
 */
public final class CrossPolicyRules {
  private CrossPolicyRules() {}

  /** The acknowledgement policy keys an onboarding-requirements document names, with paths. */
  public static Map<String, String> acknowledgedPolicyKeys(PolicyVersion document) {
    return collect(document, CrossPolicyRules::collectAckKeys);
  }

  /** The violation codes a catalogue document defines, with paths. */
  public static Map<String, String> violationCodes(PolicyVersion document) {
    return collect(document, CrossPolicyRules::collectCodes);
  }

  /** The violation of naming {@code key} at {@code path} when no such policy exists. */
  public static FieldViolation missingPolicy(String key, String path) {
    return new FieldViolation(path, "no policy with key " + key + " exists");
  }

  /**
   * Codes of {@code ours} that {@code theirs}, the catalogue {@code otherKey} in force, defines.
   */
  public static List<FieldViolation> codeClashes(
      Map<String, String> ours, String otherKey, PolicyVersion theirs) {
    Set<String> defined = new HashSet<>();
    theirs
        .getBaseContent()
        .getViolationCatalogue()
        .getEntriesList()
        .forEach(x -> defined.add(x.getCode()));
    theirs.getOverlaysList().stream()
        .flatMap(ov -> ov.getContent().getViolationCatalogue().getEntriesList().stream())
        .forEach(x -> defined.add(x.getCode()));
    List<FieldViolation> clashes = new ArrayList<>();
    ours.forEach(
        (code, path) -> {
          if (defined.contains(code)) {
            clashes.add(
                new FieldViolation(
                    path, "code " + code + " is already defined by policy " + otherKey));
          }
        });
    return clashes;
  }

  private static Map<String, String> collect(PolicyVersion document, CollectFrom collector) {
    Map<String, String> into = new LinkedHashMap<>();
    collector.collect(document.getBaseContent(), "policy_version.base_content", into);
    for (int o = 0; o < document.getOverlaysCount(); o++) {
      collector.collect(
          document.getOverlays(o).getContent(), "policy_version.overlays[" + o + "].content", into);
    }
    return into;
  }

  private interface CollectFrom {
    void collect(PolicyContent content, String path, Map<String, String> into);
  }

  private static void collectAckKeys(PolicyContent content, String path, Map<String, String> into) {
    List<String> keys = content.getOnboardingRequirements().getAcknowledgementPolicyKeysList();
    for (int i = 0; i < keys.size(); i++) {
      into.putIfAbsent(
          keys.get(i), path + ".onboarding_requirements.acknowledgement_policy_keys[" + i + "]");
    }
  }

  private static void collectCodes(PolicyContent content, String path, Map<String, String> into) {
    List<ViolationCatalogueEntry> entries = content.getViolationCatalogue().getEntriesList();
    for (int i = 0; i < entries.size(); i++) {
      into.putIfAbsent(
          entries.get(i).getCode(), path + ".violation_catalogue.entries[" + i + "].code");
    }
  }
}
