package io.creatorgov.enforcement.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A market's resolved standing policy.
 *
 * @param model the market's standing model
 * @param repeatOffenceRules rules applied under either model, in policy order (empty = none)
 * @param marketZone the market's time zone (quarterly resets happen at local midnight)
 */
public record StandingRules(
    StandingModel model, List<RepeatOffenceRule> repeatOffenceRules, ZoneId marketZone) {

  public StandingRules {
    Objects.requireNonNull(model, "model");
    repeatOffenceRules = List.copyOf(repeatOffenceRules);
    Objects.requireNonNull(marketZone, "marketZone");
  }
}
