package io.creatorgov.creator.domain;

import io.creatorgov.creator.domain.OnboardingRequirements.TaxIdFormat;
import io.creatorgov.kit.error.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Tax profile rules from {@code creatorgov.creator.v1.TaxProfile} and the market's {@code
 * creator.onboarding} policy ({@code OnboardingRequirements.tax_id_format}). Field paths are those
 * of {@code SubmitOnboardingItemRequest} ({@code tax_profile.tax_id}, …).
 */
public final class TaxIds {

  /** Path of the tax profile in {@code SubmitOnboardingItemRequest}. */
  public static final String FIELD = "tax_profile";

  private static final Pattern SCHEME = Pattern.compile("[A-Z0-9_]{2,32}");
  private static final Pattern MARKET = Pattern.compile("[A-Z]{2}");
  private static final int MAX_LEGAL_NAME = 200;

  /** Longest tax identifier accepted (real ones are under 20 characters). */
  static final int MAX_TAX_ID = 64;

  /** Policies' tax-id patterns compiled once (bounded: a few per market and policy version). */
  private static final java.util.Map<String, com.google.re2j.Pattern> COMPILED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int VISIBLE_CHARACTERS = 4;

  private TaxIds() {}

  /**
   * Every problem with a submitted tax profile, empty when it is acceptable:
   *
   * <ul>
   *   <li>{@code scheme}: required, upper case, 2–32 characters of {@code A-Z}, {@code 0-9}, {@code
   *       _}; must equal {@code tax_id_format.scheme} when the policy sets one;
   *   <li>{@code tax_id}: required; must match the whole of {@code tax_id_format.pattern} when the
   *       policy sets a format (unset = any non-empty identifier);
   *   <li>{@code legal_name}: 1–200 characters;
   *   <li>{@code tax_residence_market}: empty (the home market) or two upper-case letters (whether
   *       the market exists is the caller's registry check).
   * </ul>
   *
   * The format applies only when the policy has {@code tax_profile_required} ("only meaningful"
   * then, as the policy contract says). {@code tax_id_masked} is output-only and ignored.
   */
  public static List<FieldViolation> validate(
      TaxProfile profile, OnboardingRequirements requirements) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(requirements, "requirements");
    TaxIdFormat format = requirements.taxProfileRequired() ? requirements.taxIdFormat() : null;
    List<FieldViolation> violations = new ArrayList<>();

    String scheme = profile.scheme();
    if (scheme.isEmpty()) {
      violations.add(new FieldViolation(FIELD + ".scheme", "required"));
    } else if (!SCHEME.matcher(scheme).matches()) {
      violations.add(
          new FieldViolation(
              FIELD + ".scheme", "must be 2-32 characters of A-Z, 0-9 and _ (for example VN_MST)"));
    } else if (format != null && !format.scheme().isEmpty()) {
      if (!scheme.equals(format.scheme())) {
        violations.add(
            new FieldViolation(
                FIELD + ".scheme", "must be " + format.scheme() + " in this market"));
      }
    }

    String taxId = profile.taxId();
    if (taxId.isEmpty()) {
      violations.add(new FieldViolation(FIELD + ".tax_id", "required"));
    } else if (taxId.length() > MAX_TAX_ID) {
      violations.add(
          new FieldViolation(FIELD + ".tax_id", "at most " + MAX_TAX_ID + " characters"));
    } else if (format != null && !compile(format.pattern()).matcher(taxId).matches()) {
      violations.add(new FieldViolation(FIELD + ".tax_id", describe(format)));
    }

    int nameLength = profile.legalName().codePointCount(0, profile.legalName().length());
    if (profile.legalName().isBlank()) {
      violations.add(new FieldViolation(FIELD + ".legal_name", "required"));
    } else if (nameLength > MAX_LEGAL_NAME) {
      violations.add(
          new FieldViolation(FIELD + ".legal_name", "at most " + MAX_LEGAL_NAME + " characters"));
    }

    String residence = profile.taxResidenceMarket();
    if (!residence.isEmpty() && !MARKET.matcher(residence).matches()) {
      violations.add(
          new FieldViolation(
              FIELD + ".tax_residence_market", "must be an ISO 3166-1 alpha-2 code, upper case"));
    }
    return List.copyOf(violations);
  }

  /**
   * The identifier with all but its last 4 characters replaced by {@code *} ({@code 0101234565-001}
   * → {@code **********-001}); an identifier of 4 characters or fewer is returned unchanged, as the
   * rule leaves nothing to replace.
   */
  public static String mask(String taxId) {
    Objects.requireNonNull(taxId, "taxId");
    int length = taxId.codePointCount(0, taxId.length());
    if (length <= VISIBLE_CHARACTERS) {
      return taxId;
    }
    int keepFrom = taxId.offsetByCodePoints(0, length - VISIBLE_CHARACTERS);
    return "*".repeat(length - VISIBLE_CHARACTERS) + taxId.substring(keepFrom);
  }

  private static String describe(TaxIdFormat format) {
    String label = format.label().isEmpty() ? "tax identifier" : format.label();
    return "not a valid "
        + label
        + (format.example().isEmpty() ? "" : " (for example " + format.example() + ")");
  }

  /**
   * The policy's expression compiled with RE2 (re2j), the engine the contract names: matching is
   * linear in the input whatever the pattern, so a policy pattern cannot be made to backtrack
   * catastrophically on a crafted identifier. Compiled once per pattern. policy-service validated
   * the expression, so a syntax error here is a defect, not bad input.
   */
  static com.google.re2j.Pattern compile(String re2) {
    com.google.re2j.Pattern cached = COMPILED.get(re2);
    if (cached != null) {
      return cached;
    }
    try {
      com.google.re2j.Pattern compiled = com.google.re2j.Pattern.compile(re2);
      if (COMPILED.size() > 1_000) {
        COMPILED.clear(); // bound: policies change rarely, so this almost never happens
      }
      COMPILED.put(re2, compiled);
      return compiled;
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new IllegalStateException("tax_id_format.pattern does not compile: " + re2, e);
    }
  }
}
