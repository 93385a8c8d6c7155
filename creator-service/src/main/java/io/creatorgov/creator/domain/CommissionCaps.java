package io.creatorgov.creator.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A market's commission caps (policy {@code commission.caps}).
 *
 * @param categoryCaps category slug → its maximum rate in basis points
 * @param defaultMaxRateBps the cap of every other category; empty: no cap (no rate can be set)
 */
public record CommissionCaps(Map<String, Integer> categoryCaps, OptionalInt defaultMaxRateBps) {
  public CommissionCaps {
    categoryCaps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categoryCaps));
  }
}
