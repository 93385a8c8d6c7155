package io.creatorgov.creator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CommissionRulesTest {

  private static final PolicyRef VN_CAPS = new PolicyRef("commission.caps", 3, "VN");

  private static final Map<String, Integer> SEED_CATEGORY_CAPS = seedCategoryCaps();

  /** Seed-like caps: fashion 25 %, electronics 8 %, health supplements 10 % (VN), default 15 %. */
  private static final CommissionCaps CAPS =
      new CommissionCaps(SEED_CATEGORY_CAPS, OptionalInt.of(1_500));

  private static final CommissionCaps NO_DEFAULT =
      new CommissionCaps(SEED_CATEGORY_CAPS, OptionalInt.empty());

  private static Map<String, Integer> seedCategoryCaps() {
    Map<String, Integer> caps = new LinkedHashMap<>();
    caps.put("electronics", 800);
    caps.put("fashion", 2_500);
    caps.put("health-supplements", 1_000);
    return caps;
  }

  private static CommissionCaps defaultOnly(int bps) {
    return new CommissionCaps(Map.of(), OptionalInt.of(bps));
  }

  @Test
  void capForACategoryWithItsOwnEntryIsThatEntry() {
    assertThat(CommissionRules.capFor(CAPS, "fashion")).isEqualTo(OptionalInt.of(2_500));
    assertThat(CommissionRules.capFor(CAPS, "health-supplements")).isEqualTo(OptionalInt.of(1_000));
  }

  @Test
  void categoryCapOverridesTheDefaultEvenWhenLower() {
    assertThat(CommissionRules.capFor(CAPS, "electronics")).isEqualTo(OptionalInt.of(800));
  }

  @Test
  void capForACategoryWithoutEntryIsTheDefaultCap() {
    assertThat(CommissionRules.capFor(CAPS, "toys-games")).isEqualTo(OptionalInt.of(1_500));
  }

  @Test
  void noEntryAndNoDefaultMeansNoCap() {
    assertThat(CommissionRules.capFor(NO_DEFAULT, "toys-games")).isEqualTo(OptionalInt.empty());
    assertThat(CommissionRules.capFor(NO_DEFAULT, "fashion")).isEqualTo(OptionalInt.of(2_500));
  }

  @Test
  void defaultCapOfZeroIsACapNotAbsence() {
    CommissionCaps zero = defaultOnly(0);

    assertThat(CommissionRules.capFor(zero, "beauty")).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void rateUnderOrAtTheCapPassesAndReturnsTheCap() {
    assertThat(CommissionRules.check(2_499, "fashion", CAPS, VN_CAPS)).isEqualTo(2_500);
    assertThat(CommissionRules.check(2_500, "fashion", CAPS, VN_CAPS)).isEqualTo(2_500);
    assertThat(CommissionRules.check(0, "electronics", CAPS, VN_CAPS)).isEqualTo(800);
  }

  @Test
  void rateOverTheCategoryCapIsCommissionCapExceededWithCapAndPolicyVersion() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> CommissionRules.check(2_501, "fashion", CAPS, VN_CAPS));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_COMMISSION_CAP_EXCEEDED);
    assertThat(e.metadata())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "cap_bps", "2500",
                "category", "fashion",
                "policy_key", "commission.caps",
                "policy_version", "3"));
    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("rate_bps", "must be at most 2500 bps"));
    assertThat(e.getMessage())
        .isEqualTo("rate 2501 bps exceeds the fashion cap of 2500 bps (commission.caps version 3)");
  }

  @Test
  void rateOverTheDefaultCapIsRefusedForACategoryWithoutEntry() {
    assertThat(CommissionRules.check(1_500, "toys-games", CAPS, VN_CAPS)).isEqualTo(1_500);

    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> CommissionRules.check(1_501, "toys-games", CAPS, VN_CAPS));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_COMMISSION_CAP_EXCEEDED);
    assertThat(e.metadata())
        .containsEntry("cap_bps", "1500")
        .containsEntry("category", "toys-games");
  }

  @Test
  void categoryCapAboveTheDefaultAllowsRatesTheDefaultWouldRefuse() {
    assertThat(CommissionRules.check(2_000, "fashion", CAPS, VN_CAPS)).isEqualTo(2_500);
  }

  @Test
  void rateOutsideZeroToTenThousandIsInvalidArgumentOnRateBps() {
    for (int rate : new int[] {-1, 10_001, Integer.MIN_VALUE}) {
      ApiException e =
          catchThrowableOfType(
              ApiException.class, () -> CommissionRules.check(rate, "fashion", CAPS, VN_CAPS));

      assertThat(e.reason())
          .as("rate %d", rate)
          .isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
      assertThat(e.fieldViolations())
          .containsExactly(new FieldViolation("rate_bps", "must be between 0 and 10000 bps"));
    }
  }

  @Test
  void fullRateIsAllowedUnderAFullCap() {
    CommissionCaps full = defaultOnly(10_000);

    assertThat(CommissionRules.check(10_000, "fashion", full, VN_CAPS)).isEqualTo(10_000);
  }

  @Test
  void categoryThatIsNotATaxonomySlugIsInvalidArgumentOnCategory() {
    for (String bad :
        new String[] {
          "", "Beauty", "beauty-", "-beauty", "home--living", "home_living", "a".repeat(65)
        }) {
      ApiException e =
          catchThrowableOfType(
              ApiException.class, () -> CommissionRules.check(100, bad, CAPS, VN_CAPS));

      assertThat(e.reason()).as(bad).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
      assertThat(e.fieldViolations())
          .as(bad)
          .containsExactly(
              new FieldViolation(
                  "category",
                  "must be 1-64 characters matching ^[a-z0-9]+(-[a-z0-9]+)*$ (for example"
                      + " beauty)"));
    }
  }

  @Test
  void categoryOfSixtyFourCharactersIsAccepted() {
    assertThat(CommissionRules.isValidCategory("a".repeat(64))).isTrue();
    assertThat(CommissionRules.isValidCategory("consumer-electronics2")).isTrue();
    assertThat(CommissionRules.isValidCategory(null)).isFalse();
  }

  @Test
  void badRateAndBadCategoryAreReportedTogether() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> CommissionRules.check(20_000, "Fashion", CAPS, VN_CAPS));

    assertThat(e.fieldViolations())
        .extracting(FieldViolation::field)
        .containsExactly("rate_bps", "category");
  }

  @Test
  void categoryWithoutAnyCapIsInvalidArgumentOnCategory() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> CommissionRules.check(0, "toys-games", NO_DEFAULT, VN_CAPS));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.fieldViolations())
        .containsExactly(
            new FieldViolation(
                "category", "no commission cap for this category in commission.caps version 3"));
  }
}
