package io.creatorgov.incentive.domain;

/**
 * Money for a programme's monetary rewards, in the market's currency.
 *
 * @param total the whole budget, > 0 (null only in a request that left it out)
 * @param perCreatorCap the most one creator may accrue, > 0 and ≤ total; null = no cap
 */
public record Budget(Money total, Money perCreatorCap) {

  public Budget withTotal(Money newTotal) {
    return new Budget(newTotal, perCreatorCap);
  }

  public Budget withPerCreatorCap(Money cap) {
    return new Budget(total, cap);
  }
}
