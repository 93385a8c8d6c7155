package io.creatorgov.enforcement.grpc;

import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.AppealEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.enforcement.service.ActionRecord;
import io.creatorgov.enforcement.service.Appeals;
import io.creatorgov.enforcement.service.Rows;
import io.creatorgov.enforcement.v1.ActionModification;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealDecision;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.AppealState;
import io.creatorgov.enforcement.v1.Consequence;
import io.creatorgov.enforcement.v1.ConsequenceKind;
import io.creatorgov.enforcement.v1.DecisionAutomation;
import io.creatorgov.enforcement.v1.DeliveryState;
import io.creatorgov.enforcement.v1.StandingRestoration;
import io.creatorgov.enforcement.v1.StatusReversal;
import io.creatorgov.kit.time.ProtoTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Appeals and the consequences of deciding one (or of reversing an action) as the contract shows
 * them. Consequences are derived from what was recorded — the action's final state, its undo's
 * outbox row, the violation and the hold — so their delivery states are always current.
 */
final class AppealMessages {
  private AppealMessages() {}

  /** The appeal a use case's result shows. */
  static Appeal appeal(Appeals.AppealResult r) {
    return appeal(r.appeal(), r.action(), r.violation(), r.replacement());
  }

  static Appeal appeal(AppealEntity p, ActionRecord action, ViolationEntity violation) {
    return appeal(p, action, violation, null);
  }

  /** The appeal; {@code replacement} is the action a MODIFY issued (null otherwise). */
  static Appeal appeal(
      AppealEntity p, ActionRecord action, ViolationEntity violation, ActionRecord replacement) {
    Appeal.Builder b =
        Appeal.newBuilder()
            .setAppealId(p.appealId)
            .setActionId(p.actionId)
            .setCreatorId(p.creatorId)
            .setMarket(p.market)
            .setViolationId(EnforcementMessages.nz(p.violationId))
            .setActionType(Vocabulary.actionType(p.actionType))
            .setStatement(p.statement)
            .addAllEvidence(EnforcementMessages.evidence(p.evidence))
            .setState(AppealState.valueOf("APPEAL_STATE_" + p.state))
            .setAppealDeadlineTime(ProtoTime.of(p.appealDeadlineAt))
            .setFiled(EnforcementMessages.stamp(p.filedBy, p.createdAt, "", p.filedRequestId))
            .setCreateTime(ProtoTime.of(p.createdAt))
            .setUpdateTime(ProtoTime.of(p.updatedAt))
            .setEtag(Rows.etag(p.appealId, p.etagVersion));
    if (p.reviewBy != null) {
      b.setReviewStarted(EnforcementMessages.stamp(p.reviewBy, p.reviewAt, "", p.reviewRequestId));
    }
    if (p.withdrawnBy != null) {
      b.setWithdrawn(
          EnforcementMessages.stamp(
              p.withdrawnBy, p.withdrawnAt, p.withdrawnReason, p.withdrawnRequestId));
    }
    if (p.outcome != null) {
      b.setDecision(decision(p, action, violation, replacement));
    }
    return b.build();
  }

  private static AppealDecision decision(
      AppealEntity p, ActionRecord action, ViolationEntity violation, ActionRecord replacement) {
    AuditStamp decided =
        EnforcementMessages.stamp(p.decidedBy, p.decidedAt, p.reasoning, p.decidedRequestId);
    AppealDecision.Builder b =
        AppealDecision.newBuilder()
            .setOutcome(AppealOutcome.valueOf("APPEAL_OUTCOME_" + p.outcome))
            .setDecisionAutomation(DecisionAutomation.DECISION_AUTOMATION_NOT_AUTOMATED)
            .setReasoning(p.reasoning)
            .setDecided(decided);
    switch (p.outcome) {
      case "UPHOLD" -> b.addAllConsequences(upheld(action, decided));
      case "OVERTURN" ->
          b.addAllConsequences(
              undone(
                  ConsequenceKind.CONSEQUENCE_KIND_ACTION_OVERTURNED, action, violation, decided));
      default -> {
        b.addAllConsequences(
            undone(ConsequenceKind.CONSEQUENCE_KIND_ACTION_MODIFIED, action, violation, decided));
        if (replacement != null) {
          b.setReplacementActionId(replacement.action().actionId)
              .setModification(modification(replacement.action()))
              .addConsequences(
                  Consequence.newBuilder()
                      .setKind(ConsequenceKind.CONSEQUENCE_KIND_REPLACEMENT_ISSUED)
                      .setReplacementAction(EnforcementMessages.action(replacement))
                      .setDeliveryState(
                          EnforcementMessages.application(replacement.apply()).getState())
                      .setAudit(decided));
        }
      }
    }
    return b.build();
  }

