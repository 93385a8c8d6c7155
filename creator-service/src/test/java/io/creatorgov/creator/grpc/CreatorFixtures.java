package io.creatorgov.creator.grpc;

import io.creatorgov.policy.v1.OnboardingRequirements;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.creatorgov.policy.v1.TaxIdFormat;
import io.creatorgov.policy.v1.ViolationCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Policies the fake policy-service answers with, and request helpers. */
final class CreatorFixtures {
  static final String VN_TAX_PATTERN = "([0-9]{10}(-[0-9]{3})?|[0-9]{12})";
  static final int CATALOGUE_VERSION = 3;

  private CreatorFixtures() {}

  static String requestId() {
    return UUID.randomUUID().toString();
  }

  static String handle() {
    return "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Onboarding everywhere: identity + acknowledging the catalogue; Vietnam also a tax code. */
  static List<ResolvedPolicy> defaultPolicies() {
    List<ResolvedPolicy> all = new ArrayList<>();
    for (String market : List.of("ID", "MY", "PH", "SG", "TH", "VN", "JP", "KR")) {
      OnboardingRequirements.Builder req =
          OnboardingRequirements.newBuilder()
              .setIdentityVerificationRequired(true)
              .setPolicyAcknowledgementRequired(true)
              .addAcknowledgementPolicyKeys("live.prohibited-items");
      if (market.equals("VN")) {
        req.setTaxProfileRequired(true)
            .setTaxIdFormat(
                TaxIdFormat.newBuilder()
                    .setScheme("VN_MST")
                    .setLabel("Mã số thuế")
                    .setPattern(VN_TAX_PATTERN)
                    .setExample("0101234565-001"));
      }
      all.add(
          ResolvedPolicy.newBuilder()
              .setPolicyKey("creator.onboarding")
              .setKind(PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS)
              .setVersion(2)
              .setMarket(market)
              .setContent(PolicyContent.newBuilder().setOnboardingRequirements(req))
              .build());
      all.add(
          ResolvedPolicy.newBuilder()
              .setPolicyKey("commission.caps")
              .setKind(PolicyKind.POLICY_KIND_COMMISSION_CAPS)
              .setVersion(4)
              .setMarket(market)
              .setContent(
                  PolicyContent.newBuilder()
                      .setCommissionCaps(
                          io.creatorgov.policy.v1.CommissionCaps.newBuilder()
                              .addCategoryCaps(
                                  io.creatorgov.policy.v1.CategoryCommissionCap.newBuilder()
                                      .setCategory("beauty")
                                      .setMaxRateBps(2000))
                              .setDefaultMaxRateBps(1500)))
              .build());
      String currency =
          java.util.Map.of(
                  "ID", "IDR", "MY", "MYR", "PH", "PHP", "SG", "SGD", "TH", "THB", "VN", "VND",
                  "JP", "JPY", "KR", "KRW")
              .get(market);
      all.add(
          ResolvedPolicy.newBuilder()
              .setPolicyKey("creator.tiers")
              .setKind(PolicyKind.POLICY_KIND_TIER_THRESHOLDS)
              .setVersion(5)
              .setMarket(market)
              .setContent(
                  PolicyContent.newBuilder()
                      .setTierThresholds(
                          io.creatorgov.policy.v1.TierThresholds.newBuilder()
                              .addTiers(
                                  io.creatorgov.policy.v1.TierThreshold.newBuilder()
                                      .setTier(
                                          io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_BRONZE))
                              .addTiers(
                                  io.creatorgov.policy.v1.TierThreshold.newBuilder()
                                      .setTier(
                                          io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_SILVER)
                                      .setMinGmv(
                                          io.creatorgov.common.v1.Money.newBuilder()
                                              .setAmountMinor(25_000_000)
                                              .setCurrencyCode(currency))
                                      .setMinLiveDuration(
                                          com.google.protobuf.Duration.newBuilder()
                                              .setSeconds(36_000))
                                      .setMinOrders(50)
                                      .setMinQualityScore(600))))
              .build());
      all.add(
          ResolvedPolicy.newBuilder()
              .setPolicyKey("live.prohibited-items")
              .setKind(PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE)
              .setVersion(CATALOGUE_VERSION)
              .setMarket(market)
              .setContent(
                  PolicyContent.newBuilder()
                      .setViolationCatalogue(ViolationCatalogue.getDefaultInstance()))
              .build());
    }
    return all;
  }
}
