package io.creatorgov.incentive.domain;

/**
 * An amount in a currency's minor unit (ISO 4217 exponent) and the currency's code, as a request
 * gave it: the code is checked against the programme's market by {@link ProgramRules}.
 */
public record Money(long amountMinor, String currencyCode) {
  public Money {
    currencyCode = currencyCode == null ? "" : currencyCode;
  }

  public boolean isPositive() {
    return amountMinor > 0;
  }
}
