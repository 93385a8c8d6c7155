package io.creatorgov.enforcement.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.Actor;
import io.creatorgov.common.v1.ActorKind;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.ContentType;
import io.creatorgov.common.v1.GroundType;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.common.v1.ViolationCategory;
import io.creatorgov.common.v1.ViolationSeverity;
import io.creatorgov.enforcement.domain.Consequence;
import io.creatorgov.enforcement.domain.CurrentStanding;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.enforcement.service.ActionRecord;
import io.creatorgov.enforcement.service.Rows;
import io.creatorgov.enforcement.service.StandingMove;
import io.creatorgov.enforcement.service.StandingView;
import io.creatorgov.enforcement.v1.ActionOrigin;
import io.creatorgov.enforcement.v1.ActionReversal;
import io.creatorgov.enforcement.v1.AppliedRule;
import io.creatorgov.enforcement.v1.CommissionHold;
import io.creatorgov.enforcement.v1.CommissionHoldState;
import io.creatorgov.enforcement.v1.CreatorServiceDelivery;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.DecisionAutomation;
import io.creatorgov.enforcement.v1.DecisionGround;
import io.creatorgov.enforcement.v1.DeliveryState;
import io.creatorgov.enforcement.v1.DetectionSource;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EvidenceReference;
import io.creatorgov.enforcement.v1.HealthImpact;
import io.creatorgov.enforcement.v1.HealthRatingView;
import io.creatorgov.enforcement.v1.HoldSettlementReason;
import io.creatorgov.enforcement.v1.NoticeReference;
import io.creatorgov.enforcement.v1.PointsDelta;
import io.creatorgov.enforcement.v1.PointsExpiryMode;
import io.creatorgov.enforcement.v1.PointsImpact;
import io.creatorgov.enforcement.v1.PointsLadderView;
import io.creatorgov.enforcement.v1.Redress;
import io.creatorgov.enforcement.v1.RestrictionCategory;
import io.creatorgov.enforcement.v1.RuleKind;
import io.creatorgov.enforcement.v1.ScoreDelta;
import io.creatorgov.enforcement.v1.StandingChange;
import io.creatorgov.enforcement.v1.StandingChangeCause;
import io.creatorgov.enforcement.v1.StandingImpact;
import io.creatorgov.enforcement.v1.StandingThreshold;
import io.creatorgov.enforcement.v1.StatementOfReasons;
import io.creatorgov.enforcement.v1.StatusChange;
import io.creatorgov.enforcement.v1.Violation;
import io.creatorgov.enforcement.v1.ViolationState;
import io.creatorgov.kit.time.ProtoTime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's resource messages (not requests or responses) built from stored rows and the use
 * cases' results: what the API returns and what the change feed carries.
 */
final class EnforcementMessages {
  private EnforcementMessages() {}

  static Violation violation(ViolationEntity v) {
    StandingImpact.Builder impact =
        StandingImpact.newBuilder().setRepeatOffence(v.repeatOffence).setRepeatCount(v.repeatCount);
    if ("HEALTH_RATING".equals(v.modelKind)) {
      impact
          .setModelKind(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING)
          .setHealth(HealthImpact.newBuilder().setScoreDeducted(v.scoreDeducted));
    } else {
      PointsImpact.Builder points = PointsImpact.newBuilder().setPointsAdded(v.pointsAdded);
      if (v.pointsExpireAt != null) {
        points.setPointsExpireTime(ProtoTime.of(v.pointsExpireAt));
      }
      impact.setModelKind(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER).setPoints(points);
    }
    Violation.Builder b =
        Violation.newBuilder()
            .setViolationId(v.violationId)
            .setCreatorId(v.creatorId)
            .setMarket(v.market)
            .setViolationCode(v.violationCode)
            .setSeverity(ViolationSeverity.valueOf("VIOLATION_SEVERITY_" + v.severity))
            .setViolationTitle(v.violationTitle)
            .addAllEvidence(evidence(v.evidence))
            .setDetectionSource(DetectionSource.valueOf("DETECTION_SOURCE_" + v.detectionSource))
            .setObservedTime(ProtoTime.of(v.observedAt))
            .setLiveSessionId(nz(v.liveSessionId))
            .setContentType(ContentType.valueOf("CONTENT_TYPE_" + v.contentType))
            .setHumanReviewed(v.humanReviewed)
            .setCataloguePolicyKey(v.cataloguePolicyKey)
            .setCataloguePolicyVersion(v.cataloguePolicyVersion)
            .setStandingImpact(impact)
            .setState(ViolationState.valueOf("VIOLATION_STATE_" + v.state))
            .setActionId(v.actionId)
            .setReported(stamp(v.reportedBy, v.createdAt, "", v.reportedRequestId))
            .setCreateTime(ProtoTime.of(v.createdAt))
            .setUpdateTime(ProtoTime.of(v.updatedAt))
            .setEtag(Rows.etag(v.violationId, v.etagVersion));
    if (v.contentTime != null) {
      b.setContentTime(ProtoTime.of(v.contentTime));
    }
    if (v.noticeId != null) {
      b.setNotice(notice(v.noticeId, v.trustedFlaggerId, v.trustedFlaggerName));
    }
    return b.build();
  }

