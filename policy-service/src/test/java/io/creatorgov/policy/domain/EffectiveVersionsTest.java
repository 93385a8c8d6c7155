package io.creatorgov.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EffectiveVersionsTest {

  private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");

  private static Optional<Integer> versionAt(List<VersionTimeline> published, Instant t) {
    return EffectiveVersions.inForceAt(published, t).map(VersionTimeline::version);
  }

  private static VersionTimeline published(int version, Instant effectiveFrom) {
    return new VersionTimeline(version, effectiveFrom, null);
  }

  @Test
  void noPublishedVersionMeansNothingIsInForceAndNothingChanges() {
    assertThat(EffectiveVersions.inForceAt(List.of(), JAN)).isEmpty();
    assertThat(EffectiveVersions.nextChangeAfter(List.of(), JAN)).isEmpty();
  }

  @Test
  void versionIsNotInForceBeforeItsEffectiveTime() {
    assertThat(versionAt(List.of(published(1, FEB)), FEB.minusNanos(1))).isEmpty();
  }

  @Test
  void scheduledVersionTakesOverExactlyAtItsEffectiveTime() {
    List<VersionTimeline> versions = List.of(published(1, JAN), published(2, MAR));

    assertThat(versionAt(versions, MAR.minusNanos(1))).contains(1);
    assertThat(versionAt(versions, MAR)).contains(2);
    assertThat(versionAt(versions, MAY)).contains(2);
  }

  @Test
  void retiredVersionDropsOutAtItsRetireTimeAndThePreviousOneIsBack() {
    List<VersionTimeline> versions = List.of(published(1, JAN), new VersionTimeline(2, FEB, MAR));

    assertThat(versionAt(versions, MAR.minusNanos(1))).contains(2);
    assertThat(versionAt(versions, MAR)).contains(1);
  }

  @Test
  void retiringTheOnlyVersionLeavesNothingInForceFromTheRetireTime() {
    List<VersionTimeline> versions = List.of(new VersionTimeline(1, JAN, MAR));

    assertThat(versionAt(versions, FEB)).contains(1);
    assertThat(versionAt(versions, MAR)).isEmpty();
  }

  @Test
  void retiredVersionStillAnswersForTimesWhenItWasInForce() {
    List<VersionTimeline> versions =
        List.of(new VersionTimeline(1, JAN, FEB), new VersionTimeline(2, FEB, APR));

    assertThat(versionAt(versions, JAN)).contains(1);
    assertThat(versionAt(versions, MAR)).contains(2);
    assertThat(versionAt(versions, APR)).isEmpty();
  }

  @Test
  void latestEffectiveTimeWinsOverAHigherVersionNumber() {
    // Version 3 was published with an earlier effective_from than version 2.
    List<VersionTimeline> versions = List.of(published(2, MAR), published(3, FEB));

    assertThat(versionAt(versions, APR)).contains(2);
  }

  @Test
  void tieOnEffectiveTimeGoesToTheHigherVersionNumber() {
    VersionTimeline v2 = published(2, FEB);
    VersionTimeline v3 = published(3, FEB);
    VersionTimeline v4 = published(4, FEB);

    assertThat(versionAt(List.of(v2, v4, v3), FEB)).contains(4);
    assertThat(versionAt(List.of(v4, v3, v2), FEB)).contains(4);
    assertThat(versionAt(List.of(v3, v2, v4), FEB)).contains(4);
  }

  @Test
  void nextChangeAfterIsTheEffectiveTimeOfAScheduledVersion() {
    List<VersionTimeline> versions = List.of(published(1, JAN), published(2, MAR));

    assertThat(EffectiveVersions.nextChangeAfter(versions, FEB)).contains(MAR);
    assertThat(EffectiveVersions.nextChangeAfter(versions, MAR)).isEmpty();
  }

  @Test
  void nextChangeAfterIsStrictlyAfterTheGivenTime() {
    List<VersionTimeline> versions = List.of(published(1, JAN), published(2, MAR));

    assertThat(EffectiveVersions.nextChangeAfter(versions, MAR.minusNanos(1))).contains(MAR);
    assertThat(EffectiveVersions.nextChangeAfter(versions, JAN.minusSeconds(1))).contains(JAN);
  }

  @Test
  void nextChangeAfterIsTheRetirementOfTheVersionInForce() {
    List<VersionTimeline> versions =
        List.of(published(1, JAN), new VersionTimeline(2, FEB, APR), published(3, MAY));

    assertThat(EffectiveVersions.nextChangeAfter(versions, MAR)).contains(APR);
    assertThat(EffectiveVersions.nextChangeAfter(versions, APR)).contains(MAY);
  }

  @Test
  void nextChangeAfterSkipsInstantsThatDoNotChangeTheVersionInForce() {
    List<VersionTimeline> versions =
        List.of(
            // superseded by 2 in February, retired in March: no effect after February
            new VersionTimeline(1, JAN, MAR),
            published(2, FEB),
            // scheduled for May but cancelled in April before it took effect
            new VersionTimeline(3, MAY, APR));

    assertThat(EffectiveVersions.nextChangeAfter(versions, FEB)).isEmpty();
    assertThat(EffectiveVersions.nextChangeAfter(versions, JAN)).contains(FEB);
  }

  @Test
  void timelineRequiresAnEffectiveTimeAndAPositiveVersion() {
    assertThatThrownBy(() -> new VersionTimeline(1, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("effectiveFrom");
    assertThatThrownBy(() -> new VersionTimeline(0, JAN, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version must be 1 or more, was 0");
  }
}
