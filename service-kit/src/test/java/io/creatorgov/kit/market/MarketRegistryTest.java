package io.creatorgov.kit.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarketRegistryTest {

  @Test
  void defaultRegistryHasTheEightApacMarketsWithTheirCurrenciesAndZones() {
    MarketRegistry registry = MarketRegistry.defaults();

    assertThat(registry.enabled())
        .extracting(Market::code)
        .containsExactly("ID", "JP", "KR", "MY", "PH", "SG", "TH", "VN");
    Market vn = registry.require("VN", "market");
    assertThat(vn.currency().getCurrencyCode()).isEqualTo("VND");
    assertThat(vn.zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    assertThat(registry.require("JP", "market").currency().getCurrencyCode()).isEqualTo("JPY");
  }

  @Test
  void unknownMarketIsInvalidArgumentNamingTheField() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> MarketRegistry.defaults().require("US", "home_market"));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
    assertThat(e.fieldViolations())
        .extracting(FieldViolation::field)
        .containsExactly("home_market");
    assertThat(e.metadata()).containsEntry("market", "US");
  }

  @Test
  void lowerCaseOrMissingCodeIsNeverSilentlyDefaulted() {
    MarketRegistry registry = MarketRegistry.defaults();

    assertThat(
            catchThrowableOfType(ApiException.class, () -> registry.require("id", "market"))
                .reason())
        .isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
    assertThat(
            catchThrowableOfType(ApiException.class, () -> registry.require("", "market")).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
  }

  @Test
  void disabledMarketIsRefusedWithItsOwnReason() {
    MarketRegistry registry =
        MarketRegistry.parse(MarketRegistry.DEFAULT_DEFINITIONS, Set.of("KR"));

    ApiException e =
        catchThrowableOfType(ApiException.class, () -> registry.require("KR", "market"));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_DISABLED);
    assertThat(registry.enabled()).extracting(Market::code).doesNotContain("KR");
    assertThat(registry.find("KR")).isPresent();
  }

  @Test
  void badConfigurationFailsAtStartUp() {
    assertThatThrownBy(() -> MarketRegistry.parse("ID:IDR", Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> MarketRegistry.parse("ID:IDR:Asia/Jakarta,ID:IDR:Asia/Jakarta", Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MarketRegistry.parse(MarketRegistry.DEFAULT_DEFINITIONS, Set.of("XX")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMarketViolationGivesItsReasonOnlyWhenEveryViolationIsOfThatKind() {
    MarketRegistry registry =
        MarketRegistry.parse(
            MarketRegistry.DEFAULT_DEFINITIONS + ",HK:HKD:Asia/Hong_Kong", Set.of("HK"));
    io.creatorgov.kit.error.Violations v = new io.creatorgov.kit.error.Violations();
    v.add("handle", "required");
    registry.check("ZZ", "markets[0]").ifPresent(f -> v.addAll(java.util.List.of(f)));
    ApiException mixed = catchThrowableOfType(ApiException.class, v::throwIfAny);
    assertThat(mixed.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(mixed.fieldViolations())
        .extracting(io.creatorgov.kit.error.FieldViolation::field)
        .containsExactly("handle", "markets[0]");
    io.creatorgov.kit.error.Violations markets = new io.creatorgov.kit.error.Violations();
    registry.check("ZZ", "markets[0]").ifPresent(markets::add);
    registry.check("XX", "markets[1]").ifPresent(markets::add);
    assertThat(catchThrowableOfType(ApiException.class, markets::throwIfAny).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
    assertThat(registry.check("HK", "market").orElseThrow().reason())
        .isEqualTo(ErrorReason.ERROR_REASON_MARKET_DISABLED);
    assertThat(ApiException.invalid("handle", "required").reason())
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
  }
}