  static EnforcementAction action(EnforcementActionEntity a, ActionDeliveryEntity delivery) {
    return action(new ActionRecord(a, delivery, null, null));
  }

  /** The action with its application, undo, commission hold, appeal and reversal record. */
  static EnforcementAction action(ActionRecord r) {
    EnforcementActionEntity a = r.action();
    ActionDeliveryEntity delivery = r.apply();
    EnforcementAction.Builder b =
        EnforcementAction.newBuilder()
            .setActionId(a.actionId)
            .setCreatorId(a.creatorId)
            .setMarket(a.market)
            .setActionType(Vocabulary.actionType(a.actionType))
            .setOrigin(ActionOrigin.valueOf("ACTION_ORIGIN_" + a.origin))
            .setViolationId(nz(a.violationId))
            .setStartTime(ProtoTime.of(a.startAt))
            .addAllRestrictionTypes(restrictionTypes(a.restrictionTypes))
            .setState(EnforcementActionState.valueOf("ENFORCEMENT_ACTION_STATE_" + a.state))
            .setApplication(application(delivery))
            .setReversal(application(r.reverse()))
            .setStatementOfReasons(statement(a))
            .setDecided(stamp(a.decidedBy, a.createdAt, "", a.decidedRequestId))
            .setCreateTime(ProtoTime.of(a.createdAt))
            .setUpdateTime(ProtoTime.of(a.updatedAt))
            .setEtag(Rows.etag(a.actionId, a.etagVersion));
    if (a.durationSeconds != null) {
      b.setDuration(ProtoTime.of(Duration.ofSeconds(a.durationSeconds)));
    }
    if (a.endAt != null) {
      b.setEndTime(ProtoTime.of(a.endAt));
    }
    if (a.targetStatus != null) {
      StatusChange.Builder change =
          StatusChange.newBuilder()
              .setTargetStatus(
                  io.creatorgov.common.v1.CreatorStatus.valueOf(
                      "CREATOR_STATUS_" + a.targetStatus));
      if ("SUSPENDED".equals(a.targetStatus) && a.endAt != null) {
        change.setSuspensionEndTime(ProtoTime.of(a.endAt));
      }
      b.setStatusChange(change);
    }
    if (a.appliedAt != null) {
      b.setAppliedTime(ProtoTime.of(a.appliedAt));
    }
    if (a.appealDeadlineAt != null) {
      b.setAppealDeadlineTime(ProtoTime.of(a.appealDeadlineAt));
    }
    if (r.hold() != null) {
      b.setCommissionHold(hold(r.hold()));
    }
    b.setAppealId(nz(a.appealId))
        .setReplacesActionId(nz(a.replacesActionId))
        .setReplacedByActionId(nz(a.replacedByActionId));
    if (a.reversalBasis != null) {
      b.setReversalRecord(
          ActionReversal.newBuilder()
              .setBasis(ReversalBasis.valueOf("REVERSAL_BASIS_" + a.reversalBasis))
              .setStandingRestored(Boolean.TRUE.equals(a.reversalStandingRestored))
              .setReversed(
                  stamp(a.reversedBy, a.reversedAt, a.reversalReason, a.reversalRequestId)));
    }
    return b.build();
  }

