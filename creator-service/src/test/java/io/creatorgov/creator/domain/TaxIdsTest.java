package io.creatorgov.creator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.creator.domain.OnboardingRequirements.TaxIdFormat;
import io.creatorgov.kit.error.FieldViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaxIdsTest {

  /** Vietnam's seed format: 10 digits, 10 digits + "-" + 3-digit branch suffix, or 12 digits. */
  private static final TaxIdFormat VN_FORMAT =
      new TaxIdFormat(
          "Mã số thuế (MST)", "([0-9]{10}(-[0-9]{3})?|[0-9]{12})", "0101234565-001", "VN_MST");

  private static final OnboardingRequirements VN = requiring(VN_FORMAT);

  /** Identity and a tax profile in {@code format} (null: any identifier). */
  private static OnboardingRequirements requiring(TaxIdFormat format) {
    return new OnboardingRequirements(true, true, format, false, List.of());
  }

  private static TaxIdFormat vnWithPattern(String pattern) {
    return new TaxIdFormat(VN_FORMAT.label(), pattern, VN_FORMAT.example(), VN_FORMAT.scheme());
  }

  private static final String VN_TAX_ID_MESSAGE =
      "not a valid Mã số thuế (MST) (for example 0101234565-001)";

  private static TaxProfile profile(String scheme, String taxId) {
    return withLegalName(scheme, taxId, "Công ty TNHH Lan Anh");
  }

  private static TaxProfile withLegalName(String scheme, String taxId, String legalName) {
    return new TaxProfile(scheme, taxId, "", legalName, "");
  }

  @Test
  void vietnameseTaxCodeOfTenDigitsIsValid() {
    assertThat(TaxIds.validate(profile("VN_MST", "0101234565"), VN)).isEmpty();
  }

  @Test
  void vietnameseBranchTaxCodeWithThreeDigitSuffixIsValid() {
    assertThat(TaxIds.validate(profile("VN_MST", "0101234565-001"), VN)).isEmpty();
  }

  @Test
  void vietnamesePersonalIdentificationNumberOfTwelveDigitsIsValid() {
    assertThat(TaxIds.validate(profile("VN_MST", "001090123456"), VN)).isEmpty();
  }

  @Test
  void malformedVietnameseTaxCodesAreRejectedOnTaxId() {
    for (String bad :
        new String[] {
          "010123456", // 9 digits
          "01012345651", // 11 digits
          "0101234565001", // 13 digits without the hyphen
          "0101234565-01", // 2-digit suffix
          "0101234565-0012", // the pattern matches a prefix only: must match the whole id
          "x0101234565", // ... and from the first character
          "0101 234 565"
        }) {
      assertThat(TaxIds.validate(profile("VN_MST", bad), VN))
          .as(bad)
          .containsExactly(new FieldViolation("tax_profile.tax_id", VN_TAX_ID_MESSAGE));
    }
  }

  @Test
  void schemeOtherThanThePolicySchemeIsRejected() {
    assertThat(TaxIds.validate(profile("ID_NPWP", "0101234565"), VN))
        .containsExactly(new FieldViolation("tax_profile.scheme", "must be VN_MST in this market"));
  }

  @Test
  void schemeMustBeUpperCaseCode() {
    assertThat(TaxIds.validate(profile("vn_mst", "0101234565"), VN))
        .containsExactly(
            new FieldViolation(
                "tax_profile.scheme",
                "must be 2-32 characters of A-Z, 0-9 and _ (for example VN_MST)"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    TaxProfile empty = new TaxProfile("", "", "", "", "vn");

    assertThat(TaxIds.validate(empty, VN))
        .containsExactly(
            new FieldViolation("tax_profile.scheme", "required"),
            new FieldViolation("tax_profile.tax_id", "required"),
            new FieldViolation("tax_profile.legal_name", "required"),
            new FieldViolation(
                "tax_profile.tax_residence_market",
                "must be an ISO 3166-1 alpha-2 code, upper case"));
  }

  @Test
  void anySchemeAndAnyNonEmptyIdAreAcceptedWithoutAFormat() {
    OnboardingRequirements noFormat = requiring(null);

    assertThat(TaxIds.validate(profile("TH_TIN", "anything 12/3"), noFormat)).isEmpty();
  }

  @Test
  void patternsAreRe2AsTheContractSaysIncludingNamedGroups() {
    OnboardingRequirements named =
        requiring(vnWithPattern("(?P<base>[0-9]{10})(-(?P<branch>[0-9]{3}))?"));

    assertThat(TaxIds.validate(profile("VN_MST", "0101234565-001"), named)).isEmpty();
    assertThat(TaxIds.compile("(?P<base>[0-9]{10})")).isInstanceOf(com.google.re2j.Pattern.class);
  }

  @Test
  // not a speed target: a guard so that a backtracking engine makes this fail instead of hang
  @org.junit.jupiter.api.Timeout(30)
  void aPatternThatWouldBacktrackCatastrophicallyIsMatchedLinearly() {
    // with java.util.regex, (a+)+$ on "aaaa…ab" takes exponential time; RE2 answers at once
    OnboardingRequirements nested = requiring(vnWithPattern("(a+)+$"));

    assertThat(TaxIds.validate(profile("VN_MST", "a".repeat(60) + "b"), nested))
        .containsExactly(new FieldViolation("tax_profile.tax_id", VN_TAX_ID_MESSAGE));
  }

  @Test
  void anOverlongTaxIdIsRefusedBeforeAnyPatternRuns() {
    assertThat(TaxIds.validate(profile("VN_MST", "1".repeat(TaxIds.MAX_TAX_ID + 1)), VN))
        .containsExactly(new FieldViolation("tax_profile.tax_id", "at most 64 characters"));
  }

  @Test
  void formatWithoutSchemeChecksOnlyTheIdentifier() {
    OnboardingRequirements patternOnly =
        requiring(new TaxIdFormat(VN_FORMAT.label(), VN_FORMAT.pattern(), VN_FORMAT.example(), ""));

    assertThat(TaxIds.validate(profile("ANY_SCHEME", "0101234565"), patternOnly)).isEmpty();
    assertThat(TaxIds.validate(profile("ANY_SCHEME", "12"), patternOnly))
        .containsExactly(new FieldViolation("tax_profile.tax_id", VN_TAX_ID_MESSAGE));
  }

  @Test
  void formatIsIgnoredWhereTheMarketDoesNotRequireATaxProfile() {
    OnboardingRequirements notRequired =
        new OnboardingRequirements(true, false, VN_FORMAT, false, List.of());

    assertThat(TaxIds.validate(profile("ID_NPWP", "12.345.678.9-012.345"), notRequired)).isEmpty();
  }

  @Test
  void legalNameIsLimitedTo200Characters() {
    assertThat(TaxIds.validate(withLegalName("VN_MST", "0101234565", "ế".repeat(200)), VN))
        .isEmpty();
    assertThat(TaxIds.validate(withLegalName("VN_MST", "0101234565", "ế".repeat(201)), VN))
        .containsExactly(new FieldViolation("tax_profile.legal_name", "at most 200 characters"));
  }

  @Test
  void re2NamedGroupsInThePatternAreUnderstood() {
    OnboardingRequirements named = requiring(vnWithPattern("(?P<code>[0-9]{10})(-[0-9]{3})?"));

    assertThat(TaxIds.validate(profile("VN_MST", "0101234565-001"), named)).isEmpty();
    assertThat(TaxIds.validate(profile("VN_MST", "010123456"), named)).hasSize(1);
  }

  @Test
  void maskReplacesAllButTheLastFourCharacters() {
    assertThat(TaxIds.mask("0101234565-001")).isEqualTo("**********-001");
    assertThat(TaxIds.mask("0101234565")).isEqualTo("******4565");
    assertThat(TaxIds.mask("12345")).isEqualTo("*2345");
  }

  @Test
  void maskLeavesIdentifiersOfFourCharactersOrFewerUnchanged() {
    assertThat(TaxIds.mask("1234")).isEqualTo("1234");
    assertThat(TaxIds.mask("")).isEmpty();
  }
}
