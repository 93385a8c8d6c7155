package io.creatorgov.enforcement.client;

import io.creatorgov.enforcement.domain.RestrictionKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What creator-service must apply for one enforcement action.
 *
 * @param actionId the action (creator-service deduplicates and records the cause by it)
 * @param creatorId the creator
 * @param restrictions capability restrictions to place, each until {@code endTime}
 * @param endTime when the restrictions (and a suspension) end; null when indefinite
 * @param targetStatus {@code SUSPENDED} or {@code BANNED}; null when the status does not change
 * @param reason the reason recorded in creator-service
 */
public record ActionDelivery(
    String actionId,
    String creatorId,
    Set<RestrictionKind> restrictions,
    Instant endTime,
    String targetStatus,
    String reason) {
  public ActionDelivery {
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(creatorId, "creatorId");
    restrictions = Set.copyOf(restrictions);
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether there is anything to deliver (a WARNING or a CONTENT_REMOVAL has nothing). */
  public boolean isEmpty() {
    return restrictions.isEmpty() && targetStatus == null;
  }
}
