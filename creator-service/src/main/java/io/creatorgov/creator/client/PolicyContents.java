package io.creatorgov.creator.client;

import io.creatorgov.creator.domain.CommissionCaps;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.Money;
import io.creatorgov.creator.domain.OnboardingRequirements;
import io.creatorgov.creator.domain.PolicyRef;
import io.creatorgov.creator.domain.TierThresholds;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.creatorgov.policy.v1.TierThreshold;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/** policy-service's resolved policies as the domain's values. */
final class PolicyContents {
  private PolicyContents() {}

  /** The version of {@code policy}, in the market it was asked for. */
  static PolicyRef ref(ResolvedPolicy policy, String market) {
    return new PolicyRef(policy.getPolicyKey(), policy.getVersion(), market);
  }

  static OnboardingRequirements onboarding(ResolvedPolicy policy) {
    var r = policy.getContent().getOnboardingRequirements();
    var format =
        r.hasTaxIdFormat()
            ? new OnboardingRequirements.TaxIdFormat(
                r.getTaxIdFormat().getLabel(),
                r.getTaxIdFormat().getPattern(),
                r.getTaxIdFormat().getExample(),
                r.getTaxIdFormat().getScheme())
            : null;
    return new OnboardingRequirements(
        r.getIdentityVerificationRequired(),
        r.getTaxProfileRequired(),
        format,
        r.getPolicyAcknowledgementRequired(),
        r.getAcknowledgementPolicyKeysList());
  }

  /** The caps; of a category listed twice, the first entry counts. */
  static CommissionCaps commissionCaps(ResolvedPolicy policy) {
    var caps = policy.getContent().getCommissionCaps();
    Map<String, Integer> byCategory = new LinkedHashMap<>();
    for (CategoryCommissionCap cap : caps.getCategoryCapsList()) {
      byCategory.putIfAbsent(cap.getCategory(), cap.getMaxRateBps());
    }
    return new CommissionCaps(
        byCategory,
        caps.hasDefaultMaxRateBps()
            ? OptionalInt.of(caps.getDefaultMaxRateBps())
            : OptionalInt.empty());
  }

  static TierThresholds tierThresholds(ResolvedPolicy policy) {
    return new TierThresholds(
        policy.getContent().getTierThresholds().getTiersList().stream()
            .map(PolicyContents::row)
            .toList());
  }

  private static TierThresholds.Row row(TierThreshold row) {
    return new TierThresholds.Row(
        tier(row.getTier()),
        row.hasMinGmv()
            ? new Money(row.getMinGmv().getAmountMinor(), row.getMinGmv().getCurrencyCode())
            : null,
        row.hasMinLiveDuration() ? ProtoTime.toDuration(row.getMinLiveDuration()) : null,
        row.getMinOrders(),
        row.getMinQualityScore());
  }

  /** A tier the service knows; null for UNSPECIFIED or one newer than this build. */
  private static CreatorTier tier(io.creatorgov.common.v1.CreatorTier tier) {
    return switch (tier) {
      case CREATOR_TIER_BRONZE -> CreatorTier.BRONZE;
      case CREATOR_TIER_SILVER -> CreatorTier.SILVER;
      case CREATOR_TIER_GOLD -> CreatorTier.GOLD;
      case CREATOR_TIER_PLATINUM -> CreatorTier.PLATINUM;
      case CREATOR_TIER_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }
}