  static CommissionHold hold(CommissionHoldEntity h) {
    CommissionHold.Builder b =
        CommissionHold.newBuilder()
            .setHoldId(h.holdId)
            .setActionId(h.actionId)
            .setCreatorId(h.creatorId)
            .setMarket(h.market)
            .setState(CommissionHoldState.valueOf("COMMISSION_HOLD_STATE_" + h.state))
            .setSalesWindow(
                TimeWindow.newBuilder()
                    .setStartTime(ProtoTime.of(h.salesStart))
                    .setEndTime(ProtoTime.of(h.salesEnd)))
            .setSettleTime(ProtoTime.of(h.settleAt))
            .setCreateTime(ProtoTime.of(h.createdAt))
            .setUpdateTime(ProtoTime.of(h.updatedAt))
            .setEtag(Rows.etag(h.holdId, h.etagVersion));
    if (h.amountMinor != null) {
      b.setAmountHeld(
              Money.newBuilder().setAmountMinor(h.amountMinor).setCurrencyCode(h.currencyCode))
          .setAmountAsOfTime(ProtoTime.of(h.amountAsOf))
          .setAmountReported(stamp(h.amountReportedBy, h.amountReportedAt, "", h.amountRequestId));
    }
    if (h.settledAt != null) {
      b.setSettledTime(ProtoTime.of(h.settledAt))
          .setSettlementReason(
              HoldSettlementReason.valueOf("HOLD_SETTLEMENT_REASON_" + h.settlementReason))
          .setSettled(stamp(h.settledBy, h.settledAt, "", h.settledRequestId));
    }
    return b.build();
  }

  /** The standing change of a recorded violation. */
  static StandingChange standingChange(StandingMove m) {
    StandingChange.Builder b =
        StandingChange.newBuilder()
            .setCreatorId(m.creatorId())
            .setMarket(m.market())
            .setCause(
                m.reversal()
                    ? StandingChangeCause.STANDING_CHANGE_CAUSE_VIOLATION_REVERSED
                    : StandingChangeCause.STANDING_CHANGE_CAUSE_VIOLATION_RECORDED)
            .setViolationId(m.violationId());
    if (m.healthRating()) {
      b.setModelKind(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING)
          .setScore(
              ScoreDelta.newBuilder()
                  .setScoreBefore(m.scoreBefore())
                  .setScoreAfter(m.scoreAfter()));
    } else {
      b.setModelKind(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER)
          .setPoints(
              PointsDelta.newBuilder()
                  .setPointsBefore(m.pointsBefore())
                  .setPointsAfter(m.pointsAfter()));
    }
    if (m.threshold() != null && m.thresholdConsequence() != null) {
      b.setThresholdReached(threshold(m.threshold(), m.thresholdConsequence()));
    }
    return b.build();
  }

  /**
   * A creator's standing now: the view of the market's model, the actions in force (newest first)
   * and the standing policy version used.
   */
  static CreatorStanding standing(StandingView v) {
    CurrentStanding s = v.standing();
    CreatorStanding.Builder b =
        CreatorStanding.newBuilder()
            .setCreatorId(v.creatorId())
            .setMarket(v.market())
            .setStandingPolicy(policyRef(v.policyKey(), v.policyVersion(), v.market()))
            .setActiveViolationCount(s.activeViolations())
            .addAllActionsInForce(
                v.actionsInForce().stream().map(EnforcementMessages::action).toList())
            // an open appeal has no decision: its view needs neither the action's record nor the
            // violation
            .addAllOpenAppeals(
                v.openAppeals().stream().map(p -> AppealMessages.appeal(p, null, null)).toList())
            .setAsOfTime(ProtoTime.of(s.at()));
    if (s.ladder() != null) {
      b.setModelKind(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER)
          .setPointsLadder(ladder(s.ladder()));
    } else {
      b.setModelKind(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING)
          .setHealthRating(health(s.health()));
    }
    return b.build();
  }

  private static PointsLadderView ladder(CurrentStanding.Ladder l) {
    PointsLadderView.Builder v =
        PointsLadderView.newBuilder()
            .setActivePoints(l.activePoints())
            .setPointsToNextThreshold(l.pointsToNext());
    for (CurrentStanding.ExpiringPoints e : l.expiring()) {
      v.addExpiringPoints(
          io.creatorgov.enforcement.v1.PointsExpiry.newBuilder()
              .setViolationId(e.violationId())
              .setPoints(e.points())
              .setExpireTime(ProtoTime.of(e.expireTime())));
    }
    if (l.rollingWindow() != null) {
      v.setExpiryMode(PointsExpiryMode.POINTS_EXPIRY_MODE_ROLLING_WINDOW)
          .setRollingWindow(ProtoTime.of(l.rollingWindow()));
    } else {
      v.setExpiryMode(PointsExpiryMode.POINTS_EXPIRY_MODE_QUARTERLY_RESET)
          .setNextResetTime(ProtoTime.of(l.nextReset()));
    }
    if (l.next() != null) {
      v.setNextThreshold(threshold(l.next().value(), l.next().consequence()));
    }
    if (l.highestReached() != null) {
      v.setHighestThresholdReached(
          threshold(l.highestReached().value(), l.highestReached().consequence()));
    }
    return v.build();
  }

