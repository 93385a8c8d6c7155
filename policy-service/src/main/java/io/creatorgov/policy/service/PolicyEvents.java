package io.creatorgov.policy.service;

import io.creatorgov.common.v1.EventEnvelope;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.PolicyChangeEvent;
import io.creatorgov.policy.v1.PolicyChangeEventType;
import io.creatorgov.policy.v1.VersionBecameEffective;
import io.creatorgov.policy.v1.VersionPublished;
import io.creatorgov.policy.v1.VersionRetired;
import java.time.Instant;

/**
 * The change-feed events a caller's command causes. {@link PolicyJournal#event} completes each with
 * its id, time, subject and markets when it records it.
 */
final class PolicyEvents {
  private PolicyEvents() {}

  static PolicyChangeEvent published(
      CallerIdentity caller, LockedVersion v, Instant effectiveFrom, boolean scheduled) {
    return about(caller, v, PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_PUBLISHED)
        .setVersionPublished(
            VersionPublished.newBuilder()
                .setEffectiveTime(ProtoTime.of(effectiveFrom))
                .setScheduled(scheduled))
        .build();
  }

  static PolicyChangeEvent becameEffective(
      CallerIdentity caller, LockedVersion v, Instant effectiveFrom, int supersededVersion) {
    return about(caller, v, PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_BECAME_EFFECTIVE)
        .setVersionBecameEffective(
            VersionBecameEffective.newBuilder()
                .setEffectiveTime(ProtoTime.of(effectiveFrom))
                .setSupersededVersion(supersededVersion))
        .build();
  }

  static PolicyChangeEvent retired(
      CallerIdentity caller,
      LockedVersion v,
      boolean wasEffective,
      int effectiveVersionAfter,
      String reason) {
    return about(caller, v, PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_RETIRED)
        .setVersionRetired(
            VersionRetired.newBuilder()
                .setWasEffective(wasEffective)
                .setEffectiveVersionAfter(effectiveVersionAfter)
                .setReason(reason))
        .build();
  }

  private static PolicyChangeEvent.Builder about(
      CallerIdentity caller, LockedVersion v, PolicyChangeEventType type) {
    return PolicyChangeEvent.newBuilder()
        .setEnvelope(EventEnvelope.newBuilder().setActor(caller.toActor()))
        .setPolicyKey(v.version().policyKey)
        .setKind(v.kind())
        .setVersion(v.version().version)
        .setEventType(type);
  }
}
