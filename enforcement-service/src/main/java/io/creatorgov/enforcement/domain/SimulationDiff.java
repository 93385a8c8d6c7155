package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares, per creator, the actions recorded for the replayed violations with the actions the
 * candidate policy would take (the contract's {@code SimulationChangeKind}, {@code
 * SimulationResult} and {@code SimulationSummary}). Only creators whose outcome differs are
 * reported, and for each only the decisions that differ.
 *
 * <p>Severity is the contract's order: action type, then duration (permanent longest), then the
 * number of restrictions. "No action" (a violation missing from one side, for example a code the
 * candidate catalogue lacks) ranks below every action. An action is restricting when it is more
 * than a WARNING.
 */
public final class SimulationDiff {

  private SimulationDiff() {}

  /** How an outcome differs under the candidate. */
  public enum Change {
    /** A restricting action where there was none (from WARNING or no action). */
    ADDED,
    /** No restricting action where there was one (down to WARNING or no action). */
    REMOVED,
    /** The most severe action would be more severe. */
    ESCALATED,
    /** The most severe action would be less severe. */
    DE_ESCALATED,
    /**
     * Equally severe, but some decision differs (type, duration, restrictions or determining rule)
     * or only the standing differs.
     */
    CHANGED
  }

  /**
   * One decided action, recorded or simulated.
   *
   * @param violationId the violation it was decided for (one action per violation and side)
   * @param type the action type
   * @param restrictions the restrictions placed (null is read as none)
   * @param duration how long it lasts; null when permanent or instantaneous
   * @param permanent true for an action without end
   * @param rule the determining rule ({@link FiredRule#ref}: which threshold, milestone,
   *     repeat-offence rule or catalogue default decided it), compared for equality only and only
   *     when both sides know it ({@link #sameDecision}); null when unknown
   */
  public record ActionSummary(
      String violationId,
      ActionType type,
      Set<RestrictionKind> restrictions,
      Duration duration,
      boolean permanent,
      String rule) {

    public ActionSummary {
      Objects.requireNonNull(violationId, "violationId");
      Objects.requireNonNull(type, "type");
      EnumSet<RestrictionKind> copy = EnumSet.noneOf(RestrictionKind.class);
      if (restrictions != null) {
        copy.addAll(restrictions);
      }
      restrictions = Collections.unmodifiableSet(copy);
    }

    /** An action without restrictions or rule reference. */
    public ActionSummary(
        String violationId, ActionType type, Duration duration, boolean permanent) {
      this(violationId, type, Set.of(), duration, permanent, null);
    }

    /** The action a consequence prescribes. */
    public static ActionSummary of(String violationId, Consequence consequence, String rule) {
      return new ActionSummary(
          violationId,
          consequence.type(),
          consequence.restrictions(),
          consequence.duration(),
          consequence.permanent(),
          rule);
    }

    /** Whether this action is more severe than {@code other} (see the class comment). */
    public boolean moreSevereThan(ActionSummary other) {
      return compare(this, other) > 0;
    }
  }

  /**
   * One creator's replay in one market.
   *
   * @param actual the recorded actions of the replayed violations, oldest first
   * @param simulated the actions under the candidate; a violation absent here got no action
   * @param standingDiffers whether the standing at the end of the window differs (points, score or
   *     the threshold reached)
   */
  public record CreatorOutcome(
      String creatorId,
      List<ActionSummary> actual,
      List<ActionSummary> simulated,
      boolean standingDiffers) {

    public CreatorOutcome {
      Objects.requireNonNull(creatorId, "creatorId");
      actual = List.copyOf(actual);
      simulated = List.copyOf(simulated);
    }
  }

  /**
   * A decision that differs.
   *
   * @param actual the recorded action; null when none was recorded
   * @param simulated the simulated action; null for no action
   * @param change how this single decision differs
   */
  public record DecisionChange(
      String violationId, ActionSummary actual, ActionSummary simulated, Change change) {}

  /**
   * A creator whose outcome differs.
   *
   * @param change how the creator's most severe action differs
   * @param decisionChanges the decisions that differ, in the order of the recorded actions, then
   *     violations only simulated
   */
  public record CreatorChange(
      String creatorId, Change change, List<DecisionChange> decisionChanges) {

    public CreatorChange {
      decisionChanges = List.copyOf(decisionChanges);
    }
  }

  /**
   * The differing creators and the totals.
   *
   * @param creatorsPerChange creators per change kind (every kind present, 0 when none)
   * @param decisionsChanged decisions that differ, over all creators
   */
  public record Report(
      List<CreatorChange> creators, Map<Change, Long> creatorsPerChange, long decisionsChanged) {

    public Report {
      creators = List.copyOf(creators);
      creatorsPerChange = Collections.unmodifiableMap(new EnumMap<>(creatorsPerChange));
    }

    /** Number of creators whose outcome is {@code change}. */
    public long creators(Change change) {
      return creatorsPerChange.get(change);
    }
  }

