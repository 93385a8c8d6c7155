package io.creatorgov.creator.domain;

import static io.creatorgov.creator.domain.CreatorStatus.ACTIVE;
import static io.creatorgov.creator.domain.CreatorStatus.APPLIED;
import static io.creatorgov.creator.domain.CreatorStatus.BANNED;
import static io.creatorgov.creator.domain.CreatorStatus.OFFBOARDED;
import static io.creatorgov.creator.domain.CreatorStatus.RESTRICTED;
import static io.creatorgov.creator.domain.CreatorStatus.SUSPENDED;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import io.creatorgov.kit.error.Violations;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The creator status state machine ({@code CreatorStatus}, {@code StatusTransition}, {@code
 * StatusChangeKind} in the v1 contract):
 *
 * <pre>
 *   APPLIED ──activate──▶ ACTIVE ⇄ RESTRICTED        (restrictions in force: 0 ⇄ 1 or more)
 *   ACTIVE/RESTRICTED ──SUSPEND──▶ SUSPENDED          (SUSPEND again: later end time wins)
 *   SUSPENDED ──REINSTATE / end time passes──▶ ACTIVE or RESTRICTED
 *   APPLIED/ACTIVE/RESTRICTED/SUSPENDED ──BAN (service, action id)──▶ BANNED
 *   BANNED ──UNBAN (service, ban's action id, appeal id)──▶ status re-evaluated now
 *   any but BANNED/OFFBOARDED ──OFFBOARD──▶ OFFBOARDED (terminal)
 * </pre>
 *
 * <p>A transition not in this picture is FAILED_PRECONDITION (INVALID_STATE_TRANSITION) with
 * metadata {@code current_state} and {@code requested_state}: the short status names (for example
 * {@code SUSPENDED}), the requested one being the status the transition would lead to from here.
 * Missing or superfluous inputs are INVALID_ARGUMENT naming every offending field of {@code
 * TransitionCreatorStatusRequest}.
 *
 * <p>Pure: the caller passes the current state and {@code now}, and persists the outcome with one
 * status history entry. A SUSPEND or BAN replayed with the action that put the creator in the
 * current state is detected here ({@code alreadyApplied}); a replay of an action applied earlier
 * and since superseded can only be found in the history, by the caller.
 */
public final class CreatorLifecycle {

  /** Maximum length of {@code reason}, in characters. */
  public static final int MAX_REASON_LENGTH = 2_000;

  private static final Set<CreatorStatus> SUSPENDABLE = EnumSet.of(ACTIVE, RESTRICTED, SUSPENDED);
  private static final Set<CreatorStatus> BANNABLE =
      EnumSet.of(APPLIED, ACTIVE, RESTRICTED, SUSPENDED);
  private static final Set<CreatorStatus> OFFBOARDABLE = BANNABLE;

  private CreatorLifecycle() {}

  /** Applies a transition requested through TransitionCreatorStatus. */
  public static TransitionOutcome apply(
      LifecycleState current, TransitionCommand command, Instant now) {
    requireServiceCallerForBanAndUnban(command);
    validate(command, now);
    return switch (command.transition()) {
      case SUSPEND -> suspend(current, command);
      case REINSTATE -> reinstate(current);
      case BAN -> ban(current, command);
      case UNBAN -> unban(current, command, now);
      case OFFBOARD -> offboard(current);
    };
  }

  /**
   * ActivateCreator: APPLIED → ACTIVE, or RESTRICTED when a restriction is already in force. The
   * caller checks the onboarding checklist (ONBOARDING_INCOMPLETE) itself; this refuses every
   * status but APPLIED.
   */
  public static TransitionOutcome activate(LifecycleState current) {
    CreatorStatus target = byRestrictions(current.restrictionsInForce());
    if (current.status() != APPLIED) {
      throw illegal(current.status(), target);
    }
    LifecycleState next =
        new LifecycleState(target, true, current.restrictionsInForce(), null, null, null);
    return changed(next, StatusChangeKind.ACTIVATED);
  }

  /**
   * The number of restrictions in force changed (one applied, lifted or expired). An ACTIVE creator
   * with one or more becomes RESTRICTED (history kind RESTRICTED); a RESTRICTED creator with none
   * becomes ACTIVE (kind RESTRICTIONS_CLEARED). Every other status only records the new count,
   * which decides the status a later reinstatement, suspension expiry or unban leads to.
   *
   * @param inForce restrictions in force after the change, 0 or more
   */
  public static LifecycleState restrictionsChanged(LifecycleState current, int inForce) {
    if (inForce < 0) {
      throw new IllegalArgumentException("inForce must be 0 or more, was " + inForce);
    }
    return switch (current.status()) {
      case ACTIVE, RESTRICTED ->
          new LifecycleState(byRestrictions(inForce), true, inForce, null, null, null);
      default -> current.withRestrictionsInForce(inForce);
    };
  }

  /**
   * The status change, if any, that a change in the restrictions in force causes: {@link
   * #restrictionsChanged} from {@code before}, recorded as {@code kind} (RESTRICTED when one was
   * applied, RESTRICTIONS_CLEARED when some were lifted). Empty when the status stays.
   *
   * @param before the state with the restrictions in force before the change
   * @param inForce restrictions in force after the change, 0 or more
   */
  public static Optional<TransitionOutcome> restrictionsChanged(
      LifecycleState before, int inForce, StatusChangeKind kind) {
    LifecycleState after = restrictionsChanged(before, inForce);
    return after.status() == before.status() ? Optional.empty() : Optional.of(changed(after, kind));
  }

  /**
   * The suspension-expiry job: a SUSPENDED creator whose suspension end time is at or before {@code
   * now} returns to ACTIVE, or RESTRICTED when restrictions are in force (kind SUSPENSION_EXPIRED).
   * Empty when there is nothing to expire (not SUSPENDED, or the end is still ahead).
   */
  public static Optional<TransitionOutcome> expireSuspension(LifecycleState current, Instant now) {
    if (current.status() != SUSPENDED || current.suspensionEndTime().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(changed(backInGoodStanding(current), StatusChangeKind.SUSPENSION_EXPIRED));
  }

  // ---- the requested transitions ----------------------------------------------------------

  private static TransitionOutcome suspend(LifecycleState current, TransitionCommand command) {
    if (!SUSPENDABLE.contains(current.status())) {
      throw illegal(current.status(), SUSPENDED);
    }
    String actionId = blankToNull(command.enforcementActionId());
    Instant endTime = command.suspensionEndTime();
    if (current.status() == SUSPENDED) {
      if (actionId != null && actionId.equals(current.suspensionActionId())) {
        return alreadyApplied(current, StatusChangeKind.SUSPENDED);
      }
      // An extension: the later end time wins, and with it the action behind it (an operator's
      // extension without an action keeps the action of the running suspension).
      if (!endTime.isAfter(current.suspensionEndTime())) {
        endTime = current.suspensionEndTime();
        actionId = current.suspensionActionId();
      } else if (actionId == null) {
        actionId = current.suspensionActionId();
      }
    }
    LifecycleState next =
        new LifecycleState(SUSPENDED, true, current.restrictionsInForce(), endTime, actionId, null);
    return changed(next, StatusChangeKind.SUSPENDED);
  }

  private static TransitionOutcome reinstate(LifecycleState current) {
    if (current.status() != SUSPENDED) {
      throw illegal(current.status(), byRestrictions(current.restrictionsInForce()));
    }
    return changed(backInGoodStanding(current), StatusChangeKind.REINSTATED);
  }

  private static TransitionOutcome ban(LifecycleState current, TransitionCommand command) {
    String actionId = command.enforcementActionId();
    if (current.status() == BANNED && actionId.equals(current.banActionId())) {
      return alreadyApplied(current, StatusChangeKind.BANNED);
    }
    if (!BANNABLE.contains(current.status())) {
      throw illegal(current.status(), BANNED);
    }
    // A running suspension is kept so that an unban can resume it.
    LifecycleState next =
        new LifecycleState(
            BANNED,
            current.activated(),
            current.restrictionsInForce(),
            current.suspensionEndTime(),
            current.suspensionActionId(),
            actionId);
    return changed(next, StatusChangeKind.BANNED);
  }

  private static TransitionOutcome unban(
      LifecycleState current, TransitionCommand command, Instant now) {
    LifecycleState restored = restoredAfterBan(current, now);
    if (current.status() != BANNED) {
      throw illegal(current.status(), restored.status());
    }
    if (!command.enforcementActionId().equals(current.banActionId())) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
          "UNBAN must name the ban's enforcement action " + current.banActionId(),
          Map.of("ban_action_id", current.banActionId()),
          List.of(),
          List.of(
              new PreconditionViolation(
                  "BAN_ACTION",
                  command.enforcementActionId(),
                  "is not the action that banned the creator; send " + current.banActionId())),
          null);
    }
    return changed(restored, StatusChangeKind.UNBANNED);
  }

  private static TransitionOutcome offboard(LifecycleState current) {
    if (!OFFBOARDABLE.contains(current.status())) {
      throw illegal(current.status(), OFFBOARDED);
    }
    LifecycleState next =
        new LifecycleState(
            OFFBOARDED, current.activated(), current.restrictionsInForce(), null, null, null);
    return changed(next, StatusChangeKind.OFFBOARDED);
  }

  // ---- where a creator goes back to -------------------------------------------------------

  /** ACTIVE with no restriction in force, RESTRICTED with one or more. */
  static CreatorStatus byRestrictions(int restrictionsInForce) {
    return restrictionsInForce > 0 ? RESTRICTED : ACTIVE;
  }

  /** Out of a suspension: ACTIVE or RESTRICTED, suspension cleared. */
  private static LifecycleState backInGoodStanding(LifecycleState current) {
    int inForce = current.restrictionsInForce();
    return new LifecycleState(byRestrictions(inForce), true, inForce, null, null, null);
  }

  /**
   * The status before the ban, re-evaluated now: APPLIED if never activated, SUSPENDED if the ban
   * interrupted a suspension that has not ended yet, else ACTIVE or RESTRICTED by the restrictions
   * in force.
   */
  private static LifecycleState restoredAfterBan(LifecycleState banned, Instant now) {
    int inForce = banned.restrictionsInForce();
    if (!banned.activated()) {
      return new LifecycleState(APPLIED, false, inForce, null, null, null);
    }
    Instant suspensionEnd = banned.suspensionEndTime();
    if (suspensionEnd != null && suspensionEnd.isAfter(now)) {
      return new LifecycleState(
          SUSPENDED, true, inForce, suspensionEnd, banned.suspensionActionId(), null);
    }
    return new LifecycleState(byRestrictions(inForce), true, inForce, null, null, null);
  }

  // ---- inputs -----------------------------------------------------------------------------

  private static void requireServiceCallerForBanAndUnban(TransitionCommand command) {
    StatusTransition transition = command.transition();
    boolean serviceOnly =
        transition == StatusTransition.BAN || transition == StatusTransition.UNBAN;
    if (serviceOnly && !command.callerIsService()) {
      String name = transitionName(transition);
      throw ApiException.of(
          ErrorReason.ERROR_REASON_ROLE_REQUIRED,
          name + " may only be requested by enforcement-service (role service)",
          Map.of("transition", name, "required_roles", "service"));
    }
  }

  private static void validate(TransitionCommand command, Instant now) {
    Violations violations = new Violations();
    String reason = command.reason();
    if (isBlank(reason)) {
      violations.add("reason", "is required (1–2,000 characters)");
    } else if (reason.codePointCount(0, reason.length()) > MAX_REASON_LENGTH) {
      violations.add("reason", "must be at most 2,000 characters");
    }

    StatusTransition transition = command.transition();
    if (transition == null) {
      violations.add("transition", "must be one of SUSPEND, REINSTATE, BAN, UNBAN, OFFBOARD");
      violations.throwIfAny();
    }
    String name = transitionName(transition);

    boolean actionIdRequired =
        transition == StatusTransition.BAN
            || transition == StatusTransition.UNBAN
            || (transition == StatusTransition.SUSPEND && command.callerIsService());
    violations.require(
        actionIdRequired && isBlank(command.enforcementActionId()),
        "enforcement_action_id",
        transition == StatusTransition.SUSPEND
            ? "is required when a service suspends"
            : "is required for " + name);

    boolean reinstating =
        transition == StatusTransition.UNBAN || transition == StatusTransition.REINSTATE;
    if (transition == StatusTransition.UNBAN) {
      violations.require(
          isBlank(command.appealId()) && command.reversalBasis() == null,
          "appeal_id",
          "UNBAN needs the overturned appeal, or a reversal_basis for a reversal outside an appeal");
    } else if (!reinstating) {
      violations.require(!isBlank(command.appealId()), "appeal_id", "must be empty for " + name);
    }
    violations.require(
        !reinstating && command.reversalBasis() != null,
        "reversal_basis",
        "only UNBAN and REINSTATE reverse an action; must be unset for " + name);
    violations.require(
        reinstating && !isBlank(command.appealId()) && command.reversalBasis() != null,
        "reversal_basis",
        "give either appeal_id (an overturned appeal) or reversal_basis, not both");

    Instant endTime = command.suspensionEndTime();
    if (transition == StatusTransition.SUSPEND) {
      if (endTime == null) {
        violations.add("suspension_end_time", "is required for SUSPEND");
      } else if (!endTime.isAfter(now)) {
        violations.add("suspension_end_time", "must be in the future, was " + endTime);
      }
    } else {
      violations.require(endTime != null, "suspension_end_time", "must be unset for " + name);
    }
    violations.throwIfAny();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static TransitionOutcome changed(LifecycleState next, StatusChangeKind kind) {
    return new TransitionOutcome(next, kind, false);
  }

  private static TransitionOutcome alreadyApplied(LifecycleState current, StatusChangeKind kind) {
    return new TransitionOutcome(current, kind, true);
  }

  private static ApiException illegal(CreatorStatus current, CreatorStatus requested) {
    return ApiException.illegalTransition(statusName(current), statusName(requested));
  }

  /** The status as the error contract names it, for example {@code SUSPENDED}. */
  static String statusName(CreatorStatus status) {
    return status.name();
  }

  private static String transitionName(StatusTransition transition) {
    return transition.name();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String blankToNull(String value) {
    return isBlank(value) ? null : value;
  }
}
