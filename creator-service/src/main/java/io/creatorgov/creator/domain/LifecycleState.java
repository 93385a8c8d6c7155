package io.creatorgov.creator.domain;

import io.creatorgov.common.v1.CreatorStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link CreatorLifecycle} needs to know about a creator to decide a status change.
 *
 * @param status the stored lifecycle status (never UNSPECIFIED)
 * @param activated whether the creator was ever activated (APPLIED → ACTIVE); an unban restores
 *     APPLIED when it was not
 * @param restrictionsInForce how many restrictions are in force now (state ACTIVE); decides ACTIVE
 *     versus RESTRICTED
 * @param suspensionEndTime when the suspension lifts: set while SUSPENDED, and kept while BANNED
 *     when the ban interrupted a suspension (so an unban can resume it); null otherwise
 * @param suspensionActionId the enforcement action behind the suspension (null for an operator's
 *     suspension); same lifetime as {@code suspensionEndTime}
 * @param banActionId the BAN enforcement action: set while BANNED, null otherwise
 */
public record LifecycleState(
    CreatorStatus status,
    boolean activated,
    int restrictionsInForce,
    Instant suspensionEndTime,
    String suspensionActionId,
    String banActionId) {

  public LifecycleState {
    Objects.requireNonNull(status, "status");
    if (status == CreatorStatus.CREATOR_STATUS_UNSPECIFIED
        || status == CreatorStatus.UNRECOGNIZED) {
      throw new IllegalArgumentException("a creator always has a specific status");
    }
    if (restrictionsInForce < 0) {
      throw new IllegalArgumentException("restrictionsInForce must be 0 or more");
    }
    if (status == CreatorStatus.CREATOR_STATUS_APPLIED && activated) {
      throw new IllegalArgumentException("an APPLIED creator has never been activated");
    }
    if ((status == CreatorStatus.CREATOR_STATUS_ACTIVE
            || status == CreatorStatus.CREATOR_STATUS_RESTRICTED
            || status == CreatorStatus.CREATOR_STATUS_SUSPENDED)
        && !activated) {
      throw new IllegalArgumentException("a " + status + " creator has been activated");
    }
    if (status == CreatorStatus.CREATOR_STATUS_SUSPENDED && suspensionEndTime == null) {
      throw new IllegalArgumentException("a SUSPENDED creator needs a suspension end time");
    }
    if (status == CreatorStatus.CREATOR_STATUS_BANNED
        && (banActionId == null || banActionId.isBlank())) {
      throw new IllegalArgumentException("a BANNED creator needs the ban's enforcement action id");
    }
  }

  /** A newly registered creator: APPLIED, never activated, nothing in force. */
  public static LifecycleState registered() {
    return new LifecycleState(CreatorStatus.CREATOR_STATUS_APPLIED, false, 0, null, null, null);
  }

  /**
   * The enforcement action that caused the current status, as {@code
   * Creator.status_enforcement_action_id}: the suspension's while SUSPENDED, the ban's while
   * BANNED, null otherwise.
   */
  public String statusEnforcementActionId() {
    return switch (status) {
      case CREATOR_STATUS_SUSPENDED -> suspensionActionId;
      case CREATOR_STATUS_BANNED -> banActionId;
      default -> null;
    };
  }

  LifecycleState withRestrictionsInForce(int inForce) {
    return new LifecycleState(
        status, activated, inForce, suspensionEndTime, suspensionActionId, banActionId);
  }
}