  private static HealthRatingView health(CurrentStanding.Health h) {
    HealthRatingView.Builder v =
        HealthRatingView.newBuilder()
            .setScore(h.score())
            .setStartScore(h.startScore())
            .setScoreAboveNextMilestone(h.scoreAboveNext());
    if (h.next() != null) {
      v.setNextMilestone(threshold(h.next().value(), h.next().consequence()));
    }
    if (h.lowestReached() != null) {
      v.setLowestMilestoneReached(
          threshold(h.lowestReached().value(), h.lowestReached().consequence()));
    }
    return v.build();
  }

  /** A ladder threshold or health milestone: the value that triggers it and what it brings. */
  static StandingThreshold threshold(int value, Consequence c) {
    StandingThreshold.Builder t =
        StandingThreshold.newBuilder()
            .setValue(value)
            .setActionType(Vocabulary.actionType(c.type()));
    if (c.duration() != null) {
      t.setDuration(ProtoTime.of(c.duration()));
    }
    c.restrictions().forEach(r -> t.addRestrictionTypes(Vocabulary.restrictionType(r)));
    return t.build();
  }

  private static StatementOfReasons statement(EnforcementActionEntity a) {
    DecisionGround.Builder ground =
        DecisionGround.newBuilder()
            .setGroundType(GroundType.valueOf("GROUND_TYPE_" + a.groundType))
            .setLegalReference(nz(a.legalReference))
            .setPolicy(policyRef(a.groundPolicyKey, a.groundPolicyVersion, a.market))
            .setViolationCode(nz(a.violationCode))
            .setExplanation(a.explanation);
    if (a.category != null && !a.category.isEmpty()) {
      ground.setCategory(ViolationCategory.valueOf("VIOLATION_CATEGORY_" + a.category));
    }
    for (String ref : split(a.otherPolicies)) {
      int at = ref.lastIndexOf('@');
      ground.addOtherPolicies(
          policyRef(ref.substring(0, at), Integer.parseInt(ref.substring(at + 1)), a.market));
    }
    for (String line : a.rulesApplied.split("\n")) {
      String[] f = line.split("\\|", 5);
      if (f.length == 5) {
        ground.addRulesApplied(
            AppliedRule.newBuilder()
                .setKind(RuleKind.valueOf("RULE_KIND_" + f[0]))
                .setPolicyKey(f[1])
                .setRuleRef(f[2])
                .setDeterminative(Boolean.parseBoolean(f[3]))
                .setDescription(f[4]));
      }
    }
    Redress.Builder redress =
        Redress.newBuilder().setInternalAppealAvailable(a.appealDeadlineAt != null);
    if (a.appealDeadlineAt != null) {
      redress.setAppealDeadlineTime(ProtoTime.of(a.appealDeadlineAt));
    }
    if (a.appealWindowSeconds != null) {
      redress.setAppealWindow(ProtoTime.of(Duration.ofSeconds(a.appealWindowSeconds)));
    }
    redress
        .setOutOfCourtSettlementInfo(nz(a.outOfCourtInfo))
        .setJudicialRedressInfo(nz(a.judicialRedressInfo));
    StatementOfReasons.Builder s =
        StatementOfReasons.newBuilder()
            .setStatementId(a.statementId)
            .addAllTerritorialScope(split(a.territorialScope))
            .setStartTime(ProtoTime.of(a.startAt))
            .setFactsAndCircumstances(a.factsAndCircumstances)
            .setGround(ground)
            .setAutomatedDetection(a.automatedDetection)
            .setDecisionAutomation(
                DecisionAutomation.valueOf("DECISION_AUTOMATION_" + a.decisionAutomation))
            .setSource(DetectionSource.valueOf("DETECTION_SOURCE_" + a.detectionSource))
            .setRedress(redress)
            .setLanguageCode(nz(a.languageCode));
    for (String category : split(a.restrictionCategories)) {
      s.addRestrictionCategories(RestrictionCategory.valueOf("RESTRICTION_CATEGORY_" + category));
    }
    if (a.endAt != null) {
      s.setEndTime(ProtoTime.of(a.endAt));
    }
    if (a.contentType != null) {
      s.setContentType(ContentType.valueOf("CONTENT_TYPE_" + a.contentType));
    }
    if (a.contentTime != null) {
      s.setContentTime(ProtoTime.of(a.contentTime));
    }
    if (a.noticeId != null) {
      s.setNotice(notice(a.noticeId, a.trustedFlaggerId, a.trustedFlaggerName));
    }
    return s.build();
  }

