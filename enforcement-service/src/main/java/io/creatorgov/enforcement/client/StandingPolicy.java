package io.creatorgov.enforcement.client;

import io.creatorgov.enforcement.domain.StandingRules;
import java.util.Objects;

/** A market's standing rules at an instant and the policy version they came from. */
public record StandingPolicy(StandingRules rules, PinnedPolicy pinned) {
  public StandingPolicy {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(pinned, "pinned");
  }
}
