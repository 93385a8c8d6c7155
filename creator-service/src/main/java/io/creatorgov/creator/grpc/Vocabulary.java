package io.creatorgov.creator.grpc;

import io.creatorgov.creator.domain.Capability;
import io.creatorgov.creator.domain.CreatorEventType;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.IdentityVerificationOutcome;
import io.creatorgov.creator.domain.OnboardingItemKind;
import io.creatorgov.creator.domain.OnboardingItemStatus;
import io.creatorgov.creator.domain.OnboardingMissingReason;
import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.RestrictionType;
import io.creatorgov.creator.domain.ReversalBasis;
import io.creatorgov.creator.domain.StatusChangeKind;
import io.creatorgov.creator.domain.StatusTransition;

/**
 * The domain's vocabulary ⇄ the contract's enums. A contract value is the domain value's name with
 * the enum's prefix ({@code ACTIVE} ⇄ {@code CREATOR_STATUS_ACTIVE}); the zero value UNSPECIFIED
 * means "none" (null in the domain, except that a creator without a tier is {@link
 * CreatorTier#NONE}); UNRECOGNIZED (a number this build does not know) becomes null too, which the
 * use cases refuse where a value is required. VocabularyTest proves every value maps both ways.
 */
public final class Vocabulary {
  private Vocabulary() {}

  // ---- domain → contract ------------------------------------------------------------------------

  public static io.creatorgov.common.v1.CreatorStatus status(CreatorStatus status) {
    return toProto(
        io.creatorgov.common.v1.CreatorStatus.class,
        "CREATOR_STATUS_",
        status,
        io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_UNSPECIFIED);
  }

  public static io.creatorgov.common.v1.CreatorTier tier(CreatorTier tier) {
    return tier == CreatorTier.NONE
        ? io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_UNSPECIFIED
        : toProto(
            io.creatorgov.common.v1.CreatorTier.class,
            "CREATOR_TIER_",
            tier,
            io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_UNSPECIFIED);
  }

