package io.creatorgov.enforcement.domain;

import io.creatorgov.enforcement.domain.SimulationDiff.ActionSummary;
import io.creatorgov.enforcement.domain.SimulationDiff.Change;
import io.creatorgov.enforcement.domain.SimulationDiff.CreatorChange;
import io.creatorgov.enforcement.domain.SimulationDiff.CreatorOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replays one creator's violations of a simulation window under a candidate policy version, and
 * sums the outcome of many creators into the contract's totals. Pure.
 *
 * <p>The creator starts from the standing recorded at the window start (the violations observed
 * before it, with the points and deductions they were recorded with). Each violation of the window
 * is decided again, oldest first, by {@link StandingCalculator#decide} under the rules the
 * candidate run uses for it, on the simulated history so far; a code missing from the candidate
 * catalogue gets no action and adds nothing. The recorded side is what was recorded: the actions
 * the rules decided and the standing their points and deductions give at the window end.
 *
 * <p>A reversed violation (its action overturned on appeal, or reversed with the standing restored)
 * "no longer counts for anything" (the contract's {@code VIOLATION_STATE_REVERSED}): it is not
 * replayed, on either side — no recorded action, no simulated decision, no points or deduction, no
 * repeat-offence occurrence — so it can neither hide nor invent a difference. Every other violation
 * keeps the action its pinned rules decided as the baseline, even if an operator later reversed or
 * an appeal modified that action without reversing the violation: the simulation compares policy
 * with policy, so differences come from the candidate alone.
 */
public final class SimulationReplay {
  private SimulationReplay() {}

  /**
   * A violation of the window as recorded, and what the candidate run decides it under.
   *
   * @param reversed whether it was reversed (overturned on appeal, or reversed with the standing
   *     restored): then it is not replayed at all
   * @param recordedPoints the points recorded with it (points ladder), 0 otherwise
   * @param recordedDeduction the health deduction recorded with it (health rating), 0 otherwise
   * @param recorded the action recorded for it; null when none is
   * @param entry the catalogue entry of its code under the candidate run; null when the candidate
   *     catalogue lacks the code
   * @param rules the standing rules of the candidate run
   */
  public record Replayed(
      String violationId,
      String code,
      Instant observedTime,
      boolean reversed,
      int recordedPoints,
      int recordedDeduction,
      ActionSummary recorded,
      CatalogueEntry entry,
      StandingRules rules) {

    public Replayed {
      Objects.requireNonNull(violationId, "violationId");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(observedTime, "observedTime");
      Objects.requireNonNull(rules, "rules");
    }
  }

  /**
   * The standing at the window end on one side.
   *
   * @param value active points (points ladder) or score (health rating)
   * @param thresholdReached the highest ladder threshold or lowest health milestone reached; null
   *     when none
   * @param thresholdConsequence what that threshold or milestone brings; null when none
   */
  public record EndStanding(
      boolean healthRating,
      int value,
      Integer thresholdReached,
      Consequence thresholdConsequence) {}

  /**
   * One violation decided again.
   *
   * @param decision the simulated decision; null when the candidate catalogue lacks the code
   */
  public record SimulatedDecision(Replayed violation, Decision decision) {

    /** The simulated action, with the rule that determined it; null for no action. */
    public ActionSummary action() {
      return decision == null
          ? null
          : ActionSummary.of(
              violation.violationId(),
              decision.consequence(),
              decision.determinativeRule().ref(violation.code()));
    }
  }

  /** One creator's replay: every decision of the window and the standing on both sides. */
  public record CreatorReplay(
      String creatorId,
      List<SimulatedDecision> decisions,
      EndStanding recorded,
      EndStanding simulated) {

    public CreatorReplay {
      decisions = List.copyOf(decisions);
    }

    /** The replay as {@link SimulationDiff} compares it. */
    public CreatorOutcome outcome() {
      List<ActionSummary> actual = new ArrayList<>();
      List<ActionSummary> after = new ArrayList<>();
      for (SimulatedDecision d : decisions) {
        if (d.violation().recorded() != null) {
          actual.add(d.violation().recorded());
        }
        if (d.action() != null) {
          after.add(d.action());
        }
      }
      return new CreatorOutcome(creatorId, actual, after, !recorded.equals(simulated));
    }

    /** Whether the threshold or milestone reached differs between the two sides. */
    public boolean crossesThresholdDifferently() {
      return !Objects.equals(recorded.thresholdReached(), simulated.thresholdReached());
    }
  }

  /** A creator whose outcome differs: the replay and how it differs. */
  public record Changed(CreatorReplay replay, CreatorChange change) {}

  /**
   * The contract's {@code SimulationSummary} figures.
   *
   * @param actionTypeCounts per action type: {recorded, simulated} decisions (types with both 0
   *     absent)
   * @param creatorsPerChange creators per change kind (every kind present)
   * @param missingCodes codes replayed but missing from the candidate catalogue, sorted
   */
  public record Totals(
      long violationsReplayed,
      long creatorsReplayed,
      long decisionsChanged,
      Map<ActionType, long[]> actionTypeCounts,
      long creatorsCrossingThreshold,
      long violationsWithoutRule,
      Map<Change, Long> creatorsPerChange,
      Set<String> missingCodes) {

    public Totals {
      actionTypeCounts = Collections.unmodifiableMap(copy(actionTypeCounts));
      creatorsPerChange = Collections.unmodifiableMap(new EnumMap<>(creatorsPerChange));
      missingCodes = Collections.unmodifiableSet(new TreeSet<>(missingCodes));
    }

    /** The totals of nothing replayed (every change kind present, at 0). */
    public static Totals none() {
      Map<Change, Long> perChange = new EnumMap<>(Change.class);
      for (Change c : Change.values()) {
        perChange.put(c, 0L);
      }
      return new Totals(0, 0, 0, Map.of(), 0, 0, perChange, Set.of());
    }

    /**
     * These totals and {@code other}'s, of disjoint (creator, market) replays: what a run that
     * replays its window batch by batch adds up.
     */
    public Totals plus(Totals other) {
      Map<ActionType, long[]> counts = copy(actionTypeCounts);
      other.actionTypeCounts.forEach(
          (type, c) -> {
            long[] sum = counts.computeIfAbsent(type, t -> new long[2]);
            sum[0] += c[0];
            sum[1] += c[1];
          });
      Map<Change, Long> perChange = new EnumMap<>(creatorsPerChange);
      other.creatorsPerChange.forEach((change, n) -> perChange.merge(change, n, Long::sum));
      Set<String> missing = new TreeSet<>(missingCodes);
      missing.addAll(other.missingCodes);
      return new Totals(
          violationsReplayed + other.violationsReplayed,
          creatorsReplayed + other.creatorsReplayed,
          decisionsChanged + other.decisionsChanged,
          counts,
          creatorsCrossingThreshold + other.creatorsCrossingThreshold,
          violationsWithoutRule + other.violationsWithoutRule,
          perChange,
          missing);
    }

    private static Map<ActionType, long[]> copy(Map<ActionType, long[]> counts) {
      Map<ActionType, long[]> copy = new EnumMap<>(ActionType.class);
      counts.forEach((type, c) -> copy.put(type, c.clone()));
      return copy;
    }
  }

  /** The changed creators (in the order given) and the totals of every replay. */
  public record Report(List<Changed> changed, Totals totals) {
    public Report {
      changed = List.copyOf(changed);
    }
  }

  /** An action as recorded: permanent when a restricting type other than a removal has no end. */
  public static ActionSummary recordedAction(
      String violationId, ActionType type, Set<RestrictionKind> restrictions, Duration duration) {
    return recordedAction(violationId, type, restrictions, duration, null);
  }

  /**
   * An action as recorded, with the rule that determined it ({@link FiredRule#ref}, as its
   * statement of reasons cites it; null when unknown).
   */
  public static ActionSummary recordedAction(
      String violationId,
      ActionType type,
      Set<RestrictionKind> restrictions,
      Duration duration,
      String rule) {
    boolean permanent =
        duration == null && type != ActionType.WARNING && type != ActionType.CONTENT_REMOVAL;
    return new ActionSummary(violationId, type, restrictions, duration, permanent, rule);
  }

  /**
   * Replays one creator.
   *
   * @param prior the creator's violations observed before the window, as recorded
   * @param window the violations of the window (any order; replayed by observed time, then id)
   * @param recordedRules the standing rules the recorded standing at the window end is read with
   * @param windowEnd the end of the window: both standings are taken there
   * @param standingStart the creator's first-seen time (health-rating earn-back)
   */
  public static CreatorReplay replay(
      String creatorId,
      List<PastViolation> prior,
      List<Replayed> window,
      StandingRules recordedRules,
      Instant windowEnd,
      Instant standingStart) {
    List<Replayed> ordered =
        window.stream()
            .sorted(
                Comparator.comparing(Replayed::observedTime).thenComparing(Replayed::violationId))
            .toList();
    List<PastViolation> recordedHistory = new ArrayList<>(prior);
    List<PastViolation> simulatedHistory = new ArrayList<>(prior);
    List<SimulatedDecision> decisions = new ArrayList<>();
    StandingRules simulatedRules = recordedRules;
    for (Replayed r : ordered) {
      if (r.reversed()) {
        continue;
      }
      Decision d =
          r.entry() == null
              ? null
              : StandingCalculator.decide(
                  r.rules(),
                  r.entry(),
                  r.observedTime(),
                  simulatedHistory,
                  standingStart,
                  ActivityLog.ALWAYS);
      decisions.add(new SimulatedDecision(r, d));
      simulatedHistory.add(simulatedPast(r, d));
      recordedHistory.add(
          new PastViolation(
              r.violationId(),
              r.code(),
              r.observedTime(),
              r.recordedPoints(),
              r.recordedDeduction(),
              false));
      simulatedRules = r.rules();
    }
    return new CreatorReplay(
        creatorId,
        decisions,
        standing(recordedRules, recordedHistory, windowEnd, standingStart),
        standing(simulatedRules, simulatedHistory, windowEnd, standingStart));
  }

  private static PastViolation simulatedPast(Replayed r, Decision d) {
    boolean health = r.rules().model() instanceof HealthRating;
    int points = d == null || health ? 0 : d.pointsAfter() - d.pointsBefore();
    int deduction = d == null || !health ? 0 : d.scoreBefore() - d.scoreAfter();
    return new PastViolation(r.violationId(), r.code(), r.observedTime(), points, deduction, false);
  }

  /**
   * The standing at {@code at}: active points and the highest threshold they reach, or the score
   * and the lowest milestone at or above it.
   */
  public static EndStanding standing(
      StandingRules rules, List<PastViolation> history, Instant at, Instant standingStart) {
    if (rules.model() instanceof PointsLadder ladder) {
      int points = StandingCalculator.activePoints(ladder, rules.marketZone(), history, at);
      LadderThreshold reached = null;
      for (LadderThreshold t : ladder.thresholds()) {
        if (t.points() <= points && (reached == null || t.points() > reached.points())) {
          reached = t;
        }
      }
      return reached == null
          ? new EndStanding(false, points, null, null)
          : new EndStanding(false, points, reached.points(), reached.consequence());
    }
    HealthRating rating = (HealthRating) rules.model();
    int score = StandingCalculator.score(rating, history, at, standingStart, ActivityLog.ALWAYS);
    HealthMilestone reached = null;
    for (HealthMilestone m : rating.milestones()) {
      if (score <= m.scoreAtOrBelow()
          && (reached == null || m.scoreAtOrBelow() < reached.scoreAtOrBelow())) {
        reached = m;
      }
    }
    return reached == null
        ? new EndStanding(true, score, null, null)
        : new EndStanding(true, score, reached.scoreAtOrBelow(), reached.consequence());
  }

  /** Compares every replay ({@link SimulationDiff#compare}) and sums the totals. */
  public static Report report(List<CreatorReplay> replays) {
    List<Changed> changed = new ArrayList<>();
    Map<Change, Long> perChange = new EnumMap<>(Change.class);
    for (Change c : Change.values()) {
      perChange.put(c, 0L);
    }
    Map<ActionType, long[]> counts = new EnumMap<>(ActionType.class);
    Set<String> missing = new TreeSet<>();
    long violations = 0;
    long decisionsChanged = 0;
    long crossing = 0;
    long withoutRule = 0;
    for (CreatorReplay replay : replays) {
      for (SimulatedDecision d : replay.decisions()) {
        violations++;
        count(counts, d.violation().recorded(), 0);
        count(counts, d.action(), 1);
        if (d.decision() == null) {
          withoutRule++;
          missing.add(d.violation().code());
        }
      }
      crossing += replay.crossesThresholdDifferently() ? 1 : 0;
      Optional<CreatorChange> change = SimulationDiff.compare(replay.outcome());
      if (change.isPresent()) {
        changed.add(new Changed(replay, change.get()));
        perChange.merge(change.get().change(), 1L, Long::sum);
        decisionsChanged += change.get().decisionChanges().size();
      }
    }
    return new Report(
        changed,
        new Totals(
            violations,
            replays.stream().filter(r -> !r.decisions().isEmpty()).count(),
            decisionsChanged,
            counts,
            crossing,
            withoutRule,
            perChange,
            missing));
  }

  private static void count(Map<ActionType, long[]> counts, ActionSummary action, int side) {
    if (action != null) {
      counts.computeIfAbsent(action.type(), t -> new long[2])[side]++;
    }
  }
}
