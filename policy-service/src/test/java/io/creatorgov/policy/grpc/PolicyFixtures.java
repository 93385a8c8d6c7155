package io.creatorgov.policy.grpc;

import com.google.protobuf.Duration;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ViolationSeverity;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.CommissionCaps;
import io.creatorgov.policy.v1.EnforcementConsequence;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.Policy;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import io.creatorgov.policy.v1.ViolationSurface;
import java.util.UUID;

/** Valid policy content for tests; each test derives what it needs from these. */
final class PolicyFixtures {
  private PolicyFixtures() {}

  static String uniqueKey(String prefix) {
    return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  static String requestId() {
    return UUID.randomUUID().toString();
  }

  static Policy catalogue(String key) {
    return Policy.newBuilder()
        .setKey(key)
        .setKind(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE)
        .setDisplayName("Test catalogue " + key)
        .setDescription("violations for tests")
        .build();
  }

  static ViolationCatalogueEntry entry(String code, int points) {
    return ViolationCatalogueEntry.newBuilder()
        .setCode(code)
        .setTitle("Violation " + code)
        .setGroundType(io.creatorgov.common.v1.GroundType.GROUND_TYPE_INCOMPATIBLE_WITH_TERMS)
        .setLegalReference("Creator Terms §4.2")
        .setCategory(
            io.creatorgov.common.v1.ViolationCategory
                .VIOLATION_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS)
        .setDescription("test violation")
        .setSeverity(ViolationSeverity.VIOLATION_SEVERITY_MEDIUM)
        .setPoints(points)
        .setHealthDeduction(points * 10)
        .setDefaultConsequence(
            EnforcementConsequence.newBuilder()
                .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION)
                .addRestrictionTypes(RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED)
                .setDuration(Duration.newBuilder().setSeconds(7 * 86_400)))
        .setStatementOfReasonsTemplate("Your content breached the rule on " + code + ".")
        .addApplicableSurfaces(ViolationSurface.VIOLATION_SURFACE_LIVE)
        .build();
  }

  static PolicyContent catalogueContent(ViolationCatalogueEntry... entries) {
    ViolationCatalogue.Builder c = ViolationCatalogue.newBuilder();
    for (ViolationCatalogueEntry e : entries) {
      c.addEntries(e);
    }
    return PolicyContent.newBuilder().setViolationCatalogue(c).build();
  }

  /**
   * Violation codes are unique across catalogues in force, so each test catalogue suffixes its
   * codes with its key's random part: COUNTERFEIT_GOODS_1A2B3C4D.
   */
  static String suffix(String key) {
    return "_" + key.substring(key.lastIndexOf('.') + 1).toUpperCase();
  }

  /** Base: two codes; VN raises COUNTERFEIT to +3 points; JP adds UNDISCLOSED_ADVERTISING. */
  static PolicyVersion catalogueVersion(int counterfeitPoints, String key) {
    String s = suffix(key);
    return PolicyVersion.newBuilder()
        .setChangeSummary("test catalogue")
        .setBaseContent(
            catalogueContent(
                entry("COUNTERFEIT_GOODS" + s, counterfeitPoints), entry("FAKE_DISCOUNT" + s, 1)))
        .addOverlays(
            MarketOverlay.newBuilder()
                .setMarket("VN")
                .setContent(catalogueContent(entry("COUNTERFEIT_GOODS" + s, counterfeitPoints + 3)))
                .setRationale("stricter on counterfeits"))
        .addOverlays(
            MarketOverlay.newBuilder()
                .setMarket("JP")
                .setContent(catalogueContent(entry("UNDISCLOSED_ADVERTISING" + s, 2)))
                .setRationale("stealth marketing rule"))
        .build();
  }

  static PolicyContent caps(int beautyBps) {
    return PolicyContent.newBuilder()
        .setCommissionCaps(
            CommissionCaps.newBuilder()
                .addCategoryCaps(
                    CategoryCommissionCap.newBuilder()
                        .setCategory("beauty")
                        .setMaxRateBps(beautyBps))
                .setDefaultMaxRateBps(1500))
        .build();
  }
}
