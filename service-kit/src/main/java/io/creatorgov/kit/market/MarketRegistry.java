package io.creatorgov.kit.market;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured markets. An unknown or disabled market is always an error (INVALID_ARGUMENT
 * UNKNOWN_MARKET / MARKET_DISABLED), never a silent default.
 */
public final class MarketRegistry {

  /** The default APAC registry: {@code CODE:CURRENCY:ZONE}, comma separated. */
  public static final String DEFAULT_DEFINITIONS =
      "ID:IDR:Asia/Jakarta,MY:MYR:Asia/Kuala_Lumpur,PH:PHP:Asia/Manila,SG:SGD:Asia/Singapore,"
          + "TH:THB:Asia/Bangkok,VN:VND:Asia/Ho_Chi_Minh,JP:JPY:Asia/Tokyo,KR:KRW:Asia/Seoul";

  private final Map<String, Market> markets;

  public MarketRegistry(Collection<Market> markets) {
    Map<String, Market> byCode = new LinkedHashMap<>();
    for (Market m : markets) {
      if (byCode.putIfAbsent(m.code(), m) != null) {
        throw new IllegalArgumentException("market defined twice: " + m.code());
      }
    }
    this.markets = Map.copyOf(byCode);
  }

  /** The default registry with every market enabled. */
  public static MarketRegistry defaults() {
    return parse(DEFAULT_DEFINITIONS, Set.of());
  }

  /**
   * Parses {@code CODE:CURRENCY:ZONE,...} definitions; codes in {@code disabled} are kept but
   * disabled.
   */
  public static MarketRegistry parse(String definitions, Set<String> disabled) {
    List<Market> list = new ArrayList<>();
    for (String entry : definitions.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "market definition must be CODE:CURRENCY:ZONE, got '" + trimmed + "'");
      }
      String code = parts[0].trim();
      list.add(
          new Market(
              code,
              Currency.getInstance(parts[1].trim()),
              ZoneId.of(parts[2].trim()),
              !disabled.contains(code)));
    }
    for (String code : disabled) {
      if (list.stream().noneMatch(m -> m.code().equals(code))) {
        throw new IllegalArgumentException("cannot disable unknown market " + code);
      }
    }
    return new MarketRegistry(list);
  }

  public Optional<Market> find(String code) {
    return Optional.ofNullable(code == null ? null : markets.get(code));
  }

  /** Every configured market, enabled or not, in code order. */
  public List<Market> all() {
    return markets.values().stream().sorted(java.util.Comparator.comparing(Market::code)).toList();
  }

  public List<Market> enabled() {
    return all().stream().filter(Market::enabled).toList();
  }

  /**
   * The enabled market {@code code}, or INVALID_ARGUMENT naming {@code field}.
   *
   * @param field the request field that carried the code, for the BadRequest detail
   */
  public Market require(String code, String field) {
    Optional<FieldViolation> problem = check(code, field);
    if (problem.isPresent()) {
      Market known = code == null ? null : markets.get(code);
      ErrorReason reason =
          known == null
              ? ErrorReason.ERROR_REASON_UNKNOWN_MARKET
              : ErrorReason.ERROR_REASON_MARKET_DISABLED;
      throw new ApiException(
          reason,
          problem.get().description(),
          Map.of("market", code == null ? "" : code),
          List.of(problem.get()),
          List.of(),
          null);
    }
    return markets.get(code);
  }

  /** A field violation if {@code code} is not an enabled market (for collecting several errors). */
  public Optional<FieldViolation> check(String code, String field) {
    if (code == null || code.isEmpty()) {
      return Optional.of(new FieldViolation(field, "required: an ISO 3166-1 alpha-2 market code"));
    }
    Market market = markets.get(code);
    if (market == null) {
      return Optional.of(
          new FieldViolation(
              field,
              "unknown market '" + code + "'; known markets: " + String.join(",", codes()),
              ErrorReason.ERROR_REASON_UNKNOWN_MARKET));
    }
    if (!market.enabled()) {
      return Optional.of(
          new FieldViolation(
              field,
              "market '" + code + "' is disabled",
              ErrorReason.ERROR_REASON_MARKET_DISABLED));
    }
    return Optional.empty();
  }

  private List<String> codes() {
    return all().stream().map(Market::code).toList();
  }
}
