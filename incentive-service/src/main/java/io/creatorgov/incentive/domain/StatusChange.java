package io.creatorgov.incentive.domain;

import java.time.Instant;

/**
 * One entry of a creator's status history, as settlement needs it.
 *
 * @param at when the status changed
 * @param status the status after the change (creator-service's name, for example SUSPENDED)
 * @param enforcementActionId the action that caused it; empty when none
 * @param undoesByAppealOrReversal the change ends a lapse because its action was overturned on
 *     appeal or reversed: that lapse does not count at settlement
 */
public record StatusChange(
    Instant at, String status, String enforcementActionId, boolean undoesByAppealOrReversal) {

  /** Whether the status is a lapse of good standing. */
  public boolean lapse() {
    return "SUSPENDED".equals(status) || "BANNED".equals(status);
  }
}