  /**
   * What the reviewer chose, read back from the replacement: type, duration, extra restrictions.
   */
  private static ActionModification modification(EnforcementActionEntity r) {
    ActionModification.Builder m =
        ActionModification.newBuilder().setActionType(Vocabulary.actionType(r.actionType));
    if (r.durationSeconds != null) {
      m.setDuration(ProtoTime.of(java.time.Duration.ofSeconds(r.durationSeconds)));
    }
    String defaultRestriction =
        switch (r.actionType) {
          case "LIVE_INTERRUPTION" -> "LIVE_DISABLED";
          case "TRAFFIC_RESTRICTION" -> "TRAFFIC_LIMITED";
          case "COMMISSION_FREEZE" -> "COMMISSION_FROZEN";
          default -> "";
        };
    for (String type : split(r.restrictionTypes)) {
      if (!type.equals(defaultRestriction)) {
        m.addAdditionalRestrictionTypes(Vocabulary.restrictionType(type));
      }
    }
    return m.build();
  }

  private static List<Consequence> upheld(ActionRecord action, AuditStamp audit) {
    List<Consequence> list = new ArrayList<>();
    list.add(local(ConsequenceKind.CONSEQUENCE_KIND_ACTION_UPHELD, audit).build());
    if (action.hold() != null && "FORFEITED".equals(action.hold().state)) {
      list.add(
          local(ConsequenceKind.CONSEQUENCE_KIND_COMMISSION_FORFEITED, audit)
              .setCommissionHold(EnforcementMessages.hold(action.hold()))
              .build());
    }
    return list;
  }

  /**
   * The consequences of undoing {@code action}: its final state, the standing given back (when its
   * violation was reversed), one lifted restriction per type, the status reversal and the released
   * hold.
   */
  static List<Consequence> undone(
      ConsequenceKind first, ActionRecord action, ViolationEntity violation, AuditStamp audit) {
    EnforcementActionEntity a = action.action();
    List<Consequence> list = new ArrayList<>();
    list.add(local(first, audit).build());
    if (violation != null && "REVERSED".equals(violation.state)) {
      StandingRestoration.Builder restored =
          StandingRestoration.newBuilder().setViolationId(violation.violationId);
      if ("HEALTH_RATING".equals(violation.modelKind)) {
        restored.setScoreRestored(violation.scoreDeducted);
      } else {
        restored.setPointsRemoved(violation.pointsAdded);
      }
      list.add(
          local(ConsequenceKind.CONSEQUENCE_KIND_STANDING_RESTORED, audit)
              .setStandingRestoration(restored)
              .build());
    }
    DeliveryState delivered = undoDelivery(action);
    for (String type : split(a.restrictionTypes)) {
      list.add(
          Consequence.newBuilder()
              .setKind(ConsequenceKind.CONSEQUENCE_KIND_RESTRICTION_LIFTED)
              .setRestrictionLifted(Vocabulary.restrictionType(type))
              .setDeliveryState(delivered)
              .setAudit(audit)
              .build());
    }
    if (a.targetStatus != null) {
      list.add(
          Consequence.newBuilder()
              .setKind(ConsequenceKind.CONSEQUENCE_KIND_STATUS_REVERSED)
              .setStatusReversal(
                  StatusReversal.newBuilder()
                      .setFromStatus(CreatorStatus.valueOf("CREATOR_STATUS_" + a.targetStatus)))
              .setDeliveryState(delivered)
              .setAudit(audit)
              .build());
    }
    if (action.hold() != null && "RELEASED".equals(action.hold().state)) {
      list.add(
          local(ConsequenceKind.CONSEQUENCE_KIND_COMMISSION_RELEASED, audit)
              .setCommissionHold(EnforcementMessages.hold(action.hold()))
              .build());
    }
    return list;
  }

  /**
   * Where the undo in creator-service stands: DELIVERED once the outbox confirmed it, CANCELLED
   * when the application was cancelled before it reached creator-service (nothing to undo).
   */
  private static DeliveryState undoDelivery(ActionRecord action) {
    ActionDeliveryEntity undo = action.reverse();
    if (undo != null) {
      return EnforcementMessages.deliveryState(undo.state);
    }
    ActionDeliveryEntity apply = action.apply();
    return apply == null || "EXPIRED_BEFORE_DELIVERY".equals(apply.state)
        ? DeliveryState.DELIVERY_STATE_NOT_REQUIRED
        : DeliveryState.DELIVERY_STATE_CANCELLED;
  }

  private static Consequence.Builder local(ConsequenceKind kind, AuditStamp audit) {
    return Consequence.newBuilder()
        .setKind(kind)
        .setDeliveryState(DeliveryState.DELIVERY_STATE_NOT_REQUIRED)
        .setAudit(audit);
  }

  private static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
  }
}
