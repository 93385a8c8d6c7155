package io.creatorgov.incentive.domain;

import java.util.List;

/** A typed value of a condition: what the programme requires, or what the creator has. */
public sealed interface EligibilityValue {

  /** A market (ISO 3166-1 alpha-2). */
  record Market(String market) implements EligibilityValue {}

  /** Creator statuses by name ({@code ACTIVE}, {@code SUSPENDED}…). */
  record Statuses(List<String> statuses) implements EligibilityValue {
    public Statuses {
      statuses = List.copyOf(statuses);
    }
  }

  /** A tier; null when none is computed yet. */
  record TierValue(Tier tier) implements EligibilityValue {}

  /** A number: violation points or a health score. */
  record Number(int value) implements EligibilityValue {}

  /** Category codes. */
  record Categories(List<String> categories) implements EligibilityValue {
    public Categories {
      categories = List.copyOf(categories);
    }
  }

  /** Restriction types by name ({@code CAMPAIGN_INELIGIBLE}…). */
  record Restrictions(List<String> restrictionTypes) implements EligibilityValue {
    public Restrictions {
      restrictionTypes = List.copyOf(restrictionTypes);
    }
  }
}
