package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.DAY;
import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.known;
import static io.creatorgov.policy.domain.RuleChecks.shortName;
import static io.creatorgov.policy.domain.RuleChecks.show;

import com.google.protobuf.Duration;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.v1.EnforcementConsequence;
import java.util.EnumSet;
import java.util.Set;

/**
 * Rules of an {@link EnforcementConsequence}, shared by the violation catalogue (default
 * consequences) and the standing model (ladder thresholds, health milestones, repeat-offence
 * escalations): which restrictions, duration and permanence each action type needs.
 */
final class ConsequenceRules {
  private ConsequenceRules() {}

  /** Checks a consequence at {@code p}; {@code present} false reports it as missing. */
  static void check(EnforcementConsequence c, boolean present, String p, Violations v) {
    if (!present) {
      v.add(p, "required: an enforcement consequence with an action_type");
      return;
    }
    EnforcementActionType type = c.getActionType();
    if (!known(type, EnforcementActionType.ENFORCEMENT_ACTION_TYPE_UNSPECIFIED)) {
      v.add(at(p, "action_type"), "required: an action type, e.g. ENFORCEMENT_ACTION_TYPE_WARNING");
    }
    Set<RestrictionType> seen = EnumSet.noneOf(RestrictionType.class);
    for (int j = 0; j < c.getRestrictionTypesCount(); j++) {
      RestrictionType r = c.getRestrictionTypes(j);
      String rp = at(p, item("restriction_types", j));
      if (!known(r, RestrictionType.RESTRICTION_TYPE_UNSPECIFIED)) {
        v.add(rp, "must be a restriction type, e.g. RESTRICTION_TYPE_LIVE_DISABLED");
      } else if (!seen.add(r)) {
        v.add(rp, "duplicate %s: list each restriction type once".formatted(r.name()));
      }
    }
    boolean timed = c.hasDuration();
    boolean permanent = c.getPermanent();
    Duration d = c.getDuration();
    if (timed && (d.getNanos() != 0 || d.getSeconds() < 3_600 || d.getSeconds() > 3_650 * DAY)) {
      v.add(at(p, "duration"), "must be whole seconds, 3600s to 3,650 days, got " + show(d));
    }
    String name = shortName(type);
    switch (type) {
      case ENFORCEMENT_ACTION_TYPE_WARNING, ENFORCEMENT_ACTION_TYPE_CONTENT_REMOVAL -> {
        forbid(v, c.getRestrictionTypesCount() > 0, at(p, "restriction_types"), "be empty", name);
        forbid(v, timed, at(p, "duration"), "be unset", name);
        forbid(v, permanent, at(p, "permanent"), "be false", name);
      }
      case ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION,
          ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION,
          ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE -> {
        RestrictionType needed = requiredRestriction(type);
        if (!c.getRestrictionTypesList().contains(needed)) {
          v.add(at(p, "restriction_types"), "%s must include %s".formatted(name, needed.name()));
        }
        if (timed && permanent) {
          v.add(at(p, "permanent"), "permanent and duration are mutually exclusive: clear one");
        } else if (!timed && !permanent) {
          v.add(
              at(p, "duration"),
              "required: %s needs a duration or permanent = true".formatted(name));
        }
      }
      case ENFORCEMENT_ACTION_TYPE_SUSPENSION -> {
        if (permanent) {
          v.add(at(p, "permanent"), "must be false: a SUSPENSION always ends (BAN is permanent)");
        }
        if (!timed) {
          v.add(at(p, "duration"), "required: a SUSPENSION needs a duration");
        }
      }
      case ENFORCEMENT_ACTION_TYPE_BAN -> {
        if (!permanent) {
          v.add(at(p, "permanent"), "must be true: a BAN is permanent");
        }
        if (timed) {
          v.add(at(p, "duration"), "must be unset: a BAN is permanent and has no duration");
        }
      }
      default -> {
        // Unspecified or unknown action type: already reported.
      }
    }
  }

  /** True when {@code later}'s action is less severe than {@code earlier}'s (both known). */
  static boolean milder(EnforcementConsequence later, EnforcementConsequence earlier) {
    EnforcementActionType unspecified = EnforcementActionType.ENFORCEMENT_ACTION_TYPE_UNSPECIFIED;
    return known(later.getActionType(), unspecified)
        && known(earlier.getActionType(), unspecified)
        && later.getActionType().getNumber() < earlier.getActionType().getNumber();
  }

  /** Reports {@code path} as "must <what> for <action>" when {@code set}. */
  private static void forbid(Violations v, boolean set, String path, String what, String action) {
    if (set) {
      v.add(path, "must %s for %s".formatted(what, action));
    }
  }

  private static RestrictionType requiredRestriction(EnforcementActionType type) {
    return switch (type) {
      case ENFORCEMENT_ACTION_TYPE_LIVE_INTERRUPTION ->
          RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED;
      case ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION ->
          RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED;
      default -> RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN;
    };
  }
}
