package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.Consequence;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.AppealEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * The replacement action of an appeal decided MODIFY, inside the decision's transaction: recorded
 * like a manual action (origin APPEAL_MODIFICATION, the appealed action's violation and ground, a
 * statement citing the decision), linked both ways to the appealed action, announced, and delivered
 * by the outbox only after the appealed action's undo has reached creator-service.
 */
@ApplicationScoped
public class Replacements {
  private final ManualActions manual;
  private final CommissionHolds holds;
  private final EnforcementJournal journal;
  private final MarketRegistry markets;
  private final EnforcementMetrics metrics;
  private final StatementTexts statements;

  public Replacements(
      ManualActions manual,
      CommissionHolds holds,
      EnforcementJournal journal,
      MarketRegistry markets,
      EnforcementMetrics metrics,
      StatementTexts statements) {
    this.statements = statements;
    this.metrics = metrics;
    this.manual = manual;
    this.holds = holds;
    this.journal = journal;
    this.markets = markets;
  }

  Uni<ActionRecord> issue(
      ActionRecord appealed,
      Consequence c,
      AppealEntity appeal,
      CallerIdentity reviewer,
      OffsetDateTime now) {
    EnforcementActionEntity a =
        ManualRecords.replacement(
            appealed.action(),
            c,
            appeal.appealId,
            appeal.reasoning,
            markets.enabled().stream().map(Market::code).toList(),
            Rows.actorOf(reviewer),
            appeal.decidedRequestId,
            now);
    statements.stamp(a);
    ActionDeliveryEntity delivery =
        "PENDING".equals(a.state) ? DecisionRecords.delivery(a.actionId, now) : null;
    CommissionHoldEntity hold = CommissionHolds.openFor(a, now);
    ActionRecord r = new ActionRecord(a, delivery, null, hold);
    return manual
        .persist(r)
        .invoke(() -> link(appealed.action(), appeal, a))
        .chain(() -> journal.actionDecided(reviewer, r, now))
        .chain(() -> holds.persistOpened(hold, reviewer, now))
        .invoke(() -> metrics.decided(a))
        .replaceWith(r);
  }

  private static void link(
      EnforcementActionEntity appealed, AppealEntity appeal, EnforcementActionEntity replacement) {
    appealed.replacedByActionId = replacement.actionId;
    appeal.replacementActionId = replacement.actionId;
  }
}
