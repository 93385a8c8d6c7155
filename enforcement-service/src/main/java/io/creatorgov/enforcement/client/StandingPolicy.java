package io.creatorgov.enforcement.client;

import io.creatorgov.enforcement.domain.StandingRules;
import java.util.Objects;

/**
 * A market's standing policy in domain terms, with the version it came from.
 *
 * @param rules the market's standing model and repeat-offence rules
 * @param version the standing policy version
 */
public record StandingPolicy(StandingRules rules, PinnedPolicy version) {
  public StandingPolicy {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(version, "version");
  }
}
