package io.creatorgov.creator.domain;

import static io.creatorgov.creator.domain.CreatorStatus.ACTIVE;
import static io.creatorgov.creator.domain.CreatorStatus.APPLIED;
import static io.creatorgov.creator.domain.CreatorStatus.RESTRICTED;
import static io.creatorgov.creator.domain.CreatorStatus.SUSPENDED;

import io.creatorgov.creator.domain.CapabilityDecision.DenialReason;
import io.creatorgov.creator.domain.CapabilityDecision.OnboardingDenial;
import io.creatorgov.creator.domain.CapabilityDecision.RestrictionDenial;
import io.creatorgov.creator.domain.CapabilityDecision.StatusDenial;
import io.creatorgov.kit.error.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers CheckCapability from the creator's own state, as the {@code Capability} enum documents
 * it:
 *
 * <ul>
 *   <li>only ACTIVE and RESTRICTED allow anything: APPLIED, SUSPENDED, BANNED and OFFBOARDED deny
 *       every capability with a status reason (APPLIED adds an onboarding reason naming the missing
 *       checklist items, when there are any);
 *   <li>each capability is also denied by the restriction types of {@link #deniedBy(Capability)}.
 * </ul>
 *
 * <p>Every applicable reason is listed, in the contract's order: status, onboarding, then
 * restrictions by start time. The state is read as it is at {@code now}: a restriction whose end
 * time has passed no longer counts, and a suspension whose end has passed is over (ACTIVE or
 * RESTRICTED), even before the expiry jobs have recorded it. {@code valid_until} is the earliest
 * instant after {@code now} at which the decision changes by itself. {@code cache_max_age} is a
 * deployment setting and left to the caller.
 */
public final class CapabilityEvaluator {

  private static final Comparator<ActiveRestriction> BY_START =
      Comparator.comparing(ActiveRestriction::startTime)
          .thenComparing(ActiveRestriction::restrictionId);

  private CapabilityEvaluator() {}

  /** The decision (without its cache max age, a deployment setting). */
  public static CapabilityDecision decide(CapabilityInputs in, Capability capability, Instant now) {
    Set<RestrictionType> denyingTypes = deniedBy(capability);
    List<ActiveRestriction> inForce =
        in.restrictions().stream().filter(r -> r.inForceAt(now)).sorted(BY_START).toList();
    List<ActiveRestriction> denying =
        inForce.stream().filter(r -> denyingTypes.contains(r.type())).toList();
    CreatorStatus status = statusAt(in, inForce.size(), now);

    List<DenialReason> reasons = new ArrayList<>();
    if (status != ACTIVE && status != RESTRICTED) {
      reasons.add(statusReason(in, status));
    }
    if (status == APPLIED && !in.missingOnboarding().isEmpty()) {
      reasons.add(onboardingReason(in.missingOnboarding()));
    }
    for (ActiveRestriction restriction : denying) {
      reasons.add(restrictionReason(restriction, capability));
    }

    return new CapabilityDecision(
        in.creatorId(),
        in.market(),
        capability,
        reasons.isEmpty(),
        reasons,
        status,
        now,
        validUntil(in, status, inForce, denying).orElse(null),
        null);
  }

  /**
   * The restriction types that deny a capability (on top of the status rule).
   *
   * @throws ApiException INVALID_ARGUMENT on {@code capability} when none is given (null)
   */
  public static Set<RestrictionType> deniedBy(Capability capability) {
    if (capability == null) {
      throw ApiException.invalid("capability", "must be a specific capability");
    }
    return switch (capability) {
      case GO_LIVE -> Set.of(RestrictionType.LIVE_DISABLED);
      case JOIN_CAMPAIGN, JOIN_INCENTIVE_PROGRAM -> Set.of(RestrictionType.CAMPAIGN_INELIGIBLE);
      case EARN_COMMISSION -> Set.of(RestrictionType.COMMISSION_FROZEN);
      case RECEIVE_RECOMMENDATION_TRAFFIC -> Set.of(RestrictionType.TRAFFIC_LIMITED);
      case RUN_ADS -> Set.of(RestrictionType.ADS_INELIGIBLE);
    };
  }

  /**
   * The status at {@code now}: a suspension that has ended and restrictions that expired no longer
   * count.
   */
  private static CreatorStatus statusAt(CapabilityInputs in, int restrictionsInForce, Instant now) {
    CreatorStatus stored = in.status();
    boolean suspensionOver = stored == SUSPENDED && !in.suspensionEndTime().isAfter(now);
    if (stored == ACTIVE || stored == RESTRICTED || suspensionOver) {
      return CreatorLifecycle.byRestrictions(restrictionsInForce);
    }
    return stored;
  }

  /**
   * The earliest future instant at which the decision changes by itself: the end of a suspension,
   * the end of a restriction that denies the capability, or (for ACTIVE/RESTRICTED) the moment the
   * last restriction in force ends and the status turns ACTIVE. Empty when nothing is scheduled.
   */
  private static Optional<Instant> validUntil(
      CapabilityInputs in,
      CreatorStatus status,
      List<ActiveRestriction> inForce,
      List<ActiveRestriction> denying) {
    List<Instant> changes = new ArrayList<>();
    if (status == SUSPENDED) {
      changes.add(in.suspensionEndTime());
    }
    denying.stream().map(ActiveRestriction::endTime).filter(Objects::nonNull).forEach(changes::add);
    if (status == RESTRICTED && inForce.stream().allMatch(r -> r.endTime() != null)) {
      inForce.stream()
          .map(ActiveRestriction::endTime)
          .max(Comparator.naturalOrder())
          .ifPresent(changes::add);
    }
    return changes.stream().min(Comparator.naturalOrder());
  }

  // ---- reasons ----------------------------------------------------------------------------

  private static DenialReason statusReason(CapabilityInputs in, CreatorStatus status) {
    String actionId = in.statusEnforcementActionId() == null ? "" : in.statusEnforcementActionId();
    return switch (status) {
      case APPLIED ->
          new StatusDenial(
              "creator is not activated yet (APPLIED): no capability before activation",
              status,
              null,
              "");
      case SUSPENDED ->
          new StatusDenial(
              "creator is suspended until "
                  + in.suspensionEndTime()
                  + byAction(actionId)
                  + ": every capability is denied while suspended",
              status,
              in.suspensionEndTime(),
              actionId);
      case BANNED ->
          new StatusDenial(
              "creator is banned" + byAction(actionId) + ": every capability is denied",
              status,
              null,
              actionId);
      default ->
          new StatusDenial(
              "creator is " + CreatorLifecycle.statusName(status) + ": every capability is denied",
              status,
              null,
              "");
    };
  }

  private static DenialReason onboardingReason(List<OnboardingItemKind> missing) {
    String items =
        missing.stream().map(kind -> words(kind.name())).collect(Collectors.joining(", "));
    return new OnboardingDenial("onboarding is incomplete, missing: " + items, missing);
  }

  private static DenialReason restrictionReason(
      ActiveRestriction restriction, Capability capability) {
    String message =
        "restriction "
            + restriction.restrictionId()
            + " ("
            + restriction.type().name()
            + byAction(restriction.enforcementActionId())
            + ") denies "
            + words(capability.name())
            + (restriction.endTime() == null
                ? " until it is lifted"
                : " until " + restriction.endTime());
    return new RestrictionDenial(
        message,
        restriction.restrictionId(),
        restriction.type(),
        restriction.enforcementActionId(),
        restriction.endTime());
  }

  private static String byAction(String actionId) {
    return actionId.isEmpty() ? "" : " by enforcement action " + actionId;
  }

  /** {@code GO_LIVE} → {@code go live}. */
  private static String words(String enumName) {
    return enumName.replace('_', ' ').toLowerCase(Locale.ROOT);
  }
}
