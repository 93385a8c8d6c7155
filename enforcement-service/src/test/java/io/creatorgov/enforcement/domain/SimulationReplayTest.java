package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.StandingFixtures.AT_3;
import static io.creatorgov.enforcement.domain.StandingFixtures.DAYS_7;
import static io.creatorgov.enforcement.domain.StandingFixtures.HARASSMENT_IN_LIVE;
import static io.creatorgov.enforcement.domain.StandingFixtures.LISTING_SPAM;
import static io.creatorgov.enforcement.domain.StandingFixtures.PROHIBITED_ITEM_SALE;
import static io.creatorgov.enforcement.domain.StandingFixtures.idHealthRating;
import static io.creatorgov.enforcement.domain.StandingFixtures.myQuarterlyLadder;
import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.enforcement.domain.SimulationDiff.ActionSummary;
import io.creatorgov.enforcement.domain.SimulationDiff.Change;
import io.creatorgov.enforcement.domain.SimulationReplay.CreatorReplay;
import io.creatorgov.enforcement.domain.SimulationReplay.Replayed;
import io.creatorgov.enforcement.domain.SimulationReplay.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulationReplayTest {
  private static final Instant START = Instant.parse("2026-02-02T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(10));
  private static final Instant SEEN = Instant.parse("2026-01-05T00:00:00Z");

  /** A violation recorded with {@code recorded} and {@code points}, replayed under entry/rules. */
  private static Replayed replayed(
      String id,
      CatalogueEntry recordedEntry,
      int day,
      Consequence recorded,
      int points,
      CatalogueEntry candidate,
      StandingRules rules) {
    return new Replayed(
        id,
        recordedEntry.code(),
        START.plus(Duration.ofDays(day)),
        false,
        points,
        0,
        ActionSummary.of(id, recorded, null),
        candidate,
        rules);
  }

  private static CatalogueEntry withDefault(CatalogueEntry e, int points, Consequence c) {
    return new CatalogueEntry(
        e.code(),
        e.title(),
        e.severity(),
        points,
        e.healthDeduction(),
        c,
        e.statementTemplate(),
        e.groundType(),
        e.legalReference(),
        e.category());
  }

  @Test
  void replayingUnderTheRecordedRulesChangesNothing() {
    StandingRules rules = myQuarterlyLadder();
    // 3 points reach the first threshold, which outranks the 3-day live interruption
    CreatorReplay replay =
        SimulationReplay.replay(
            "cr_1",
            List.of(),
            List.of(replayed("v1", PROHIBITED_ITEM_SALE, 1, AT_3, 3, PROHIBITED_ITEM_SALE, rules)),
            rules,
            END,
            SEEN);

    Report report = SimulationReplay.report(List.of(replay));

    assertThat(report.changed()).isEmpty();
    assertThat(replay.recorded()).isEqualTo(replay.simulated());
    assertThat(replay.recorded().value()).isEqualTo(3);
    assertThat(replay.recorded().thresholdReached()).isEqualTo(3);
    assertThat(report.totals().violationsReplayed()).isEqualTo(1);
    assertThat(report.totals().creatorsReplayed()).isEqualTo(1);
    assertThat(report.totals().decisionsChanged()).isZero();
    assertThat(report.totals().actionTypeCounts().get(ActionType.TRAFFIC_RESTRICTION))
        .containsExactly(1, 1);
  }

  @Test
  void aStricterCatalogueEntryEscalatesTheDecisionAndKeepsTheStanding() {
    StandingRules rules = myQuarterlyLadder();
    Consequence suspension = Consequence.lasting(ActionType.SUSPENSION, DAYS_7);
    CatalogueEntry stricter = withDefault(HARASSMENT_IN_LIVE, 2, suspension);

    CreatorReplay replay =
        SimulationReplay.replay(
            "cr_1",
            List.of(),
            List.of(
                replayed(
                    "v1",
                    HARASSMENT_IN_LIVE,
                    1,
                    HARASSMENT_IN_LIVE.defaultConsequence(),
                    2,
                    stricter,
                    rules)),
            rules,
            END,
            SEEN);
    Report report = SimulationReplay.report(List.of(replay));

    assertThat(report.changed()).hasSize(1);
    assertThat(report.changed().get(0).change().change()).isEqualTo(Change.ESCALATED);
    assertThat(report.changed().get(0).change().decisionChanges())
        .singleElement()
        .satisfies(d -> assertThat(d.simulated().type()).isEqualTo(ActionType.SUSPENSION));
    assertThat(replay.recorded()).isEqualTo(replay.simulated());
    assertThat(report.totals().creatorsPerChange().get(Change.ESCALATED)).isEqualTo(1);
    assertThat(report.totals().creatorsCrossingThreshold()).isZero();
  }

  @Test
  void aCodeMissingFromTheCandidateGetsNoActionAddsNoPointsAndIsCounted() {
    StandingRules rules = myQuarterlyLadder();
    CreatorReplay replay =
        SimulationReplay.replay(
            "cr_1",
            List.of(),
            List.of(replayed("v1", PROHIBITED_ITEM_SALE, 1, AT_3, 3, null, rules)),
            rules,
            END,
            SEEN);
    Report report = SimulationReplay.report(List.of(replay));

    assertThat(replay.decisions().get(0).decision()).isNull();
    assertThat(replay.simulated().value()).isZero();
    assertThat(replay.simulated().thresholdReached()).isNull();
    assertThat(report.changed().get(0).change().change()).isEqualTo(Change.REMOVED);
    assertThat(report.totals().violationsWithoutRule()).isEqualTo(1);
    assertThat(report.totals().missingCodes()).containsExactly("PROHIBITED_ITEM_SALE");
    assertThat(report.totals().creatorsCrossingThreshold()).isEqualTo(1);
    assertThat(report.totals().actionTypeCounts().get(ActionType.TRAFFIC_RESTRICTION))
        .containsExactly(1, 0);
  }

  @Test
  void theRecordedStandingAtTheWindowStartCountsForTheReplayedDecisions() {
    StandingRules rules = myQuarterlyLadder();
    // 2 points before the window: one more point reaches 3 under the recorded catalogue
    List<PastViolation> prior =
        List.of(new PastViolation("v0", "FAKE_DISCOUNT", START.minusSeconds(3600), 2, 0, false));
    CatalogueEntry free = withDefault(LISTING_SPAM, 0, Consequence.warning());

    CreatorReplay replay =
        SimulationReplay.replay(
            "cr_1",
            prior,
            List.of(replayed("v1", LISTING_SPAM, 1, AT_3, 1, free, rules)),
            rules,
            END,
            SEEN);
    Report report = SimulationReplay.report(List.of(replay));

    assertThat(replay.recorded().value()).isEqualTo(3);
    assertThat(replay.simulated().value()).isEqualTo(2);
    assertThat(report.changed().get(0).change().change()).isEqualTo(Change.REMOVED);
    assertThat(report.totals().creatorsCrossingThreshold()).isEqualTo(1);
  }

  @Test
  void decisionsAreReplayedInObservedOrderOnTheSimulatedHistory() {
    StandingRules rules = myQuarterlyLadder();
    CatalogueEntry heavier = withDefault(LISTING_SPAM, 3, Consequence.warning());
    // given out of order: the later one sees the earlier one's simulated points
    CreatorReplay replay =
        SimulationReplay.replay(
            "cr_1",
            List.of(),
            List.of(
                replayed("v2", LISTING_SPAM, 2, Consequence.warning(), 1, heavier, rules),
                replayed("v1", LISTING_SPAM, 1, Consequence.warning(), 1, heavier, rules)),
            rules,
            END,
            SEEN);

    assertThat(replay.decisions())
        .extracting(d -> d.violation().violationId())
        .containsExactly("v1", "v2");
    assertThat(replay.decisions().get(0).decision().consequence()).isEqualTo(AT_3);
    assertThat(replay.decisions().get(1).decision().pointsBefore()).isEqualTo(3);
    assertThat(replay.simulated().value()).isEqualTo(6);
    assertThat(replay.recorded().value()).isEqualTo(2);
  }

  @Test
  void aHealthRatingStandingIsTheScoreAndTheLowestMilestoneReached() {
    StandingRules rules = idHealthRating();
    List<PastViolation> history =
        List.of(new PastViolation("v1", "DANGEROUS_GOODS", START, 0, 100, false));

    var standing = SimulationReplay.standing(rules, history, START.plusSeconds(60), START);

    assertThat(standing.healthRating()).isTrue();
    assertThat(standing.value()).isEqualTo(100);
    assertThat(standing.thresholdReached()).isEqualTo(100);
  }

  @Test
  void aRecordedActionWithoutEndIsPermanentUnlessItIsAWarningOrARemoval() {
    assertThat(SimulationReplay.recordedAction("v", ActionType.BAN, Set.of(), null).permanent())
        .isTrue();
    assertThat(
            SimulationReplay.recordedAction("v", ActionType.CONTENT_REMOVAL, Set.of(), null)
                .permanent())
        .isFalse();
    assertThat(
            SimulationReplay.recordedAction("v", ActionType.SUSPENSION, Set.of(), DAYS_7)
                .permanent())
        .isFalse();
  }

  @Test
  void theSameConsequenceDecidedByAnotherRuleIsAChangedDecision() {
    StandingRules rules = myQuarterlyLadder();
    // recorded as the catalogue default's decision; the candidate reaches it by the first threshold
    ActionSummary recorded =
        SimulationReplay.recordedAction(
            "v1",
            AT_3.type(),
            AT_3.restrictions(),
            AT_3.duration(),
            "violation_catalogue.entries[\"PROHIBITED_ITEM_SALE\"]");
    Replayed v1 =
        new Replayed(
            "v1",
            "PROHIBITED_ITEM_SALE",
            START.plus(Duration.ofDays(1)),
            false,
            3,
            0,
            recorded,
            PROHIBITED_ITEM_SALE,
            rules);

    CreatorReplay replay =
        SimulationReplay.replay("cr_1", List.of(), List.of(v1), rules, END, SEEN);
    Report report = SimulationReplay.report(List.of(replay));

    assertThat(replay.recorded()).isEqualTo(replay.simulated());
    assertThat(report.changed())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.change().change()).isEqualTo(Change.CHANGED);
              assertThat(c.change().decisionChanges())
                  .singleElement()
                  .satisfies(
                      d -> {
                        assertThat(d.change()).isEqualTo(Change.CHANGED);
                        assertThat(d.simulated().rule())
                            .isEqualTo("standing_model.points_ladder.thresholds[0]");
                      });
            });
    assertThat(report.totals().decisionsChanged()).isEqualTo(1);
    assertThat(report.totals().creatorsPerChange().get(Change.CHANGED)).isEqualTo(1);
  }

  @Test
  void aReversedViolationIsReplayedOnNeitherSide() {
    StandingRules rules = myQuarterlyLadder();
    // overturned on appeal: recorded with 3 points and a traffic restriction, missing from the
    // candidate; compared as originally decided it would be a removal and a missing code
    Replayed overturned =
        new Replayed(
            "v1",
            "PROHIBITED_ITEM_SALE",
            START.plus(Duration.ofDays(1)),
            true,
            3,
            0,
            ActionSummary.of("v1", AT_3, null),
            null,
            rules);
    Replayed later = replayed("v2", LISTING_SPAM, 2, Consequence.warning(), 1, LISTING_SPAM, rules);

    CreatorReplay replay =
        SimulationReplay.replay("cr_1", List.of(), List.of(overturned, later), rules, END, SEEN);
    Report report = SimulationReplay.report(List.of(replay));

    assertThat(replay.decisions())
        .extracting(d -> d.violation().violationId())
        .containsExactly("v2");
    assertThat(replay.decisions().get(0).decision().pointsBefore()).isZero();
    assertThat(report.changed()).isEmpty();
    assertThat(report.totals().violationsReplayed()).isEqualTo(1);
    assertThat(report.totals().violationsWithoutRule()).isZero();
    assertThat(report.totals().missingCodes()).isEmpty();
    assertThat(report.totals().actionTypeCounts())
        .doesNotContainKey(ActionType.TRAFFIC_RESTRICTION);
  }

  @Test
  void aCreatorWhoseOnlyViolationWasReversedIsNotReplayed() {
    StandingRules rules = myQuarterlyLadder();
    Replayed overturned =
        new Replayed(
            "v1",
            "LISTING_SPAM",
            START.plus(Duration.ofDays(1)),
            true,
            1,
            0,
            ActionSummary.of("v1", Consequence.warning(), null),
            LISTING_SPAM,
            rules);

    Report report =
        SimulationReplay.report(
            List.of(
                SimulationReplay.replay("cr_1", List.of(), List.of(overturned), rules, END, SEEN)));

    assertThat(report.totals().creatorsReplayed()).isZero();
    assertThat(report.totals().violationsReplayed()).isZero();
  }

  @Test
  void totalsOfBatchesAddUpToTheTotalsOfTheWholeRun() {
    StandingRules rules = myQuarterlyLadder();
    CatalogueEntry stricter =
        withDefault(HARASSMENT_IN_LIVE, 2, Consequence.lasting(ActionType.SUSPENSION, DAYS_7));
    CreatorReplay escalated =
        SimulationReplay.replay(
            "cr_1",
            List.of(),
            List.of(
                replayed(
                    "v1",
                    HARASSMENT_IN_LIVE,
                    1,
                    HARASSMENT_IN_LIVE.defaultConsequence(),
                    2,
                    stricter,
                    rules)),
            rules,
            END,
            SEEN);
    CreatorReplay missing =
        SimulationReplay.replay(
            "cr_2",
            List.of(),
            List.of(replayed("v2", PROHIBITED_ITEM_SALE, 1, AT_3, 3, null, rules)),
            rules,
            END,
            SEEN);

    var whole = SimulationReplay.report(List.of(escalated, missing)).totals();
    var batches =
        SimulationReplay.Totals.none()
            .plus(SimulationReplay.report(List.of(escalated)).totals())
            .plus(SimulationReplay.report(List.of(missing)).totals());

    assertThat(batches.violationsReplayed()).isEqualTo(whole.violationsReplayed()).isEqualTo(2);
    assertThat(batches.creatorsReplayed()).isEqualTo(whole.creatorsReplayed()).isEqualTo(2);
    assertThat(batches.decisionsChanged()).isEqualTo(whole.decisionsChanged()).isEqualTo(2);
    assertThat(batches.creatorsCrossingThreshold()).isEqualTo(whole.creatorsCrossingThreshold());
    assertThat(batches.violationsWithoutRule()).isEqualTo(whole.violationsWithoutRule());
    assertThat(batches.creatorsPerChange()).isEqualTo(whole.creatorsPerChange());
    assertThat(batches.missingCodes()).isEqualTo(whole.missingCodes());
    assertThat(batches.actionTypeCounts().keySet()).isEqualTo(whole.actionTypeCounts().keySet());
    whole
        .actionTypeCounts()
        .forEach((type, c) -> assertThat(batches.actionTypeCounts().get(type)).containsExactly(c));
  }
}
