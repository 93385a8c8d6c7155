package io.creatorgov.kit.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.kit.error.ApiException;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyAmountTest {

  @Test
  void minorUnitsFollowIso4217Exponents() {
    assertThat(MoneyAmount.ofMajor("1500.50", "MYR").amountMinor()).isEqualTo(150_050);
    assertThat(MoneyAmount.ofMajor("25000", "IDR").amountMinor()).isEqualTo(2_500_000);
    assertThat(MoneyAmount.ofMajor("300", "JPY").amountMinor()).isEqualTo(300);
    assertThat(MoneyAmount.ofMajor("15000", "VND").amountMinor()).isEqualTo(15_000);
    assertThatThrownBy(() -> MoneyAmount.ofMajor("300.5", "KRW"))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void basisPointsAndProRatingRoundDown() {
    MoneyAmount gmv = MoneyAmount.of(999, "SGD");

    assertThat(gmv.timesBasisPoints(1_000).amountMinor()).isEqualTo(99);
    assertThat(MoneyAmount.of(1_000, "THB").ratio(1, 3).amountMinor()).isEqualTo(333);
    assertThat(MoneyAmount.of(Long.MAX_VALUE / 2, "JPY").timesBasisPoints(10_000).amountMinor())
        .isEqualTo(Long.MAX_VALUE / 2);
  }

  @Test
  void mixingCurrenciesOrOverflowingFails() {
    assertThatThrownBy(() -> MoneyAmount.of(1, "MYR").plus(MoneyAmount.of(1, "SGD")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MoneyAmount.of(Long.MAX_VALUE, "JPY").plus(MoneyAmount.of(1, "JPY")))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void protoInTheWrongCurrencyIsCurrencyMismatchOnTheField() {
    Money usd = Money.newBuilder().setAmountMinor(100).setCurrencyCode("USD").build();

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> MoneyAmount.fromProto(usd, Currency.getInstance("PHP"), "budget.total"));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_CURRENCY_MISMATCH);
    assertThat(e.fieldViolations().get(0).field()).isEqualTo("budget.total.currency_code");
    assertThat(e.metadata()).containsEntry("expected", "PHP").containsEntry("actual", "USD");
  }

  @Test
  void formatsInMajorUnits() {
    assertThat(MoneyAmount.of(150_050, "MYR").format()).isEqualTo("1500.50 MYR");
    assertThat(MoneyAmount.of(300, "JPY").format()).isEqualTo("300 JPY");
    assertThat(MoneyAmount.of(-5, "SGD").format()).isEqualTo("-0.05 SGD");
  }

  @Test
  void roundTripsThroughProto() {
    MoneyAmount amount = MoneyAmount.of(42, "KRW");

    assertThat(MoneyAmount.fromProto(amount.toProto(), Currency.getInstance("KRW"), "x"))
        .isEqualTo(amount);
  }
}
