package io.creatorgov.creator.domain;

import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_ACTIVE;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_APPLIED;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_RESTRICTED;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_SUSPENDED;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.CapabilityDecision;
import io.creatorgov.creator.v1.DenialReason;
import io.creatorgov.creator.v1.OnboardingDenial;
import io.creatorgov.creator.v1.OnboardingItemKind;
import io.creatorgov.creator.v1.RestrictionDenial;
import io.creatorgov.creator.v1.StatusDenial;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.time.ProtoTime;
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

  /** Builds the contract's CapabilityDecision (without cache_max_age). */
  public static CapabilityDecision decide(CapabilityInputs in, Capability capability, Instant now) {
    Set<RestrictionType> denyingTypes = deniedBy(capability);
    List<ActiveRestriction> inForce =
        in.restrictions().stream().filter(r -> r.inForceAt(now)).sorted(BY_START).toList();
    List<ActiveRestriction> denying =
        inForce.stream().filter(r -> denyingTypes.contains(r.type())).toList();
    CreatorStatus status = statusAt(in, inForce.size(), now);

    List<DenialReason> reasons = new ArrayList<>();
    if (status != CREATOR_STATUS_ACTIVE && status != CREATOR_STATUS_RESTRICTED) {
      reasons.add(statusReason(in, status));
    }
    if (status == CREATOR_STATUS_APPLIED && !in.missingOnboarding().isEmpty()) {
      reasons.add(onboardingReason(in.missingOnboarding()));
    }
    for (ActiveRestriction restriction : denying) {
      reasons.add(restrictionReason(restriction, capability));
    }

    CapabilityDecision.Builder decision =
        CapabilityDecision.newBuilder()
            .setCreatorId(in.creatorId())
            .setMarket(in.market())
            .setCapability(capability)
            .setAllowed(reasons.isEmpty())
            .addAllReasons(reasons)
            .setStatus(status)
            .setEvaluatedTime(ProtoTime.of(now));
    validUntil(in, status, inForce, denying)
        .ifPresent(until -> decision.setExpireTime(ProtoTime.of(until)));
    return decision.build();
  }

  /**
   * The restriction types that deny a capability (on top of the status rule).
   *
   * @throws ApiException INVALID_ARGUMENT on {@code capability} for UNSPECIFIED
   */
  public static Set<RestrictionType> deniedBy(Capability capability) {
    return switch (Objects.requireNonNull(capability, "capability")) {
      case CAPABILITY_GO_LIVE -> Set.of(RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED);
      case CAPABILITY_JOIN_CAMPAIGN, CAPABILITY_JOIN_INCENTIVE_PROGRAM ->
          Set.of(RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE);
      case CAPABILITY_EARN_COMMISSION -> Set.of(RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN);
      case CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC ->
          Set.of(RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED);
      case CAPABILITY_RUN_ADS -> Set.of(RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE);
      case CAPABILITY_UNSPECIFIED, UNRECOGNIZED ->
          throw ApiException.invalid("capability", "must be a specific capability");
    };
  }

  /**
   * The status at {@code now}: a suspension that has ended and restrictions that expired no longer
   * count.
   */
  private static CreatorStatus statusAt(CapabilityInputs in, int restrictionsInForce, Instant now) {
    CreatorStatus stored = in.status();
    boolean suspensionOver =
        stored == CREATOR_STATUS_SUSPENDED && !in.suspensionEndTime().isAfter(now);
    if (stored == CREATOR_STATUS_ACTIVE || stored == CREATOR_STATUS_RESTRICTED || suspensionOver) {
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
    if (status == CREATOR_STATUS_SUSPENDED) {
      changes.add(in.suspensionEndTime());
    }
    denying.stream().map(ActiveRestriction::endTime).filter(Objects::nonNull).forEach(changes::add);
    if (status == CREATOR_STATUS_RESTRICTED
        && inForce.stream().allMatch(r -> r.endTime() != null)) {
      inForce.stream()
          .map(ActiveRestriction::endTime)
          .max(Comparator.naturalOrder())
          .ifPresent(changes::add);
    }
    return changes.stream().min(Comparator.naturalOrder());
  }

  // ---- reasons ----------------------------------------------------------------------------

  private static DenialReason statusReason(CapabilityInputs in, CreatorStatus status) {
    StatusDenial.Builder denial = StatusDenial.newBuilder().setStatus(status);
    String actionId = in.statusEnforcementActionId() == null ? "" : in.statusEnforcementActionId();
    String message;
    switch (status) {
      case CREATOR_STATUS_APPLIED ->
          message = "creator is not activated yet (APPLIED): no capability before activation";
      case CREATOR_STATUS_SUSPENDED -> {
        denial.setSuspensionEndTime(ProtoTime.of(in.suspensionEndTime()));
        denial.setEnforcementActionId(actionId);
        message =
            "creator is suspended until "
                + in.suspensionEndTime()
                + byAction(actionId)
                + ": every capability is denied while suspended";
      }
      case CREATOR_STATUS_BANNED -> {
        denial.setEnforcementActionId(actionId);
        message = "creator is banned" + byAction(actionId) + ": every capability is denied";
      }
      default ->
          message =
              "creator is " + CreatorLifecycle.statusName(status) + ": every capability is denied";
    }
    return DenialReason.newBuilder().setMessage(message).setStatus(denial).build();
  }

  private static DenialReason onboardingReason(List<OnboardingItemKind> missing) {
    String items =
        missing.stream()
            .map(kind -> words(kind.name(), "ONBOARDING_ITEM_KIND_"))
            .collect(Collectors.joining(", "));
    return DenialReason.newBuilder()
        .setMessage("onboarding is incomplete, missing: " + items)
        .setOnboarding(OnboardingDenial.newBuilder().addAllMissingItems(missing))
        .build();
  }

  private static DenialReason restrictionReason(
      ActiveRestriction restriction, Capability capability) {
    RestrictionDenial.Builder denial =
        RestrictionDenial.newBuilder()
            .setRestrictionId(restriction.restrictionId())
            .setRestrictionType(restriction.type())
            .setEnforcementActionId(restriction.enforcementActionId());
    if (restriction.endTime() != null) {
      denial.setEndTime(ProtoTime.of(restriction.endTime()));
    }
    String message =
        "restriction "
            + restriction.restrictionId()
            + " ("
            + restriction.type().name().substring("RESTRICTION_TYPE_".length())
            + byAction(restriction.enforcementActionId())
            + ") denies "
            + words(capability.name(), "CAPABILITY_")
            + (restriction.endTime() == null
                ? " until it is lifted"
                : " until " + restriction.endTime());
    return DenialReason.newBuilder().setMessage(message).setRestriction(denial).build();
  }

  private static String byAction(String actionId) {
    return actionId.isEmpty() ? "" : " by enforcement action " + actionId;
  }

  /** {@code CAPABILITY_GO_LIVE} → {@code go live}. */
  private static String words(String enumName, String prefix) {
    return enumName.substring(prefix.length()).replace('_', ' ').toLowerCase(Locale.ROOT);
  }
}