  public static io.creatorgov.common.v1.RestrictionType restrictionType(RestrictionType type) {
    return toProto(
        io.creatorgov.common.v1.RestrictionType.class,
        "RESTRICTION_TYPE_",
        type,
        io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.RestrictionState restrictionState(RestrictionState state) {
    return toProto(
        io.creatorgov.creator.v1.RestrictionState.class,
        "RESTRICTION_STATE_",
        state,
        io.creatorgov.creator.v1.RestrictionState.RESTRICTION_STATE_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.StatusChangeKind changeKind(StatusChangeKind kind) {
    return toProto(
        io.creatorgov.creator.v1.StatusChangeKind.class,
        "STATUS_CHANGE_KIND_",
        kind,
        io.creatorgov.creator.v1.StatusChangeKind.STATUS_CHANGE_KIND_UNSPECIFIED);
  }

  public static io.creatorgov.common.v1.ReversalBasis reversalBasis(ReversalBasis basis) {
    return toProto(
        io.creatorgov.common.v1.ReversalBasis.class,
        "REVERSAL_BASIS_",
        basis,
        io.creatorgov.common.v1.ReversalBasis.REVERSAL_BASIS_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.Capability capability(Capability capability) {
    return toProto(
        io.creatorgov.creator.v1.Capability.class,
        "CAPABILITY_",
        capability,
        io.creatorgov.creator.v1.Capability.CAPABILITY_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.OnboardingItemKind itemKind(OnboardingItemKind kind) {
    return toProto(
        io.creatorgov.creator.v1.OnboardingItemKind.class,
        "ONBOARDING_ITEM_KIND_",
        kind,
        io.creatorgov.creator.v1.OnboardingItemKind.ONBOARDING_ITEM_KIND_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.OnboardingItemStatus itemStatus(
      OnboardingItemStatus status) {
    return toProto(
        io.creatorgov.creator.v1.OnboardingItemStatus.class,
        "ONBOARDING_ITEM_STATUS_",
        status,
        io.creatorgov.creator.v1.OnboardingItemStatus.ONBOARDING_ITEM_STATUS_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.OnboardingMissingReason missingReason(
      OnboardingMissingReason reason) {
    return toProto(
        io.creatorgov.creator.v1.OnboardingMissingReason.class,
        "ONBOARDING_MISSING_REASON_",
        reason,
        io.creatorgov.creator.v1.OnboardingMissingReason.ONBOARDING_MISSING_REASON_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.IdentityVerificationOutcome outcome(
      IdentityVerificationOutcome outcome) {
    return toProto(
        io.creatorgov.creator.v1.IdentityVerificationOutcome.class,
        "IDENTITY_VERIFICATION_OUTCOME_",
        outcome,
        io.creatorgov.creator.v1.IdentityVerificationOutcome
            .IDENTITY_VERIFICATION_OUTCOME_UNSPECIFIED);
  }

  public static io.creatorgov.creator.v1.CreatorEventType eventType(CreatorEventType type) {
    return toProto(
        io.creatorgov.creator.v1.CreatorEventType.class,
        "CREATOR_EVENT_TYPE_",
        type,
        io.creatorgov.creator.v1.CreatorEventType.CREATOR_EVENT_TYPE_UNSPECIFIED);
  }

  // ---- contract → domain (null: UNSPECIFIED or UNRECOGNIZED) ------------------------------------

  public static CreatorStatus status(io.creatorgov.common.v1.CreatorStatus status) {
    return fromProto(CreatorStatus.class, "CREATOR_STATUS_", status);
  }

  /** A tier filter: null for UNSPECIFIED (any tier). */
  public static CreatorTier tier(io.creatorgov.common.v1.CreatorTier tier) {
    return fromProto(CreatorTier.class, "CREATOR_TIER_", tier);
  }

  public static RestrictionType restrictionType(io.creatorgov.common.v1.RestrictionType type) {
    return fromProto(RestrictionType.class, "RESTRICTION_TYPE_", type);
  }

  public static RestrictionState restrictionState(io.creatorgov.creator.v1.RestrictionState state) {
    return fromProto(RestrictionState.class, "RESTRICTION_STATE_", state);
  }

  public static StatusTransition transition(io.creatorgov.creator.v1.StatusTransition transition) {
    return fromProto(StatusTransition.class, "STATUS_TRANSITION_", transition);
  }

  public static ReversalBasis reversalBasis(io.creatorgov.common.v1.ReversalBasis basis) {
    return fromProto(ReversalBasis.class, "REVERSAL_BASIS_", basis);
  }

  public static Capability capability(io.creatorgov.creator.v1.Capability capability) {
    return fromProto(Capability.class, "CAPABILITY_", capability);
  }

  public static OnboardingItemKind itemKind(io.creatorgov.creator.v1.OnboardingItemKind kind) {
    return fromProto(OnboardingItemKind.class, "ONBOARDING_ITEM_KIND_", kind);
  }

  public static IdentityVerificationOutcome outcome(
      io.creatorgov.creator.v1.IdentityVerificationOutcome outcome) {
    return fromProto(IdentityVerificationOutcome.class, "IDENTITY_VERIFICATION_OUTCOME_", outcome);
  }

  public static CreatorEventType eventType(io.creatorgov.creator.v1.CreatorEventType type) {
    return fromProto(CreatorEventType.class, "CREATOR_EVENT_TYPE_", type);
  }

  /** True for the zero value or a number this build does not know. */
  static boolean isUnrecognized(Enum<?> contractValue) {
    return contractValue.name().equals("UNRECOGNIZED");
  }

  private static <P extends Enum<P>> P toProto(
      Class<P> type, String prefix, Enum<?> value, P unspecified) {
    return value == null ? unspecified : Enum.valueOf(type, prefix + value.name());
  }

  private static <D extends Enum<D>> D fromProto(Class<D> type, String prefix, Enum<?> value) {
    String name = value.name();
    if (!name.startsWith(prefix) || name.equals(prefix + "UNSPECIFIED")) {
      return null; // UNRECOGNIZED has no prefix
    }
    return Enum.valueOf(type, name.substring(prefix.length()));
  }
}
