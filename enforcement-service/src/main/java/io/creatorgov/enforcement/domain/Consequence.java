package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A consequence the rules prescribe (the contract's {@code EnforcementConsequence}): an action
 * type, exactly the restrictions it applies (never inferred from the type) and how long they last.
 *
 * <p>The constructor enforces the contract's consistency rules:
 *
 * <ul>
 *   <li>WARNING, CONTENT_REMOVAL: no restrictions, no duration, not permanent;
 *   <li>LIVE_INTERRUPTION, TRAFFIC_RESTRICTION, COMMISSION_FREEZE: must include LIVE_DISABLED,
 *       TRAFFIC_LIMITED, COMMISSION_FROZEN respectively, and need a duration or {@code permanent}
 *       (not both);
 *   <li>SUSPENSION: a duration, never permanent; restrictions optional;
 *   <li>BAN: permanent, no duration.
 * </ul>
 *
 * A duration is whole seconds, {@link #MIN_DURATION} to {@link #MAX_DURATION}. Restrictions are
 * kept as an unmodifiable set iterating in declaration order.
 *
 * @param type the action taken
 * @param restrictions the capability restrictions applied (empty when none; null is read as empty)
 * @param duration how long the restrictions or the suspension last from the decision; null when
 *     permanent or when the type has no duration
 * @param permanent true for a consequence without end
 */
public record Consequence(
    ActionType type, Set<RestrictionKind> restrictions, Duration duration, boolean permanent) {

  /** Shortest duration the contract allows. */
  public static final Duration MIN_DURATION = Duration.ofHours(1);

  /** Longest duration the contract allows. */
  public static final Duration MAX_DURATION = Duration.ofDays(3_650);

  /** Mildest first; see {@link #moreSevereThan(Consequence)}. */
  public static final Comparator<Consequence> BY_SEVERITY =
      (a, b) ->
          SeverityOrder.compare(
              a.type,
              a.duration,
              a.permanent,
              a.restrictions.size(),
              b.type,
              b.duration,
              b.permanent,
              b.restrictions.size());

  public Consequence {
    Objects.requireNonNull(type, "type");
    restrictions = immutableCopy(restrictions);
    checkDuration(duration);
    switch (type) {
      case WARNING, CONTENT_REMOVAL -> {
        Checks.require(restrictions.isEmpty(), type + " takes no restrictions");
        Checks.require(
            duration == null && !permanent, type + " has no duration and is not permanent");
      }
      case LIVE_INTERRUPTION ->
          limited(type, RestrictionKind.LIVE_DISABLED, restrictions, duration, permanent);
      case TRAFFIC_RESTRICTION ->
          limited(type, RestrictionKind.TRAFFIC_LIMITED, restrictions, duration, permanent);
      case COMMISSION_FREEZE ->
          limited(type, RestrictionKind.COMMISSION_FROZEN, restrictions, duration, permanent);
      case SUSPENSION ->
          Checks.require(
              duration != null && !permanent, "SUSPENSION needs a duration and always ends");
      case BAN ->
          Checks.require(permanent && duration == null, "BAN is permanent and has no duration");
    }
  }

  /** A WARNING. */
  public static Consequence warning() {
    return new Consequence(ActionType.WARNING, Set.of(), null, false);
  }

  /** A CONTENT_REMOVAL. */
  public static Consequence contentRemoval() {
    return new Consequence(ActionType.CONTENT_REMOVAL, Set.of(), null, false);
  }

  /** A permanent BAN, with any restrictions that come with it. */
  public static Consequence ban(RestrictionKind... restrictions) {
    return new Consequence(ActionType.BAN, Set.copyOf(Arrays.asList(restrictions)), null, true);
  }

  /** A consequence that lasts {@code duration} from the decision. */
  public static Consequence lasting(
      ActionType type, Duration duration, RestrictionKind... restrictions) {
    return new Consequence(
        type, Set.copyOf(Arrays.asList(restrictions)), Objects.requireNonNull(duration), false);
  }

  /** A consequence without end (LIVE_INTERRUPTION, TRAFFIC_RESTRICTION, COMMISSION_FREEZE, BAN). */
  public static Consequence permanent(ActionType type, RestrictionKind... restrictions) {
    return new Consequence(type, Set.copyOf(Arrays.asList(restrictions)), null, true);
  }

  /**
   * Whether this consequence is more severe than {@code other}: action type order first; for the
   * same type a permanent one beats any duration and a longer duration a shorter one; when type and
   * length are equal, more restrictions are more severe.
   */
  public boolean moreSevereThan(Consequence other) {
    return BY_SEVERITY.compare(this, other) > 0;
  }

  /**
   * When the consequence ends if decided at {@code decided}: {@code decided + duration}; empty for
   * a permanent consequence and for types without duration (WARNING, CONTENT_REMOVAL).
   */
  public Optional<Instant> endTime(Instant decided) {
    Objects.requireNonNull(decided, "decided");
    return duration == null ? Optional.empty() : Optional.of(decided.plus(duration));
  }

  /** The most severe of the given consequences; of equally severe ones the first. */
  public static Consequence mostSevere(Consequence... consequences) {
    return mostSevere(List.of(consequences));
  }

  /**
   * The most severe of the given consequences; of equally severe ones the first.
   *
   * @throws IllegalArgumentException when the list is empty
   */
  public static Consequence mostSevere(List<Consequence> consequences) {
    Consequence chosen = null;
    for (Consequence c : consequences) {
      Objects.requireNonNull(c, "consequence");
      if (chosen == null || c.moreSevereThan(chosen)) {
        chosen = c;
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException("no consequence to choose from");
    }
    return chosen;
  }

  private static void limited(
      ActionType type,
      RestrictionKind required,
      Set<RestrictionKind> restrictions,
      Duration duration,
      boolean permanent) {
    Checks.require(restrictions.contains(required), type + " must include " + required);
    Checks.require(
        (duration != null) != permanent,
        type + " needs either a duration or permanent = true (not both)");
  }

  private static void checkDuration(Duration duration) {
    if (duration == null) {
      return;
    }
    Checks.require(duration.getNano() == 0, "duration must be whole seconds, got " + duration);
    Checks.require(
        duration.compareTo(MIN_DURATION) >= 0 && duration.compareTo(MAX_DURATION) <= 0,
        "duration must be 1 hour to 3,650 days, got " + duration);
  }

  private static Set<RestrictionKind> immutableCopy(Collection<RestrictionKind> restrictions) {
    EnumSet<RestrictionKind> copy = EnumSet.noneOf(RestrictionKind.class);
    if (restrictions != null) {
      for (RestrictionKind r : restrictions) {
        copy.add(Objects.requireNonNull(r, "restriction"));
      }
    }
    return Collections.unmodifiableSet(copy);
  }
}
