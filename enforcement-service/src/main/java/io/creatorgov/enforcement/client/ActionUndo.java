package io.creatorgov.enforcement.client;

import java.util.Objects;

/**
 * What creator-service must undo for one action: lift every restriction the action imposed and
 * reverse its status change.
 *
 * @param actionId the action undone (creator-service finds its restrictions by it)
 * @param creatorId the creator
 * @param liftRestrictions whether the action imposed restrictions
 * @param placedStatus {@code SUSPENDED} or {@code BANNED} as the action placed it; null if none
 * @param appealId the overturning appeal; null for a reversal outside an appeal
 * @param reversalBasis the reversal's basis (domain name); null for an appeal
 * @param reason the reason recorded in creator-service
 */
public record ActionUndo(
    String actionId,
    String creatorId,
    boolean liftRestrictions,
    String placedStatus,
    String appealId,
    String reversalBasis,
    String reason) {
  public ActionUndo {
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(creatorId, "creatorId");
    Objects.requireNonNull(reason, "reason");
    if ((appealId == null) == (reversalBasis == null)) {
      throw new IllegalArgumentException("exactly one of appealId and reversalBasis");
    }
  }
}
