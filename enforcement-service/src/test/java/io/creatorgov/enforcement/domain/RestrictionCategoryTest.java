package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.RestrictionCategory.ACCOUNT;
import static io.creatorgov.enforcement.domain.RestrictionCategory.MONETARY;
import static io.creatorgov.enforcement.domain.RestrictionCategory.SERVICE;
import static io.creatorgov.enforcement.domain.RestrictionCategory.VISIBILITY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The transparency-database categories of a consequence: by its type and its restrictions. */
class RestrictionCategoryTest {

  @Test
  void aWarningRestrictsNothing() {
    assertThat(RestrictionCategory.of(Consequence.warning())).isEmpty();
  }

  @Test
  void eachTypeHasItsCategory() {
    assertThat(RestrictionCategory.of(Consequence.contentRemoval())).containsExactly(VISIBILITY);
    assertThat(
            RestrictionCategory.of(
                Consequence.lasting(
                    ActionType.LIVE_INTERRUPTION,
                    Duration.ofDays(1),
                    RestrictionKind.LIVE_DISABLED)))
        .containsExactly(SERVICE);
    assertThat(RestrictionCategory.of(Consequence.ban())).containsExactly(ACCOUNT);
  }

  @Test
  void restrictionsAddTheirCategories() {
    // the seed ladder's 9-point rung: a commission freeze that also limits live, traffic,
    // campaigns and ads
    Consequence freeze =
        Consequence.lasting(
            ActionType.COMMISSION_FREEZE,
            Duration.ofDays(28),
            RestrictionKind.LIVE_DISABLED,
            RestrictionKind.TRAFFIC_LIMITED,
            RestrictionKind.COMMISSION_FROZEN,
            RestrictionKind.CAMPAIGN_INELIGIBLE,
            RestrictionKind.ADS_INELIGIBLE);

    assertThat(RestrictionCategory.of(freeze)).containsExactly(VISIBILITY, MONETARY, SERVICE);
  }
}
