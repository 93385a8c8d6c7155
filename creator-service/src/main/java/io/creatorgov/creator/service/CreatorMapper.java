package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.ActiveRestriction;
import io.creatorgov.creator.domain.LifecycleState;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import java.util.Arrays;
import java.util.List;

/** Stored rows → the domain's values (grpc/CreatorMessages builds the contract's messages). */
public final class CreatorMapper {
  private CreatorMapper() {}

  public static String etag(long rowVersion) {
    return "v" + rowVersion;
  }

  public static List<String> categories(CreatorEntity e) {
    return e.categories == null || e.categories.isEmpty()
        ? List.of()
        : Arrays.asList(e.categories.split("\n"));
  }

  public static LifecycleState lifecycle(CreatorEntity e, int restrictionsInForce) {
    return new LifecycleState(
        e.status,
        e.activated,
        restrictionsInForce,
        e.suspensionEndTime == null ? null : e.suspensionEndTime.toInstant(),
        e.suspensionActionId,
        e.banActionId);
  }

  public static ActiveRestriction toActive(RestrictionEntity r) {
    return new ActiveRestriction(
        r.restrictionId,
        r.type,
        r.enforcementActionId,
        r.startTime.toInstant(),
        r.endTime == null ? null : r.endTime.toInstant());
  }
}
