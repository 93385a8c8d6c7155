package io.creatorgov.creator.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The creator's state a capability decision is made from (everything creator-service holds itself;
 * no other service is asked).
 *
 * @param creatorId the creator
 * @param market the creator's home market
 * @param status the stored lifecycle status
 * @param suspensionEndTime while SUSPENDED: when the suspension lifts; null otherwise
 * @param statusEnforcementActionId while SUSPENDED or BANNED: the action that caused the status
 *     (null or empty when an operator suspended)
 * @param missingOnboarding checklist items still missing as last evaluated (only reported while
 *     APPLIED)
 * @param restrictions the restrictions not lifted, in any order; expired ones are ignored
 */
public record CapabilityInputs(
    String creatorId,
    String market,
    CreatorStatus status,
    Instant suspensionEndTime,
    String statusEnforcementActionId,
    List<OnboardingItemKind> missingOnboarding,
    List<ActiveRestriction> restrictions) {

  public CapabilityInputs {
    Objects.requireNonNull(creatorId, "creatorId");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(status, "status");
    if (status == CreatorStatus.SUSPENDED && suspensionEndTime == null) {
      throw new IllegalArgumentException("a SUSPENDED creator needs a suspension end time");
    }
    missingOnboarding = List.copyOf(missingOnboarding);
    restrictions = List.copyOf(restrictions);
  }
}
