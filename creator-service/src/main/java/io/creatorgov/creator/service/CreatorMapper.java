package io.creatorgov.creator.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.creator.domain.ActiveRestriction;
import io.creatorgov.creator.domain.LifecycleState;
import io.creatorgov.creator.repository.CommissionChangeEntity;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.creator.v1.CommissionChange;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.creator.v1.RestrictionState;
import io.creatorgov.creator.v1.StatusChangeKind;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Stored rows → the contract's messages (as feed event payloads carry them, and the API returns
 * them) and the domain's values.
 */
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

  public static Creator toCreator(CreatorEntity e, List<RestrictionEntity> active, Instant now) {
    Creator.Builder b =
        Creator.newBuilder()
            .setCreatorId(e.creatorId)
            .setMarket(e.market)
            .setHandle(e.handle)
            .setDisplayName(e.displayName)
            .addAllCategories(categories(e))
            .setStatus(CreatorStatus.valueOf(e.status))
            .setStatusChangeTime(ProtoTime.of(e.statusChangeTime))
            .setTier(CreatorTier.valueOf(e.tier))
            .setOnboardingComplete(e.activated)
            .setEtag(etag(e.rowVersion))
            .setCreateTime(ProtoTime.of(e.createTime))
            .setUpdateTime(ProtoTime.of(e.updateTime))
            .setRegistered(stamp(e.registered))
            .setLastChange(stamp(e.lastChange));
    if (e.suspensionEndTime != null
        && CreatorStatus.valueOf(e.status) == CreatorStatus.CREATOR_STATUS_SUSPENDED) {
      b.setSuspensionEndTime(ProtoTime.of(e.suspensionEndTime));
    }
    String actionId = lifecycle(e, 0).statusEnforcementActionId();
    if (actionId != null) {
      b.setStatusEnforcementActionId(actionId);
    }
    if (e.activateTime != null) {
      b.setActivateTime(ProtoTime.of(e.activateTime));
    }
    for (RestrictionEntity r : active) {
      if (r.endTime == null || r.endTime.toInstant().isAfter(now)) {
        b.addActiveRestrictions(toRestriction(r));
      }
    }
    return b.build();
  }

  public static LifecycleState lifecycle(CreatorEntity e, int restrictionsInForce) {
    return new LifecycleState(
        CreatorStatus.valueOf(e.status),
        e.activated,
        restrictionsInForce,
        e.suspensionEndTime == null ? null : e.suspensionEndTime.toInstant(),
        e.suspensionActionId,
        e.banActionId);
  }

  public static Restriction toRestriction(RestrictionEntity r) {
    Restriction.Builder b =
        Restriction.newBuilder()
            .setRestrictionId(r.restrictionId)
            .setCreatorId(r.creatorId)
            .setMarket(r.market)
            .setType(RestrictionType.valueOf(r.type))
            .setEnforcementActionId(r.enforcementActionId)
            .setStartTime(ProtoTime.of(r.startTime))
            .setState(RestrictionState.valueOf("RESTRICTION_STATE_" + r.state))
            .setApplied(stamp(r.applied))
            .setLiftAppealId(r.liftAppealId == null ? "" : r.liftAppealId)
            .setEtag(etag(r.rowVersion))
            .setCreateTime(ProtoTime.of(r.createTime))
            .setUpdateTime(ProtoTime.of(r.updateTime));
    if (r.endTime != null) {
      b.setEndTime(ProtoTime.of(r.endTime));
    }
    if (r.endedTime != null) {
      b.setEndedTime(ProtoTime.of(r.endedTime));
    }
    if (r.lifted != null) {
      b.setLifted(stamp(r.lifted));
    }
    return b.build();
  }

  public static ActiveRestriction toActive(RestrictionEntity r) {
    return new ActiveRestriction(
        r.restrictionId,
        RestrictionType.valueOf(r.type),
        r.enforcementActionId,
        r.startTime.toInstant(),
        r.endTime == null ? null : r.endTime.toInstant());
  }

  public static StatusHistoryEntry toEntry(StatusHistoryEntity h) {
    StatusHistoryEntry.Builder b =
        StatusHistoryEntry.newBuilder()
            .setEntryId(h.entryId)
            .setCreatorId(h.creatorId)
            .setSequence(h.creatorSequence)
            .setKind(StatusChangeKind.valueOf(h.kind))
            .setFromStatus(CreatorStatus.valueOf(h.fromStatus))
            .setToStatus(CreatorStatus.valueOf(h.toStatus))
            .setEnforcementActionId(h.enforcementActionId)
            .setAppealId(h.appealId)
            .setReversalBasis(
                h.reversalBasis == null || h.reversalBasis.isEmpty()
                    ? ReversalBasis.REVERSAL_BASIS_UNSPECIFIED
                    : ReversalBasis.valueOf(h.reversalBasis))
            .setRestrictionId(h.restrictionId)
            .setChanged(stamp(h.changed));
    if (h.suspensionEndTime != null) {
      b.setSuspensionEndTime(ProtoTime.of(h.suspensionEndTime));
    }
    return b.build();
  }

  public static CommissionChange toChange(CommissionChangeEntity e) {
    CommissionChange.Builder b =
        CommissionChange.newBuilder()
            .setChangeId(e.changeId)
            .setCreatorId(e.creatorId)
            .setMarket(e.market)
            .setCategory(e.category)
            .setNewRateBps(e.newRateBps)
            .setCapBps(e.capBps)
            .setCapPolicy(
                PolicyRef.newBuilder()
                    .setPolicyKey(e.capPolicyKey)
                    .setPolicyVersion(e.capPolicyVersion)
                    .setMarket(e.market))
            .setCapFromCache(e.capFromCache)
            .setChanged(stamp(e.changed));
    if (e.oldRateBps != null) {
      b.setOldRateBps(e.oldRateBps);
    }
    return b.build();
  }

  public static AuditStamp stamp(byte[] bytes) {
    try {
      return AuditStamp.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt audit stamp", ex);
    }
  }
}
