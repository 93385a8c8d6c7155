package io.creatorgov.enforcement.client;

import io.creatorgov.enforcement.domain.CatalogueEntry;
import io.creatorgov.enforcement.domain.StandingRules;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a decision needs from policy-service for one violation, in domain terms, with the
 * versions it came from.
 *
 * @param entry the catalogue entry of the reported code
 * @param catalogue the catalogue policy that defines the code
 * @param rules the market's standing model and repeat-offence rules
 * @param standing the standing policy version
 * @param appealWindow the market's appeal window
 * @param appeals the appeal rules version
 */
public record EnforcementPolicies(
    CatalogueEntry entry,
    PinnedPolicy catalogue,
    StandingRules rules,
    PinnedPolicy standing,
    Duration appealWindow,
    PinnedPolicy appeals) {
  public EnforcementPolicies {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(catalogue, "catalogue");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(standing, "standing");
    Objects.requireNonNull(appealWindow, "appealWindow");
    Objects.requireNonNull(appeals, "appeals");
  }
}
