package io.creatorgov.creator.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A restriction that has not been lifted (state ACTIVE when last stored), as capability checks see
 * it. One whose end time has passed no longer counts, even before the expiry job records it.
 *
 * @param restrictionId the restriction record's id
 * @param type which capability limit it is
 * @param enforcementActionId the enforcement action that imposed it
 * @param startTime when it took effect; orders the denial reasons
 * @param endTime when it ends by itself; null means until lifted
 */
public record ActiveRestriction(
    String restrictionId,
    RestrictionType type,
    String enforcementActionId,
    Instant startTime,
    Instant endTime) {

  public ActiveRestriction {
    Objects.requireNonNull(restrictionId, "restrictionId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(enforcementActionId, "enforcementActionId");
    Objects.requireNonNull(startTime, "startTime");
  }

  /** In force at {@code now}: no end time, or an end time after {@code now}. */
  public boolean inForceAt(Instant now) {
    return endTime == null || endTime.isAfter(now);
  }
}
