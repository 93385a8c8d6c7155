package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.ActionType.BAN;
import static io.creatorgov.enforcement.domain.ActionType.COMMISSION_FREEZE;
import static io.creatorgov.enforcement.domain.ActionType.CONTENT_REMOVAL;
import static io.creatorgov.enforcement.domain.ActionType.LIVE_INTERRUPTION;
import static io.creatorgov.enforcement.domain.ActionType.SUSPENSION;
import static io.creatorgov.enforcement.domain.ActionType.TRAFFIC_RESTRICTION;
import static io.creatorgov.enforcement.domain.ActionType.WARNING;
import static io.creatorgov.enforcement.domain.RestrictionKind.CAMPAIGN_INELIGIBLE;
import static io.creatorgov.enforcement.domain.RestrictionKind.COMMISSION_FROZEN;
import static io.creatorgov.enforcement.domain.RestrictionKind.LIVE_DISABLED;
import static io.creatorgov.enforcement.domain.RestrictionKind.TRAFFIC_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsequenceTest {
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Instant DECIDED = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void severityFollowsTheContractsActionTypeNumbering() {
    assertThat(ActionType.values())
        .containsExactly(
            WARNING,
            CONTENT_REMOVAL,
            LIVE_INTERRUPTION,
            TRAFFIC_RESTRICTION,
            COMMISSION_FREEZE,
            SUSPENSION,
            BAN);
    assertThat(
            Consequence.lasting(LIVE_INTERRUPTION, Duration.ofDays(365), LIVE_DISABLED)
                .moreSevereThan(
                    Consequence.lasting(TRAFFIC_RESTRICTION, Duration.ofHours(1), TRAFFIC_LIMITED)))
        .isFalse();
  }

  @Test
  void forTheSameTypePermanentBeatsLongerBeatsShorterBeatsFewerRestrictions() {
    Consequence permanent = Consequence.permanent(TRAFFIC_RESTRICTION, TRAFFIC_LIMITED);
    Consequence longer =
        Consequence.lasting(TRAFFIC_RESTRICTION, Duration.ofDays(14), TRAFFIC_LIMITED);
    Consequence shorter =
        Consequence.lasting(TRAFFIC_RESTRICTION, WEEK, TRAFFIC_LIMITED, CAMPAIGN_INELIGIBLE);
    Consequence fewer = Consequence.lasting(TRAFFIC_RESTRICTION, WEEK, TRAFFIC_LIMITED);

    assertThat(permanent.moreSevereThan(longer)).isTrue();
    assertThat(longer.moreSevereThan(shorter)).isTrue();
    assertThat(shorter.moreSevereThan(fewer)).isTrue();
    assertThat(fewer.moreSevereThan(fewer)).isFalse();
    assertThat(List.of(fewer, permanent, shorter, longer).stream().sorted(Consequence.BY_SEVERITY))
        .containsExactly(fewer, shorter, longer, permanent);
  }

  @Test
  void mostSevereKeepsTheFirstOfEquallySevereConsequences() {
    Consequence a = Consequence.lasting(SUSPENSION, WEEK, COMMISSION_FROZEN);
    Consequence b = Consequence.lasting(SUSPENSION, WEEK, CAMPAIGN_INELIGIBLE);

    assertThat(Consequence.mostSevere(a, b)).isSameAs(a);
    assertThat(Consequence.mostSevere(List.of(b, a))).isSameAs(b);
    assertThat(Consequence.mostSevere(Consequence.warning(), Consequence.ban(), a))
        .isEqualTo(Consequence.ban());
    assertThatIllegalArgumentException().isThrownBy(() -> Consequence.mostSevere(List.of()));
  }

  @Test
  void theEndTimeIsTheDecisionPlusTheDurationAndAbsentWithoutOne() {
    assertThat(Consequence.lasting(SUSPENSION, WEEK).endTime(DECIDED)).contains(DECIDED.plus(WEEK));
    assertThat(Consequence.ban().endTime(DECIDED)).isEmpty();
    assertThat(Consequence.permanent(LIVE_INTERRUPTION, LIVE_DISABLED).endTime(DECIDED)).isEmpty();
    assertThat(Consequence.warning().endTime(DECIDED)).isEmpty();
  }

  @Test
  void restrictionsAreAnImmutableSetInDeclarationOrder() {
    Consequence c =
        new Consequence(
            COMMISSION_FREEZE,
            Set.of(CAMPAIGN_INELIGIBLE, COMMISSION_FROZEN, LIVE_DISABLED),
            WEEK,
            false);

    assertThat(c.restrictions())
        .containsExactly(LIVE_DISABLED, COMMISSION_FROZEN, CAMPAIGN_INELIGIBLE);
    assertThatThrownBy(() -> c.restrictions().add(TRAFFIC_LIMITED))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Consequence(WARNING, null, null, false).restrictions()).isEmpty();
  }

  @Test
  void warningsAndContentRemovalsTakeNoRestrictionsOrDuration() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Consequence(WARNING, Set.of(LIVE_DISABLED), null, false))
        .withMessageContaining("no restrictions");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Consequence(CONTENT_REMOVAL, Set.of(), WEEK, false))
        .withMessageContaining("no duration");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Consequence(CONTENT_REMOVAL, Set.of(), null, true));
  }

  @Test
  void capabilityActionsMustIncludeTheirRestrictionAndLastOrBePermanent() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.lasting(LIVE_INTERRUPTION, WEEK, TRAFFIC_LIMITED))
        .withMessageContaining("LIVE_DISABLED");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.lasting(TRAFFIC_RESTRICTION, WEEK, LIVE_DISABLED))
        .withMessageContaining("TRAFFIC_LIMITED");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.lasting(COMMISSION_FREEZE, WEEK, CAMPAIGN_INELIGIBLE))
        .withMessageContaining("COMMISSION_FROZEN");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new Consequence(TRAFFIC_RESTRICTION, Set.of(TRAFFIC_LIMITED), null, false))
        .withMessageContaining("duration or permanent");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new Consequence(TRAFFIC_RESTRICTION, Set.of(TRAFFIC_LIMITED), WEEK, true));
  }

  @Test
  void aSuspensionAlwaysEndsAndABanNever() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.permanent(SUSPENSION))
        .withMessageContaining("SUSPENSION");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Consequence(SUSPENSION, Set.of(), WEEK, true));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.lasting(BAN, WEEK))
        .withMessageContaining("BAN");
    assertThat(Consequence.lasting(SUSPENSION, WEEK).restrictions()).isEmpty();
    assertThat(Consequence.ban(COMMISSION_FROZEN).restrictions())
        .containsExactly(COMMISSION_FROZEN);
  }

  @Test
  void durationsAreWholeSecondsFromOneHourToTenYears() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.lasting(SUSPENSION, Duration.ofMinutes(59)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.lasting(SUSPENSION, Duration.ofDays(3_651)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Consequence.lasting(SUSPENSION, Duration.ofHours(2).plusMillis(1)))
        .withMessageContaining("whole seconds");
    assertThat(Consequence.lasting(SUSPENSION, Duration.ofHours(1)).duration())
        .isEqualTo(Duration.ofHours(1));
    assertThat(Consequence.lasting(SUSPENSION, Duration.ofDays(3_650)).duration())
        .isEqualTo(Duration.ofDays(3_650));
  }
}
