package io.creatorgov.creator.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.creator.domain.CapabilityDecision.DenialReason;
import io.creatorgov.creator.domain.CapabilityDecision.OnboardingDenial;
import io.creatorgov.creator.domain.CapabilityDecision.RestrictionDenial;
import io.creatorgov.creator.domain.CapabilityDecision.StatusDenial;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.repository.CommissionChangeEntity;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.creator.service.CreatorMapper;
import io.creatorgov.creator.v1.CapabilityDecision;
import io.creatorgov.creator.v1.CommissionChange;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Instant;
import java.util.List;

/**
 * Stored rows and domain values → the contract's messages, as the API returns them and feed events
 * carry them.
 */
public final class CreatorMessages {
  private CreatorMessages() {}

  public static Creator toCreator(CreatorEntity e, List<RestrictionEntity> active, Instant now) {
    Creator.Builder b =
        Creator.newBuilder()
            .setCreatorId(e.creatorId)
            .setMarket(e.market)
            .setHandle(e.handle)
            .setDisplayName(e.displayName)
            .addAllCategories(CreatorMapper.categories(e))
            .setStatus(Vocabulary.status(e.status))
            .setStatusChangeTime(ProtoTime.of(e.statusChangeTime))
            .setTier(Vocabulary.tier(e.tier))
            .setOnboardingComplete(e.activated)
            .setEtag(CreatorMapper.etag(e.rowVersion))
            .setCreateTime(ProtoTime.of(e.createTime))
            .setUpdateTime(ProtoTime.of(e.updateTime))
            .setRegistered(stamp(e.registered))
            .setLastChange(stamp(e.lastChange));
    if (e.suspensionEndTime != null && e.status == CreatorStatus.SUSPENDED) {
      b.setSuspensionEndTime(ProtoTime.of(e.suspensionEndTime));
    }
    String actionId = CreatorMapper.lifecycle(e, 0).statusEnforcementActionId();
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

  public static Restriction toRestriction(RestrictionEntity r) {
    Restriction.Builder b =
        Restriction.newBuilder()
            .setRestrictionId(r.restrictionId)
            .setCreatorId(r.creatorId)
            .setMarket(r.market)
            .setType(Vocabulary.restrictionType(r.type))
            .setEnforcementActionId(r.enforcementActionId)
            .setStartTime(ProtoTime.of(r.startTime))
            .setState(Vocabulary.restrictionState(r.state))
            .setApplied(stamp(r.applied))
            .setLiftAppealId(r.liftAppealId == null ? "" : r.liftAppealId)
            .setEtag(CreatorMapper.etag(r.rowVersion))
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

  public static StatusHistoryEntry toEntry(StatusHistoryEntity h) {
    StatusHistoryEntry.Builder b =
        StatusHistoryEntry.newBuilder()
            .setEntryId(h.entryId)
            .setCreatorId(h.creatorId)
            .setSequence(h.creatorSequence)
            .setKind(Vocabulary.changeKind(h.kind))
            .setFromStatus(Vocabulary.status(h.fromStatus))
            .setToStatus(Vocabulary.status(h.toStatus))
            .setEnforcementActionId(h.enforcementActionId)
            .setAppealId(h.appealId)
            .setReversalBasis(Vocabulary.reversalBasis(h.reversalBasis))
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

  public static PolicyRef policyRef(io.creatorgov.creator.domain.PolicyRef ref) {
    return PolicyRef.newBuilder()
        .setPolicyKey(ref.policyKey())
        .setPolicyVersion(ref.policyVersion())
        .setMarket(ref.market())
        .build();
  }

  /** A stored audit stamp. */
  public static AuditStamp stamp(byte[] bytes) {
    try {
      return AuditStamp.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt audit stamp", ex);
    }
  }

  // ---- capability decisions ---------------------------------------------------------------------

  public static CapabilityDecision toDecision(io.creatorgov.creator.domain.CapabilityDecision d) {
    CapabilityDecision.Builder b =
        CapabilityDecision.newBuilder()
            .setCreatorId(d.creatorId())
            .setMarket(d.market())
            .setCapability(Vocabulary.capability(d.capability()))
            .setAllowed(d.allowed())
            .addAllReasons(d.reasons().stream().map(CreatorMessages::toReason).toList())
            .setStatus(Vocabulary.status(d.status()))
            .setEvaluatedTime(ProtoTime.of(d.evaluatedTime()));
    if (d.expireTime() != null) {
      b.setExpireTime(ProtoTime.of(d.expireTime()));
    }
    if (d.cacheMaxAge() != null) {
      b.setCacheMaxAge(ProtoTime.of(d.cacheMaxAge()));
    }
    return b.build();
  }

  private static io.creatorgov.creator.v1.DenialReason toReason(DenialReason reason) {
    var b = io.creatorgov.creator.v1.DenialReason.newBuilder().setMessage(reason.message());
    if (reason instanceof StatusDenial s) {
      b.setStatus(statusDenial(s));
    } else if (reason instanceof OnboardingDenial o) {
      b.setOnboarding(
          io.creatorgov.creator.v1.OnboardingDenial.newBuilder()
              .addAllMissingItems(o.missingItems().stream().map(Vocabulary::itemKind).toList()));
    } else if (reason instanceof RestrictionDenial r) {
      b.setRestriction(restrictionDenial(r));
    }
    return b.build();
  }

  private static io.creatorgov.creator.v1.StatusDenial statusDenial(StatusDenial s) {
    var b =
        io.creatorgov.creator.v1.StatusDenial.newBuilder()
            .setStatus(Vocabulary.status(s.status()))
            .setEnforcementActionId(s.enforcementActionId());
    if (s.suspensionEndTime() != null) {
      b.setSuspensionEndTime(ProtoTime.of(s.suspensionEndTime()));
    }
    return b.build();
  }

  private static io.creatorgov.creator.v1.RestrictionDenial restrictionDenial(RestrictionDenial r) {
    var b =
        io.creatorgov.creator.v1.RestrictionDenial.newBuilder()
            .setRestrictionId(r.restrictionId())
            .setRestrictionType(Vocabulary.restrictionType(r.restrictionType()))
            .setEnforcementActionId(r.enforcementActionId());
    if (r.endTime() != null) {
      b.setEndTime(ProtoTime.of(r.endTime()));
    }
    return b.build();
  }
}
