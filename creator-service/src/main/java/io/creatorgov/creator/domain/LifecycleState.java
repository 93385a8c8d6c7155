package io.creatorgov.creator.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link CreatorLifecycle} needs to know about a creator to decide a status change.
 *
 * @param status the stored lifecycle status
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
    if (restrictionsInForce < 0) {
      throw new IllegalArgumentException("restrictionsInForce must be 0 or more");
    }
    if (status == CreatorStatus.APPLIED && activated) {
      throw new IllegalArgumentException("an APPLIED creator has never been activated");
    }
    if ((status == CreatorStatus.ACTIVE
            || status == CreatorStatus.RESTRICTED
            || status == CreatorStatus.SUSPENDED)
        && !activated) {
      throw new IllegalArgumentException("a " + status + " creator has been activated");
    }
    if (status == CreatorStatus.SUSPENDED && suspensionEndTime == null) {
      throw new IllegalArgumentException("a SUSPENDED creator needs a suspension end time");
    }
    if (status == CreatorStatus.BANNED && (banActionId == null || banActionId.isBlank())) {
      throw new IllegalArgumentException("a BANNED creator needs the ban's enforcement action id");
    }
  }

  /** A newly registered creator: APPLIED, never activated, nothing in force. */
  public static LifecycleState registered() {
    return new LifecycleState(CreatorStatus.APPLIED, false, 0, null, null, null);
  }

  /**
   * The enforcement action that caused the current status, as {@code
   * Creator.status_enforcement_action_id}: the suspension's while SUSPENDED, the ban's while
   * BANNED, null otherwise.
   */
  public String statusEnforcementActionId() {
    return switch (status) {
      case SUSPENDED -> suspensionActionId;
      case BANNED -> banActionId;
      default -> null;
    };
  }

  LifecycleState withRestrictionsInForce(int inForce) {
    return new LifecycleState(
        status, activated, inForce, suspensionEndTime, suspensionActionId, banActionId);
  }
}
