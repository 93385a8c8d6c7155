package io.creatorgov.creator.domain;

import java.util.Objects;

/**
 * An amount as a caller sent it: minor units in a currency that is not checked yet (empty when none
 * was given).
 */
public record Money(long amountMinor, String currencyCode) {
  public Money {
    Objects.requireNonNull(currencyCode, "currencyCode");
  }
}
