package io.creatorgov.enforcement.client;

import java.util.Objects;

/**
 * The exact policy version a decision used, as the statement of reasons pins it.
 *
 * @param key the policy key, for example {@code enforcement.standing}
 * @param version the per-key version number
 * @param market the market it was resolved for
 * @param marketOverlay true when the market's overlay applied (variant MARKET_OVERLAY), false for
 *     the base rules
 */
public record PinnedPolicy(String key, int version, String market, boolean marketOverlay) {
  public PinnedPolicy {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(market, "market");
  }

  /** {@code key@version}, as stored. */
  public String reference() {
    return key + "@" + version;
  }
}
