package io.creatorgov.policy.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.domain.ScopedEdits;
import io.creatorgov.policy.v1.PolicyVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks of a command's input and of its caller's reach that several commands share. */
final class CommandChecks {
  private CommandChecks() {}

  /** Commands that change every market need a token without a market scope. */
  static void requireUnscoped(CallerIdentity caller) {
    if (!caller.marketScope().isEmpty()) {
      throw outOfScope(caller, "this command changes every market and needs an unscoped token");
    }
  }

  /**
   * A market-scoped author may only change overlays of markets in their scope; the base content and
   * other markets' overlays must stay as they were ({@code before}, or empty for a new version).
   */
  static void requireScopeAllows(CallerIdentity caller, PolicyVersion before, PolicyVersion after) {
    if (caller.marketScope().isEmpty()) {
      return;
    }
    if (ScopedEdits.changesBaseContent(before, after)) {
      throw outOfScope(
          caller,
          "a market-scoped author may only change overlays of their markets, not the base content");
    }
    ScopedEdits.touchedMarkets(before, after).forEach(caller::requireMarket);
  }

  static void requireVersionRef(String policyKey, int version) {
    Violations v = new Violations();
    v.require(policyKey.isEmpty(), "policy_key", "required");
    v.require(version <= 0, "version", "required: a version number");
    v.throwIfAny();
  }

  /** A given etag must be the row's current one: ABORTED ETAG_MISMATCH otherwise. */
  static void checkEtag(String given, long rowVersion) {
    ApiException.requireEtag(given, PolicyMapper.etag(rowVersion));
  }

  static void throwIfInvalid(List<FieldViolation> violations) {
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
  }

  /**
   * The update mask's paths, which must be given and name only editable fields ({@code all}, in the
   * order the message lists them): INVALID_UPDATE_MASK otherwise.
   */
  static List<String> maskPaths(List<String> requested, Set<String> allowed, String... all) {
    List<FieldViolation> bad = new ArrayList<>();
    if (requested.isEmpty()) {
      bad.add(
          new FieldViolation(
              "update_mask",
              "required: name the fields to update (" + String.join(", ", all) + ")"));
    }
    for (String path : requested) {
      if (!allowed.contains(path)) {
        bad.add(
            new FieldViolation(
                "update_mask",
                "'" + path + "' cannot be updated; allowed: " + String.join(", ", all)));
      }
    }
    if (!bad.isEmpty()) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_INVALID_UPDATE_MASK,
          "update_mask names fields that cannot be updated",
          Map.of(),
          bad,
          List.of(),
          null);
    }
    return List.copyOf(requested);
  }

  private static ApiException outOfScope(CallerIdentity caller, String message) {
    return ApiException.of(
        ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE,
        message,
        Map.of("allowed_markets", String.join(",", caller.marketScope())));
  }
}
