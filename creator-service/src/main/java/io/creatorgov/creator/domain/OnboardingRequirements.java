package io.creatorgov.creator.domain;

import java.util.List;

/**
 * What a market asks of a creator before activation (policy {@code creator.onboarding}).
 *
 * @param taxIdFormat the format tax identifiers must have; null when the policy sets none
 * @param acknowledgementPolicyKeys the policies a creator must acknowledge (when {@code
 *     policyAcknowledgementRequired})
 */
public record OnboardingRequirements(
    boolean identityVerificationRequired,
    boolean taxProfileRequired,
    TaxIdFormat taxIdFormat,
    boolean policyAcknowledgementRequired,
    List<String> acknowledgementPolicyKeys) {

  public OnboardingRequirements {
    acknowledgementPolicyKeys = List.copyOf(acknowledgementPolicyKeys);
  }

  /**
   * The format of a market's tax identifiers.
   *
   * @param label what the identifier is called, for messages (empty: none)
   * @param pattern an RE2 expression the whole identifier must match
   * @param example an example identifier, for messages (empty: none)
   * @param scheme the scheme a tax profile must name (empty: any)
   */
  public record TaxIdFormat(String label, String pattern, String example, String scheme) {}
}