  static CreatorServiceDelivery application(ActionDeliveryEntity d) {
    if (d == null) {
      return CreatorServiceDelivery.newBuilder()
          .setState(DeliveryState.DELIVERY_STATE_NOT_REQUIRED)
          .build();
    }
    CreatorServiceDelivery.Builder b =
        CreatorServiceDelivery.newBuilder()
            .setState(deliveryState(d.state))
            .setAttempts(d.attempts)
            .setLastError(nz(d.lastError));
    if (d.lastAttemptAt != null) {
      b.setLastAttemptTime(ProtoTime.of(d.lastAttemptAt));
    }
    if (("PENDING".equals(d.state) || "DELIVERING".equals(d.state)) && d.nextAttemptAt != null) {
      b.setNextAttemptTime(ProtoTime.of(d.nextAttemptAt));
    }
    if (d.deliveredAt != null) {
      b.setDeliveredTime(ProtoTime.of(d.deliveredAt));
    }
    return b.build();
  }

  static DeliveryState deliveryState(String state) {
    return switch (state) {
      case "APPLIED" -> DeliveryState.DELIVERY_STATE_DELIVERED;
      case "EXPIRED_BEFORE_DELIVERY" -> DeliveryState.DELIVERY_STATE_EXPIRED_BEFORE_DELIVERY;
      case "FAILED" -> DeliveryState.DELIVERY_STATE_REJECTED;
      case "CANCELLED" -> DeliveryState.DELIVERY_STATE_CANCELLED;
      default -> DeliveryState.DELIVERY_STATE_PENDING;
    };
  }

  static List<EvidenceReference> evidence(byte[] encoded) {
    List<EvidenceReference> refs = new ArrayList<>();
    try (ByteArrayInputStream in = new ByteArrayInputStream(encoded)) {
      EvidenceReference ref;
      while ((ref = EvidenceReference.parseDelimitedFrom(in)) != null) {
        refs.add(ref);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored evidence is corrupt", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return refs;
  }

  private static NoticeReference notice(String id, String flaggerId, String flaggerName) {
    return NoticeReference.newBuilder()
        .setNoticeId(id)
        .setTrustedFlaggerId(nz(flaggerId))
        .setTrustedFlaggerName(nz(flaggerName))
        .build();
  }

  private static List<RestrictionType> restrictionTypes(String names) {
    return split(names).stream().map(n -> Vocabulary.restrictionType(n)).toList();
  }

  private static PolicyRef policyRef(String key, int version, String market) {
    return PolicyRef.newBuilder()
        .setPolicyKey(key)
        .setPolicyVersion(version)
        .setMarket(market)
        .build();
  }

  /**
   * An audit stamp for a stored actor: {@code system:<job>}, {@code service:<name>} or {@code
   * user:<subject>} (see {@link Rows#actorOf}).
   */
  static AuditStamp stamp(
      String actor, java.time.OffsetDateTime at, String reason, String requestId) {
    int colon = actor.indexOf(':');
    String kind = colon < 0 ? "user" : actor.substring(0, colon);
    ActorKind actorKind =
        switch (kind) {
          case "system" -> ActorKind.ACTOR_KIND_SYSTEM;
          case "service" -> ActorKind.ACTOR_KIND_SERVICE;
          default -> ActorKind.ACTOR_KIND_USER;
        };
    return AuditStamp.newBuilder()
        .setActor(Actor.newBuilder().setSubject(actor.substring(colon + 1)).setKind(actorKind))
        .setCommitTime(ProtoTime.of(at))
        .setReason(nz(reason))
        .setRequestId(nz(requestId))
        .build();
  }

  private static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }
}