  /** Compares every creator's replay; creators whose outcome does not differ are left out. */
  public static Report diff(List<CreatorOutcome> outcomes) {
    List<CreatorChange> changed = new ArrayList<>();
    Map<Change, Long> totals = new EnumMap<>(Change.class);
    Arrays.stream(Change.values()).forEach(c -> totals.put(c, 0L));
    long decisions = 0;
    for (CreatorOutcome outcome : outcomes) {
      Optional<CreatorChange> change = compare(outcome);
      if (change.isPresent()) {
        changed.add(change.get());
        totals.merge(change.get().change(), 1L, Long::sum);
        decisions += change.get().decisionChanges().size();
      }
    }
    return new Report(changed, totals, decisions);
  }

  /**
   * Compares one creator's replay: empty when every decision and the standing are the same;
   * otherwise the change of the creator's most severe action ({@link #classify}) and every
   * differing decision.
   *
   * @throws IllegalArgumentException when a side lists a violation twice
   */
  public static Optional<CreatorChange> compare(CreatorOutcome outcome) {
    Map<String, ActionSummary> actual = byViolation(outcome.actual());
    Map<String, ActionSummary> simulated = byViolation(outcome.simulated());
    Set<String> violations = new LinkedHashSet<>(actual.keySet());
    violations.addAll(simulated.keySet());
    List<DecisionChange> decisions = new ArrayList<>();
    for (String id : violations) {
      ActionSummary before = actual.get(id);
      ActionSummary after = simulated.get(id);
      if (!sameDecision(before, after)) {
        decisions.add(new DecisionChange(id, before, after, classify(before, after)));
      }
    }
    if (decisions.isEmpty() && !outcome.standingDiffers()) {
      return Optional.empty();
    }
    Change change = classify(mostSevere(outcome.actual()), mostSevere(outcome.simulated()));
    return Optional.of(new CreatorChange(outcome.creatorId(), change, decisions));
  }

  /**
   * Whether two decisions are the same: both no action, or the same type, duration, permanence and
   * restrictions decided by the same rule. A rule is compared only when both sides know it (an
   * action recorded without a rule reference cannot differ by rule alone).
   */
  public static boolean sameDecision(ActionSummary before, ActionSummary after) {
    if (before == null || after == null) {
      return before == after;
    }
    boolean sameRule =
        before.rule() == null || after.rule() == null || before.rule().equals(after.rule());
    return sameRule
        && before.type() == after.type()
        && Objects.equals(before.duration(), after.duration())
        && before.permanent() == after.permanent()
        && before.restrictions().equals(after.restrictions());
  }

  /**
   * Classifies a difference between two actions (either may be null for "no action"): ADDED when
   * only {@code after} is restricting, REMOVED when only {@code before} is, otherwise ESCALATED or
   * DE_ESCALATED by severity, and CHANGED when equally severe.
   */
  public static Change classify(ActionSummary before, ActionSummary after) {
    boolean restrictedBefore = before != null && before.type().restricting();
    boolean restrictedAfter = after != null && after.type().restricting();
    if (restrictedAfter && !restrictedBefore) {
      return Change.ADDED;
    }
    if (restrictedBefore && !restrictedAfter) {
      return Change.REMOVED;
    }
    int bySeverity = compare(after, before);
    if (bySeverity > 0) {
      return Change.ESCALATED;
    }
    return bySeverity < 0 ? Change.DE_ESCALATED : Change.CHANGED;
  }

  private static ActionSummary mostSevere(List<ActionSummary> actions) {
    ActionSummary chosen = null;
    for (ActionSummary a : actions) {
      if (chosen == null || a.moreSevereThan(chosen)) {
        chosen = a;
      }
    }
    return chosen;
  }

  private static int compare(ActionSummary a, ActionSummary b) {
    return SeverityOrder.compare(
        a == null ? null : a.type(),
        a == null ? null : a.duration(),
        a != null && a.permanent(),
        a == null ? 0 : a.restrictions().size(),
        b == null ? null : b.type(),
        b == null ? null : b.duration(),
        b != null && b.permanent(),
        b == null ? 0 : b.restrictions().size());
  }

  private static Map<String, ActionSummary> byViolation(List<ActionSummary> actions) {
    Map<String, ActionSummary> map = new LinkedHashMap<>();
    for (ActionSummary a : actions) {
      if (map.put(a.violationId(), a) != null) {
        throw new IllegalArgumentException("violation " + a.violationId() + " listed twice");
      }
    }
    return map;
  }
}
