package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.AppealWindow;
import io.creatorgov.enforcement.domain.Consequence;
import io.creatorgov.enforcement.domain.RestrictionCategory;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.kit.ids.ResourceIds;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The rows of actions a person chose (IssueManualAction, an appeal's MODIFY replacement): the
 * action with its statement of reasons — decision automation NOT_AUTOMATED, one MANUAL_DECISION
 * rule, the operator's or reviewer's text as facts and explanation. No I/O.
 */
final class ManualRecords {
  private ManualRecords() {}

  /**
   * The ground of a manual action: the cited catalogue entry's, or the operator's.
   *
   * @param code the catalogue code cited; null when none
   * @param policyKey the policy whose version is pinned as the ground (the catalogue when a code is
   *     cited, else the appeal rules that gave the window)
   */
  record Ground(
      String code,
      String groundType,
      String legalReference,
      String category,
      String policyKey,
      int policyVersion,
      List<String> otherPolicies) {}

  /** What the statement reports about the content and its detection. */
  record Facts(
      String text,
      String detectionSource,
      boolean automatedDetection,
      String contentType,
      OffsetDateTime contentTime) {}

  static EnforcementActionEntity action(
      String actionId,
      String creatorId,
      String market,
      String origin,
      String violationId,
      Consequence c,
      Ground ground,
      Facts facts,
      java.time.Duration appealWindow,
      List<String> territorialScope,
      String decidedBy,
      String requestId,
      OffsetDateTime now) {
    Instant decided = now.toInstant();
    Instant end = c.endTime(decided).orElse(null);
    EnforcementActionEntity a = new EnforcementActionEntity();
    a.actionId = actionId;
    a.creatorId = creatorId;
    a.market = market;
    a.actionType = c.type().name();
    a.origin = origin;
    a.violationId = violationId;
    a.violationCode = ground.code();
    a.durationSeconds = c.duration() == null ? null : c.duration().getSeconds();
    a.startAt = now;
    a.endAt = end == null ? null : DecisionRecords.utc(end);
    a.restrictionTypes = DecisionRecords.names(c.restrictions().stream().map(Enum::name).toList());
    a.targetStatus = DecisionRecords.targetStatus(c.type());
    boolean deliver = DecisionRecords.needsDelivery(c);
    a.state = deliver ? "PENDING" : "APPLIED";
    a.appliedAt = deliver ? null : now;
    a.appealDeadlineAt =
        appealWindow == null
            ? null
            : DecisionRecords.utc(AppealWindow.deadline(decided, appealWindow));
    a.appealWindowSeconds = appealWindow == null ? null : appealWindow.getSeconds();
    a.decidedBy = decidedBy;
    a.decidedRequestId = requestId;
    a.statementId = ResourceIds.sortable("sor_");
    a.restrictionCategories =
        DecisionRecords.names(RestrictionCategory.of(c).stream().map(Enum::name).toList());
    a.territorialScope = DecisionRecords.names(territorialScope);
    a.factsAndCircumstances = DecisionRecords.clip(facts.text());
    a.groundType = ground.groundType();
    a.legalReference = ground.legalReference();
    a.category = ground.category();
    a.groundPolicyKey = ground.policyKey();
    a.groundPolicyVersion = ground.policyVersion();
    a.otherPolicies = DecisionRecords.names(ground.otherPolicies());
    a.rulesApplied =
        String.join(
            "|",
            "MANUAL_DECISION",
            ground.policyKey(),
            "MANUAL",
            "true",
            DecisionRecords.describe(c).replace('|', '/'));
    a.explanation = DecisionRecords.clip(facts.text());
    a.automatedDetection = facts.automatedDetection();
    a.decisionAutomation = "NOT_AUTOMATED";
    a.detectionSource = facts.detectionSource();
    a.contentType = facts.contentType();
    a.contentTime = facts.contentTime();
    a.createdAt = now;
    a.updatedAt = now;
    a.etagVersion = 1;
    return a;
  }

  /**
   * The replacement of {@code appealed} chosen by an appeal decided MODIFY: same creator, market,
   * violation and ground, a statement citing the decision, no internal appeal of its own.
   */
  static EnforcementActionEntity replacement(
      EnforcementActionEntity appealed,
      Consequence c,
      String appealId,
      String reasoning,
      List<String> territorialScope,
      String decidedBy,
      String requestId,
      OffsetDateTime now) {
    Ground ground =
        new Ground(
            appealed.violationCode,
            appealed.groundType,
            appealed.legalReference,
            appealed.category,
            appealed.groundPolicyKey,
            appealed.groundPolicyVersion,
            appealed.otherPolicies.isEmpty()
                ? List.of()
                : List.of(appealed.otherPolicies.split(",")));
    Facts facts =
        new Facts(
            "Appeal "
                + appealId
                + " against action "
                + appealed.actionId
                + " was decided MODIFY: "
                + reasoning
                + "\n\n"
                + appealed.factsAndCircumstances,
            appealed.detectionSource,
            appealed.automatedDetection,
            appealed.contentType,
            appealed.contentTime);
    EnforcementActionEntity a =
        action(
            ResourceIds.sortable("act_"),
            appealed.creatorId,
            appealed.market,
            "APPEAL_MODIFICATION",
            appealed.violationId,
            c,
            ground,
            facts,
            null,
            territorialScope,
            decidedBy,
            requestId,
            now);
    a.replacesActionId = appealed.actionId;
    return a;
  }
}
