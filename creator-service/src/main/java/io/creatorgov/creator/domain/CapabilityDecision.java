package io.creatorgov.creator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a creator may use a capability now, and every reason it may not.
 *
 * @param reasons in the contract's order: status, onboarding, restrictions by start time
 * @param status the creator's status at {@code evaluatedTime}
 * @param expireTime when the decision changes by itself; null when nothing is scheduled
 * @param cacheMaxAge how long a caller may reuse it; null until the service sets it
 */
public record CapabilityDecision(
    String creatorId,
    String market,
    Capability capability,
    boolean allowed,
    List<DenialReason> reasons,
    CreatorStatus status,
    Instant evaluatedTime,
    Instant expireTime,
    Duration cacheMaxAge) {

  public CapabilityDecision {
    reasons = List.copyOf(reasons);
  }

  public CapabilityDecision withCacheMaxAge(Duration maxAge) {
    return new CapabilityDecision(
        creatorId, market, capability, allowed, reasons, status, evaluatedTime, expireTime, maxAge);
  }

  /** Why a capability is denied: one of the creator's status, onboarding, or a restriction. */
  public sealed interface DenialReason {
    String message();
  }

  /**
   * Denied by the creator's status.
   *
   * @param suspensionEndTime while SUSPENDED; null otherwise
   * @param enforcementActionId while SUSPENDED or BANNED (empty when none); empty otherwise
   */
  public record StatusDenial(
      String message, CreatorStatus status, Instant suspensionEndTime, String enforcementActionId)
      implements DenialReason {}

  /** Denied because onboarding is incomplete: the items still missing. */
  public record OnboardingDenial(String message, List<OnboardingItemKind> missingItems)
      implements DenialReason {
    public OnboardingDenial {
      missingItems = List.copyOf(missingItems);
    }
  }

  /**
   * Denied by a restriction in force.
   *
   * @param endTime null: until lifted
   */
  public record RestrictionDenial(
      String message,
      String restrictionId,
      RestrictionType restrictionType,
      String enforcementActionId,
      Instant endTime)
      implements DenialReason {}
}
