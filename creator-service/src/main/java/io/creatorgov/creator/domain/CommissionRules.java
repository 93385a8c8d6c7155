package io.creatorgov.creator.domain;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Commission rate rules of {@code SetCommissionRate} against the market's resolved {@code
 * commission.caps} policy: a category's own cap, else {@code default_max_rate_bps}, else no cap —
 * and without a cap a rate cannot be set. Field paths are those of {@code
 * SetCommissionRateRequest}. Pure: no I/O.
 */
public final class CommissionRules {

  /** Highest rate in basis points (100 %). */
  public static final int MAX_RATE_BPS = 10_000;

  /** Category slugs, shared with policy-service's caps: 1–64 characters. */
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private static final int MAX_CATEGORY_LENGTH = 64;

  private CommissionRules() {}

  /**
   * The cap for {@code category}: its own entry in {@code category_caps}, else {@code
   * default_max_rate_bps} when set, else empty (no cap: a rate for the category is refused).
   */
  public static OptionalInt capFor(CommissionCaps caps, String category) {
    Objects.requireNonNull(caps, "caps");
    Objects.requireNonNull(category, "category");
    Integer own = caps.categoryCaps().get(category);
    return own != null ? OptionalInt.of(own) : caps.defaultMaxRateBps();
  }

  /** True when {@code category} is a taxonomy slug: 1–64 of {@code ^[a-z0-9]+(-[a-z0-9]+)*$}. */
  public static boolean isValidCategory(String category) {
    return category != null
        && category.length() <= MAX_CATEGORY_LENGTH
        && CATEGORY.matcher(category).matches();
  }

  /**
   * Checks a rate for a category and returns the cap it was checked against (for {@code
   * CommissionRate.cap_bps} and {@code CommissionChange.cap_bps}).
   *
   * @param capPolicy the {@code commission.caps} version {@code caps} came from
   * @throws ApiException INVALID_ARGUMENT (INVALID_ARGUMENT) on {@code rate_bps} outside 0–10000
   *     and/or {@code category} not a slug or without a cap; INVALID_ARGUMENT
   *     (COMMISSION_CAP_EXCEEDED) with metadata {@code cap_bps}, {@code category}, {@code
   *     policy_key}, {@code policy_version} and a violation on {@code rate_bps} when over the cap
   */
  public static int check(int rateBps, String category, CommissionCaps caps, PolicyRef capPolicy) {
    Objects.requireNonNull(caps, "caps");
    Objects.requireNonNull(capPolicy, "capPolicy");
    Violations violations = new Violations();
    violations.require(
        rateBps < 0 || rateBps > MAX_RATE_BPS, "rate_bps", "must be between 0 and 10000 bps");
    boolean validCategory = isValidCategory(category);
    violations.require(
        !validCategory,
        "category",
        "must be 1-64 characters matching ^[a-z0-9]+(-[a-z0-9]+)*$ (for example beauty)");
    OptionalInt cap = validCategory ? capFor(caps, category) : OptionalInt.empty();
    violations.require(
        validCategory && cap.isEmpty(),
        "category",
        "no commission cap for this category in "
            + capPolicy.policyKey()
            + " version "
            + capPolicy.policyVersion());
    violations.throwIfAny();

    int capBps = cap.getAsInt();
    if (rateBps > capBps) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_COMMISSION_CAP_EXCEEDED,
          "rate "
              + rateBps
              + " bps exceeds the "
              + category
              + " cap of "
              + capBps
              + " bps ("
              + capPolicy.policyKey()
              + " version "
              + capPolicy.policyVersion()
              + ")",
          Map.of(
              "cap_bps", Integer.toString(capBps),
              "category", category,
              "policy_key", capPolicy.policyKey(),
              "policy_version", Integer.toString(capPolicy.policyVersion())),
          List.of(new FieldViolation("rate_bps", "must be at most " + capBps + " bps")),
          List.of(),
          null);
    }
    return capBps;
  }
}
