package io.creatorgov.enforcement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManualConsequencesTest {

  @Test
  void aTimedTypeGetsItsDefaultRestrictionPlusTheAdditionalOnes() {
    Consequence c =
        ManualConsequences.of(
            ActionType.COMMISSION_FREEZE,
            Duration.ofDays(7),
            Set.of(RestrictionKind.ADS_INELIGIBLE));

    assertThat(c.restrictions())
        .containsExactly(RestrictionKind.COMMISSION_FROZEN, RestrictionKind.ADS_INELIGIBLE);
    assertThat(c.duration()).isEqualTo(Duration.ofDays(7));
    assertThat(c.permanent()).isFalse();
  }

  @Test
  void aBanIsPermanentAndASuspensionHasNoDefaultRestriction() {
    assertThat(ManualConsequences.of(ActionType.BAN, null, Set.of()).permanent()).isTrue();
    assertThat(
            ManualConsequences.of(ActionType.SUSPENSION, Duration.ofDays(3), Set.of())
                .restrictions())
        .isEmpty();
  }

  @Test
  void everyBrokenFieldRuleIsReported() {
    assertThat(ManualConsequences.check(ActionType.SUSPENSION, null, Set.of()))
        .extracting(ManualConsequences.Problem::field)
        .containsExactly("duration");
    assertThat(
            ManualConsequences.check(
                ActionType.WARNING, Duration.ofDays(1), Set.of(RestrictionKind.LIVE_DISABLED)))
        .extracting(ManualConsequences.Problem::field)
        .containsExactly("duration", "additional_restriction_types");
    assertThat(ManualConsequences.check(ActionType.BAN, Duration.ofDays(1), Set.of()))
        .extracting(ManualConsequences.Problem::description)
        .containsExactly("must be unset for BAN");
    assertThat(
            ManualConsequences.check(
                ActionType.TRAFFIC_RESTRICTION, Duration.ofMinutes(59), Set.of()))
        .extracting(ManualConsequences.Problem::field)
        .containsExactly("duration");
    assertThat(
            ManualConsequences.check(ActionType.TRAFFIC_RESTRICTION, Duration.ofHours(1), Set.of()))
        .isEmpty();
  }
}
