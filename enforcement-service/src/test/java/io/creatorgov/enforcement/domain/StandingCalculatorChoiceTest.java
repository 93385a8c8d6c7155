package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.ActionType.SUSPENSION;
import static io.creatorgov.enforcement.domain.ActionType.TRAFFIC_RESTRICTION;
import static io.creatorgov.enforcement.domain.RestrictionKind.COMMISSION_FROZEN;
import static io.creatorgov.enforcement.domain.RestrictionKind.TRAFFIC_LIMITED;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_3;
import static io.creatorgov.enforcement.domain.StandingFixtures.AT_9;
import static io.creatorgov.enforcement.domain.StandingFixtures.COUNTERFEIT_GOODS;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_14;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_28;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_90;
import static io.creatorgov.enforcement.domain.StandingFixtures.OFF_PLATFORM_REPEATED;
import static io.creatorgov.enforcement.domain.StandingFixtures.OFF_PLATFORM_TRANSACTION;
import static io.creatorgov.enforcement.domain.StandingFixtures.jpRollingLadder;
import static io.creatorgov.enforcement.domain.StandingFixtures.past;
import static io.creatorgov.enforcement.domain.StandingFixtures.withRepeatRules;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the catalogue default, the standing rule and the repeat escalations is chosen. */
class StandingCalculatorChoiceTest {
  private static final Instant T0 = Instant.parse("2025-07-07T07:00:00Z");

  private static Decision decide(
      StandingRules rules, CatalogueEntry entry, Instant at, List<PastViolation> history) {
    return StandingCalculator.decide(rules, entry, at, history, null, ActivityLog.ALWAYS);
  }

  @Test
  void aThresholdWithMoreRestrictionsBeatsAnOtherwiseEqualDefault() {
    // default: TRAFFIC_RESTRICTION 7 days, traffic limited; 3 points: the same plus campaign ban
    Decision d = decide(jpRollingLadder(), OFF_PLATFORM_TRANSACTION, T0, List.of());

    assertThat(d.consequence()).isEqualTo(AT_3);
    assertThat(d.basis()).isEqualTo(DecisionBasis.LADDER_THRESHOLD);
  }

  @Test
  void aLongerRepeatEscalationBeatsAThresholdOfTheSameTypeWithMoreRestrictions() {
    List<PastViolation> history =
        List.of(
            past(OFF_PLATFORM_TRANSACTION, T0),
            past(OFF_PLATFORM_TRANSACTION, T0.plus(Duration.ofDays(10))));

    Decision d =
        decide(jpRollingLadder(), OFF_PLATFORM_TRANSACTION, T0.plus(Duration.ofDays(20)), history);

    // 6 -> 9: COMMISSION_FREEZE for 28 days with five restrictions; the third off-platform
    // transaction in 90 days: COMMISSION_FREEZE for 90 days with two
    assertThat(d.thresholdReached()).isEqualTo(9);
    assertThat(d.repeatOffence()).isTrue();
    assertThat(d.repeatCount()).isEqualTo(3);
    assertThat(d.consequence()).isEqualTo(OFF_PLATFORM_REPEATED);
    assertThat(d.basis()).isEqualTo(DecisionBasis.REPEAT_OFFENCE);
    assertThat(d.rulesFired())
        .filteredOn(r -> r.basis() == DecisionBasis.LADDER_THRESHOLD)
        .singleElement()
        .satisfies(r -> assertThat(r.consequence()).isEqualTo(AT_9));
  }

  @Test
  void ofTwoFiredRepeatRulesOfTheSameTypeTheLongerDurationWins() {
    StandingRules rules =
        withRepeatRules(
            jpRollingLadder(),
            List.of(
                new RepeatOffenceRule(
                    "COUNTERFEIT_GOODS", 2, DAYS_90, Consequence.lasting(SUSPENSION, DAYS_14)),
                new RepeatOffenceRule("*", 2, DAYS_90, Consequence.lasting(SUSPENSION, DAYS_28))));

    Decision d =
        decide(
            rules,
            COUNTERFEIT_GOODS,
            T0.plus(Duration.ofDays(1)),
            List.of(past(COUNTERFEIT_GOODS, T0)));

    assertThat(d.consequence()).isEqualTo(Consequence.lasting(SUSPENSION, DAYS_28));
    assertThat(d.determinativeRule().index()).isEqualTo(1);
    assertThat(d.rulesFired())
        .filteredOn(r -> r.basis() == DecisionBasis.REPEAT_OFFENCE)
        .hasSize(2);
  }

  @Test
  void ofEquallySevereRepeatRulesTheFirstInPolicyOrderWins() {
    Consequence first = Consequence.lasting(SUSPENSION, DAYS_28, COMMISSION_FROZEN);
    Consequence second = Consequence.lasting(SUSPENSION, DAYS_28, RestrictionKind.ADS_INELIGIBLE);
    StandingRules rules =
        withRepeatRules(
            jpRollingLadder(),
            List.of(
                new RepeatOffenceRule("*", 2, DAYS_90, first),
                new RepeatOffenceRule("COUNTERFEIT_GOODS", 2, DAYS_90, second)));

    Decision d =
        decide(
            rules,
            COUNTERFEIT_GOODS,
            T0.plus(Duration.ofDays(1)),
            List.of(past(COUNTERFEIT_GOODS, T0)));

    assertThat(d.consequence()).isEqualTo(first);
    assertThat(d.determinativeRule().index()).isZero();
  }

  @Test
  void aPermanentEscalationBeatsATimedOneOfTheSameType() {
    Consequence timed =
        Consequence.lasting(TRAFFIC_RESTRICTION, Duration.ofDays(3_650), TRAFFIC_LIMITED);
    Consequence permanent = Consequence.permanent(TRAFFIC_RESTRICTION, TRAFFIC_LIMITED);
    StandingRules rules =
        withRepeatRules(
            jpRollingLadder(),
            List.of(
                new RepeatOffenceRule("*", 2, DAYS_90, timed),
                new RepeatOffenceRule("*", 2, DAYS_90, permanent)));

    Decision d =
        decide(
            rules,
            OFF_PLATFORM_TRANSACTION,
            T0.plus(Duration.ofDays(1)),
            List.of(past(OFF_PLATFORM_TRANSACTION, T0)));

    assertThat(d.consequence()).isEqualTo(permanent);
  }

  @Test
  void onAFullTieTheCatalogueDefaultStands() {
    Decision d = decide(jpRollingLadder(), StandingFixtures.MINOR_SAFETY, T0, List.of());

    assertThat(d.consequence()).isEqualTo(Consequence.ban());
    assertThat(d.basis()).isEqualTo(DecisionBasis.DEFAULT);
    assertThat(d.thresholdReached()).isEqualTo(15);
  }
}
