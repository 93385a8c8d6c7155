package io.creatorgov.incentive.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.domain.Problem;
import io.creatorgov.incentive.domain.ProgramEdits;
import io.creatorgov.incentive.domain.ProgramRules;
import io.creatorgov.incentive.domain.ProgramTerms;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of a programme's settings that need the service: the market registry first, then the
 * domain's rules with the market's currency; every violation is reported together, and a precise
 * reason (UNKNOWN_MARKET, MARKET_DISABLED, CURRENCY_MISMATCH) only when every violation is of it.
 */
@ApplicationScoped
public class ProgramInputs {
  private final MarketRegistry markets;

  public ProgramInputs(MarketRegistry markets) {
    this.markets = markets;
  }

  /**
   * The currency of {@code terms}' market after every check passed; INVALID_ARGUMENT with every
   * violation otherwise.
   *
   * @param requireEnabledMarket whether the market must be enabled (on creation and when the market
   *     changes); a programme already in a market that was disabled since keeps its other edits
   * @param more further problems found by the caller (a budget decrease, say)
   */
  String requireValid(ProgramTerms terms, boolean requireEnabledMarket, List<Problem> more) {
    Violations v = new Violations();
    Optional<Market> market = markets.find(terms.market());
    if (market.isEmpty() || requireEnabledMarket) {
      markets.check(terms.market(), "program.market").ifPresent(v::add);
    }
    String currency = market.map(m -> m.currency().getCurrencyCode()).orElse(null);
    ProgramRules.check(terms, currency).forEach(p -> v.add(violation(p)));
    more.forEach(p -> v.add(violation(p)));
    v.throwIfAny();
    return currency;
  }

  /** INVALID_ARGUMENT UNKNOWN_MARKET unless a filter names a configured market (disabled: fine). */
  void requireKnownMarket(String market, String field) {
    if (markets.find(market).isEmpty()) {
      fail(markets.check(market, field).orElseThrow());
    }
  }

  /** INVALID_ARGUMENT MARKET_DISABLED (or UNKNOWN_MARKET) unless a programme's market is usable. */
  void requireEnabledMarket(String market) {
    markets
        .check(market, "program_id")
        .ifPresent(
            v ->
                fail(
                    new FieldViolation(
                        "program_id", "the programme's " + v.description(), v.reason())));
  }

  private static void fail(FieldViolation violation) {
    new Violations().add(violation).throwIfAny();
  }

  /** INVALID_UPDATE_MASK unless the mask is non-empty and names only updatable fields. */
  static void requireUpdatableMask(List<String> paths) {
    if (paths.isEmpty()) {
      throw invalidMask(
          "update_mask is required",
          "name the fields to change: " + String.join(", ", ProgramEdits.PATHS));
    }
    List<String> unknown = ProgramEdits.unknownPaths(paths);
    if (!unknown.isEmpty()) {
      throw invalidMask(
          "update_mask names fields that cannot be updated: " + unknown,
          unknown + " cannot be updated; allowed: " + String.join(", ", ProgramEdits.PATHS));
    }
  }

  private static ApiException invalidMask(String message, String violation) {
    return new ApiException(
        ErrorReason.ERROR_REASON_INVALID_UPDATE_MASK,
        message,
        Map.of(),
        List.of(new FieldViolation("update_mask", violation)),
        List.of(),
        null);
  }

  private static FieldViolation violation(Problem p) {
    return p.kind() == Problem.Kind.CURRENCY_MISMATCH
        ? new FieldViolation(p.field(), p.description(), ErrorReason.ERROR_REASON_CURRENCY_MISMATCH)
        : new FieldViolation(p.field(), p.description());
  }
}
