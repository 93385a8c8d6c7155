package io.creatorgov.kit.money;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An amount in a currency's minor unit (ISO 4217 exponent: IDR, MYR, PHP, SGD, THB 2; VND, JPY, KRW
 * 0). Integer arithmetic only; overflow throws; mixing currencies throws.
 */
public record MoneyAmount(long amountMinor, Currency currency) implements Comparable<MoneyAmount> {

  public MoneyAmount {
    Objects.requireNonNull(currency, "currency");
  }

  public static MoneyAmount of(long amountMinor, String currencyCode) {
    return new MoneyAmount(amountMinor, Currency.getInstance(currencyCode));
  }

  public static MoneyAmount zero(Currency currency) {
    return new MoneyAmount(0, currency);
  }

  /**
   * Parses a major-unit decimal ("1500.50" MYR → 150050); more decimals than the currency has fail.
   */
  public static MoneyAmount ofMajor(String decimal, String currencyCode) {
    Currency currency = Currency.getInstance(currencyCode);
    BigDecimal minor =
        new BigDecimal(decimal).movePointRight(Math.max(0, currency.getDefaultFractionDigits()));
    return new MoneyAmount(minor.longValueExact(), currency);
  }

  /**
   * Reads a proto {@link Money}, requiring the given currency (the market's).
   *
   * @throws ApiException INVALID_ARGUMENT (CURRENCY_MISMATCH or INVALID_ARGUMENT) naming {@code
   *     field}
   */
  public static MoneyAmount fromProto(Money money, Currency expected, String field) {
    return of(money.getAmountMinor(), money.getCurrencyCode(), expected, field);
  }

  /**
   * An amount given as plain values, requiring the given currency (the market's).
   *
   * @throws ApiException INVALID_ARGUMENT naming {@code field.currency_code} without a currency;
   *     INVALID_ARGUMENT CURRENCY_MISMATCH (metadata {@code expected}, {@code actual}) in another
   */
  public static MoneyAmount of(
      long amountMinor, String currencyCode, Currency expected, String field) {
    if (currencyCode.isEmpty()) {
      throw ApiException.invalid(field + ".currency_code", "required: ISO 4217 code");
    }
    if (!currencyCode.equals(expected.getCurrencyCode())) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_CURRENCY_MISMATCH,
          field + " must be in " + expected.getCurrencyCode(),
          Map.of("expected", expected.getCurrencyCode(), "actual", currencyCode),
          List.of(
              new FieldViolation(
                  field + ".currency_code", "must be " + expected.getCurrencyCode())),
          List.of(),
          null);
    }
    return new MoneyAmount(amountMinor, expected);
  }

  public Money toProto() {
    return Money.newBuilder()
        .setAmountMinor(amountMinor)
        .setCurrencyCode(currency.getCurrencyCode())
        .build();
  }

  public MoneyAmount plus(MoneyAmount other) {
    requireSameCurrency(other);
    return new MoneyAmount(Math.addExact(amountMinor, other.amountMinor), currency);
  }

  public MoneyAmount minus(MoneyAmount other) {
    requireSameCurrency(other);
    return new MoneyAmount(Math.subtractExact(amountMinor, other.amountMinor), currency);
  }

  public MoneyAmount min(MoneyAmount other) {
    requireSameCurrency(other);
    return amountMinor <= other.amountMinor ? this : other;
  }

  public boolean isNegative() {
    return amountMinor < 0;
  }

  public boolean isZero() {
    return amountMinor == 0;
  }

  /** This amount times {@code bps}/10,000, rounded down (never pays out a fraction not earned). */
  public MoneyAmount timesBasisPoints(int bps) {
    return ratio(bps, 10_000);
  }

  /** This amount times {@code numerator}/{@code denominator}, rounded down (pro-rating). */
  public MoneyAmount ratio(long numerator, long denominator) {
    if (denominator <= 0 || numerator < 0) {
      throw new IllegalArgumentException("ratio needs numerator >= 0 and denominator > 0");
    }
    BigInteger scaled =
        BigInteger.valueOf(amountMinor)
            .multiply(BigInteger.valueOf(numerator))
            .divide(BigInteger.valueOf(denominator));
    return new MoneyAmount(scaled.longValueExact(), currency);
  }

  /** Human-readable, for messages and logs: "1500.50 MYR", "300 JPY". */
  public String format() {
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    return BigDecimal.valueOf(amountMinor, digits)
            .setScale(digits, RoundingMode.UNNECESSARY)
            .toPlainString()
        + " "
        + currency.getCurrencyCode();
  }

  @Override
  public int compareTo(MoneyAmount other) {
    requireSameCurrency(other);
    return Long.compare(amountMinor, other.amountMinor);
  }

  private void requireSameCurrency(MoneyAmount other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: "
              + currency.getCurrencyCode()
              + " vs "
              + other.currency.getCurrencyCode());
    }
  }
}
