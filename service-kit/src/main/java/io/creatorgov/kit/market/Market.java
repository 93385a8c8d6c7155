package io.creatorgov.kit.market;

import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;

/**
 * A marketplace market: ISO 3166-1 alpha-2 code, ISO 4217 currency, time zone (for local calendars
 * such as quarterly resets and settlement dates) and whether it is enabled.
 */
public record Market(String code, Currency currency, ZoneId zone, boolean enabled) {
  public Market {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(zone, "zone");
    if (!code.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("market code must be ISO 3166-1 alpha-2: " + code);
    }
  }
}
