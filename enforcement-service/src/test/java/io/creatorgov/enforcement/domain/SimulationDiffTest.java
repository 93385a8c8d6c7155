package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.ActionType.BAN;
import static io.creatorgov.enforcement.domain.ActionType.CONTENT_REMOVAL;
import static io.creatorgov.enforcement.domain.ActionType.SUSPENSION;
import static io.creatorgov.enforcement.domain.ActionType.TRAFFIC_RESTRICTION;
import static io.creatorgov.enforcement.domain.ActionType.WARNING;
import static io.creatorgov.enforcement.domain.RestrictionKind.CAMPAIGN_INELIGIBLE;
import static io.creatorgov.enforcement.domain.RestrictionKind.TRAFFIC_LIMITED;
import static io.creatorgov.enforcement.domain.SimulationDiff.Change.ADDED;
import static io.creatorgov.enforcement.domain.SimulationDiff.Change.CHANGED;
import static io.creatorgov.enforcement.domain.SimulationDiff.Change.DE_ESCALATED;
import static io.creatorgov.enforcement.domain.SimulationDiff.Change.ESCALATED;
import static io.creatorgov.enforcement.domain.SimulationDiff.Change.REMOVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.creatorgov.enforcement.domain.SimulationDiff.ActionSummary;
import io.creatorgov.enforcement.domain.SimulationDiff.CreatorChange;
import io.creatorgov.enforcement.domain.SimulationDiff.CreatorOutcome;
import io.creatorgov.enforcement.domain.SimulationDiff.DecisionChange;
import io.creatorgov.enforcement.domain.SimulationDiff.Report;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulationDiffTest {
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration FORTNIGHT = Duration.ofDays(14);

  private static ActionSummary warning(String id) {
    return new ActionSummary(id, WARNING, null, false);
  }

  private static ActionSummary traffic(String id, Duration duration) {
    return new ActionSummary(
        id, TRAFFIC_RESTRICTION, Set.of(TRAFFIC_LIMITED), duration, false, "thresholds[0]");
  }

  private static CreatorOutcome outcome(
      String creator, List<ActionSummary> actual, List<ActionSummary> simulated) {
    return new CreatorOutcome(creator, actual, simulated, false);
  }

  private static CreatorChange compare(List<ActionSummary> actual, List<ActionSummary> simulated) {
    return SimulationDiff.compare(outcome("c", actual, simulated)).orElseThrow();
  }

  @Test
  void aRestrictionWhereThereWasOnlyAWarningIsAdded() {
    CreatorChange c = compare(List.of(warning("v1")), List.of(traffic("v1", WEEK)));

    assertThat(c.change()).isEqualTo(ADDED);
    assertThat(c.decisionChanges())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.actual()).isEqualTo(warning("v1"));
              assertThat(d.simulated()).isEqualTo(traffic("v1", WEEK));
              assertThat(d.change()).isEqualTo(ADDED);
            });
  }

  @Test
  void aRestrictionDownToAWarningOrNoActionIsRemoved() {
    assertThat(compare(List.of(traffic("v1", WEEK)), List.of(warning("v1"))).change())
        .isEqualTo(REMOVED);
    // the candidate catalogue lacks the code: no action at all
    CreatorChange noAction = compare(List.of(traffic("v1", WEEK)), List.of());
    assertThat(noAction.change()).isEqualTo(REMOVED);
    assertThat(noAction.decisionChanges())
        .singleElement()
        .satisfies(d -> assertThat(d.simulated()).isNull());
  }

  @Test
  void aWarningWhereThereWasNoActionIsAnEscalationNotAnAddition() {
    assertThat(compare(List.of(), List.of(warning("v1"))).change()).isEqualTo(ESCALATED);
  }

  @Test
  void aContentRemovalCountsAsARestriction() {
    ActionSummary removal = new ActionSummary("v1", CONTENT_REMOVAL, null, false);

    assertThat(compare(List.of(warning("v1")), List.of(removal)).change()).isEqualTo(ADDED);
  }

  @Test
  void aMoreSevereTypeOrLongerDurationIsAnEscalation() {
    assertThat(compare(List.of(traffic("v1", WEEK)), List.of(traffic("v1", FORTNIGHT))).change())
        .isEqualTo(ESCALATED);
    assertThat(
            compare(
                    List.of(traffic("v1", FORTNIGHT)),
                    List.of(new ActionSummary("v1", SUSPENSION, WEEK, false)))
                .change())
        .isEqualTo(ESCALATED);
    assertThat(
            compare(List.of(traffic("v1", WEEK)), List.of(new ActionSummary("v1", BAN, null, true)))
                .change())
        .isEqualTo(ESCALATED);
  }

  @Test
  void aLessSevereMostSevereActionIsADeEscalation() {
    assertThat(compare(List.of(traffic("v1", FORTNIGHT)), List.of(traffic("v1", WEEK))).change())
        .isEqualTo(DE_ESCALATED);
  }

  @Test
  void moreRestrictionsForTheSameTypeAndDurationAreAnEscalation() {
    ActionSummary more =
        new ActionSummary(
            "v1",
            TRAFFIC_RESTRICTION,
            Set.of(TRAFFIC_LIMITED, CAMPAIGN_INELIGIBLE),
            WEEK,
            false,
            "thresholds[0]");

    assertThat(compare(List.of(traffic("v1", WEEK)), List.of(more)).change()).isEqualTo(ESCALATED);
  }

  @Test
  void anEquallySevereOutcomeWithADifferentDecisionIsChanged() {
    ActionSummary otherRule =
        new ActionSummary(
            "v1",
            TRAFFIC_RESTRICTION,
            Set.of(TRAFFIC_LIMITED),
            WEEK,
            false,
            "repeat_offence_rules[2]");

    CreatorChange c = compare(List.of(traffic("v1", WEEK)), List.of(otherRule));

    assertThat(c.change()).isEqualTo(CHANGED);
    assertThat(c.decisionChanges()).extracting(DecisionChange::change).containsExactly(CHANGED);
  }

  @Test
  void anActionWhoseRuleIsUnknownDiffersOnlyByItsConsequence() {
    ActionSummary unknownRule =
        new ActionSummary("v1", TRAFFIC_RESTRICTION, Set.of(TRAFFIC_LIMITED), WEEK, false, null);

    assertThat(
            SimulationDiff.compare(
                outcome("c", List.of(unknownRule), List.of(traffic("v1", WEEK)))))
        .isEmpty();
    assertThat(SimulationDiff.sameDecision(traffic("v1", WEEK), traffic("v1", FORTNIGHT)))
        .isFalse();
  }

  @Test
  void theCreatorsChangeFollowsTheMostSevereActionWhileEveryDifferingDecisionIsListed() {
    List<ActionSummary> actual =
        List.of(warning("v1"), new ActionSummary("v2", SUSPENSION, WEEK, false), warning("v3"));
    List<ActionSummary> simulated =
        List.of(
            traffic("v1", WEEK), new ActionSummary("v2", SUSPENSION, WEEK, false), warning("v3"));

    CreatorChange c = compare(actual, simulated);

    // the suspension stays the most severe action: equally severe overall
    assertThat(c.change()).isEqualTo(CHANGED);
    assertThat(c.decisionChanges())
        .extracting(DecisionChange::violationId, DecisionChange::change)
        .containsExactly(tuple("v1", ADDED));
  }

  @Test
  void onlyADifferentStandingIsChanged() {
    List<ActionSummary> same = List.of(warning("v1"));

    CreatorChange c =
        SimulationDiff.compare(new CreatorOutcome("c", same, same, true)).orElseThrow();

    assertThat(c.change()).isEqualTo(CHANGED);
    assertThat(c.decisionChanges()).isEmpty();
  }

  @Test
  void anUnchangedCreatorIsNotReported() {
    List<ActionSummary> same = List.of(warning("v1"), traffic("v2", WEEK));

    assertThat(SimulationDiff.compare(outcome("c", same, List.copyOf(same)))).isEmpty();
  }

  @Test
  void theReportListsOnlyChangedCreatorsWithTotalsPerChange() {
    Report report =
        SimulationDiff.diff(
            List.of(
                outcome("added", List.of(warning("a1")), List.of(traffic("a1", WEEK))),
                outcome("same", List.of(warning("s1")), List.of(warning("s1"))),
                outcome(
                    "escalated",
                    List.of(traffic("e1", WEEK), warning("e2")),
                    List.of(traffic("e1", FORTNIGHT), traffic("e2", WEEK))),
                outcome("removed", List.of(traffic("r1", WEEK)), List.of(warning("r1")))));

    assertThat(report.creators())
        .extracting(CreatorChange::creatorId, CreatorChange::change)
        .containsExactly(
            tuple("added", ADDED), tuple("escalated", ESCALATED), tuple("removed", REMOVED));
    assertThat(report.creatorsPerChange())
        .containsExactly(
            entry(ADDED, 1L),
            entry(REMOVED, 1L),
            entry(ESCALATED, 1L),
            entry(DE_ESCALATED, 0L),
            entry(CHANGED, 0L));
    assertThat(report.creators(DE_ESCALATED)).isZero();
    assertThat(report.decisionsChanged()).isEqualTo(4);
  }

  @Test
  void anActionBuiltFromAConsequenceCarriesItsWholeDecision() {
    Consequence c = Consequence.lasting(TRAFFIC_RESTRICTION, WEEK, TRAFFIC_LIMITED);

    assertThat(ActionSummary.of("v1", c, "thresholds[0]")).isEqualTo(traffic("v1", WEEK));
  }

  @Test
  void aViolationListedTwiceOnOneSideIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> compare(List.of(warning("v1"), warning("v1")), List.of()))
        .withMessageContaining("v1");
  }
}
