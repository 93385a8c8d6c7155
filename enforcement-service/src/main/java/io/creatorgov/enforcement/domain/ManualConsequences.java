package io.creatorgov.enforcement.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The consequence of an action chosen by a person (IssueManualAction, and the replacement of an
 * appeal decided MODIFY): the type's default restriction plus any additional ones, for the given
 * duration — checked against the contract's rules for those fields first.
 */
public final class ManualConsequences {
  private ManualConsequences() {}

  /**
   * A field that breaks a rule, relative to the request's fields (for example {@code duration}).
   */
  public record Problem(String field, String description) {}

  /** Every rule {@code type}, {@code duration} (null: unset) and {@code additional} break. */
  public static List<Problem> check(
      ActionType type, Duration duration, Set<RestrictionKind> additional) {
    List<Problem> problems = new ArrayList<>();
    boolean timed = needsDuration(type);
    if (timed && duration == null) {
      problems.add(new Problem("duration", "required for " + type));
    }
    if (!timed && duration != null) {
      problems.add(new Problem("duration", "must be unset for " + type));
    }
    if (duration != null
        && (duration.compareTo(Consequence.MIN_DURATION) < 0
            || duration.compareTo(Consequence.MAX_DURATION) > 0
            || duration.getNano() != 0)) {
      problems.add(new Problem("duration", "must be whole seconds from 1 hour to 3,650 days"));
    }
    if ((type == ActionType.WARNING || type == ActionType.CONTENT_REMOVAL)
        && !additional.isEmpty()) {
      problems.add(new Problem("additional_restriction_types", "not allowed on " + type));
    }
    return problems;
  }

  /** The consequence; call {@link #check} first (this throws on what it reports). */
  public static Consequence of(
      ActionType type, Duration duration, Set<RestrictionKind> additional) {
    Set<RestrictionKind> restrictions = EnumSet.noneOf(RestrictionKind.class);
    restrictions.addAll(additional);
    defaultRestriction(type).ifPresent(restrictions::add);
    return new Consequence(type, restrictions, duration, type == ActionType.BAN);
  }

  private static boolean needsDuration(ActionType type) {
    return switch (type) {
      case LIVE_INTERRUPTION, TRAFFIC_RESTRICTION, COMMISSION_FREEZE, SUSPENSION -> true;
      case WARNING, CONTENT_REMOVAL, BAN -> false;
    };
  }

  private static java.util.Optional<RestrictionKind> defaultRestriction(ActionType type) {
    return java.util.Optional.ofNullable(
        switch (type) {
          case LIVE_INTERRUPTION -> RestrictionKind.LIVE_DISABLED;
          case TRAFFIC_RESTRICTION -> RestrictionKind.TRAFFIC_LIMITED;
          case COMMISSION_FREEZE -> RestrictionKind.COMMISSION_FROZEN;
          default -> null;
        });
  }
}
