package io.creatorgov.policy.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * When a published policy version is in force: from {@code effectiveFrom} (inclusive) until it is
 * retired at {@code retiredAt} (exclusive; {@code null} while not retired).
 *
 * @param version the version number, 1 or more
 * @param effectiveFrom {@code PolicyVersion.effective_from}, set by PublishPolicyVersion
 * @param retiredAt {@code PolicyVersion.retirer.time}, or {@code null} when not retired
 */
public record VersionTimeline(int version, Instant effectiveFrom, Instant retiredAt) {

  public VersionTimeline {
    if (version < 1) {
      throw new IllegalArgumentException("version must be 1 or more, was " + version);
    }
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
  }

  /** Whether this version is effective at {@code t}: effectiveFrom <= t < retiredAt. */
  public boolean effectiveAt(Instant t) {
    return !effectiveFrom.isAfter(t) && (retiredAt == null || retiredAt.isAfter(t));
  }
}
