package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.client.StandingPolicy;
import io.creatorgov.enforcement.domain.HoldSettlement;
import io.creatorgov.enforcement.domain.StandingRestoration;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.StandingRepository;
import io.creatorgov.enforcement.repository.StandingRepository.StandingRow;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The one way an action is undone — by an overturned or modified appeal, or by a reversal outside
 * one — inside the caller's transaction, with the creator's standing row and the action locked:
 *
 * <ol>
 *   <li>the action moves to its final state (OVERTURNED, MODIFIED or REVERSED);
 *   <li>creator-service: an application not yet attempted is cancelled; anything that may have
 *       reached creator-service gets an undo row in the outbox (lift the restrictions, reverse the
 *       status), which waits for an application still on its way;
 *   <li>standing, when asked: the violation is REVERSED and the standing row recomputed under the
 *       market's current rules (resolved before the transaction);
 *   <li>money: a HELD commission hold is released;
 *   <li>the events: the action's, STANDING_CHANGED, the hold's.
 * </ol>
 */
@ApplicationScoped
public class ActionUndoing {

  /** How the undo came about. */
  public record Undo(
      String finalState,
      HoldSettlement settlement,
      boolean restoreStanding,
      CallerIdentity actor,
      String requestId,
      OffsetDateTime at) {}

  /** What the undo changed: the action's record after it, and the standing given back (or null). */
  public record Undone(ActionRecord action, StandingMove standing) {}

  private final StandingRepository standings;
  private final Repositories.Violations violations;
  private final Repositories.Deliveries deliveries;
  private final CommissionHolds holds;
  private final ActionRecords records;
  private final EnforcementJournal journal;

  public ActionUndoing(
      StandingRepository standings,
      Repositories.Violations violations,
      Repositories.Deliveries deliveries,
      CommissionHolds holds,
      ActionRecords records,
      EnforcementJournal journal) {
    this.standings = standings;
    this.violations = violations;
    this.deliveries = deliveries;
    this.holds = holds;
    this.records = records;
    this.journal = journal;
  }

  /**
   * Locks the standing row of the action's creator and market: the same serialisation point as
   * reports, taken first so undoing and reporting never deadlock.
   */
  Uni<StandingRow> lockStanding(String creatorId, String market, OffsetDateTime at) {
    return standings.lock(creatorId, market, at);
  }

  /** Undoes {@code r} (its action locked by the caller). */
  Uni<Undone> undo(ActionRecord r, Undo how, StandingRow standing, StandingPolicy policy) {
    EnforcementActionEntity a = r.action();
    a.state = how.finalState();
    a.updatedAt = how.at();
    a.etagVersion++;
    return queueCreatorServiceUndo(r, how.at())
        .chain(() -> restoreStanding(a, how, standing, policy))
        .call(
            move ->
                holds.settle(r.hold(), how.settlement(), how.actor(), how.requestId(), how.at()))
        .chain(move -> records.of(a).map(after -> new Undone(after, move)))
        .call(undone -> announce(undone, how));
  }

  /** Cancels an application never attempted; queues an undo for anything that may have landed. */
  private Uni<Void> queueCreatorServiceUndo(ActionRecord r, OffsetDateTime at) {
    ActionDeliveryEntity apply = r.apply();
    if (apply == null || "EXPIRED_BEFORE_DELIVERY".equals(apply.state)) {
      return Uni.createFrom().voidItem();
    }
    boolean untouched =
        apply.attempts == 0 && ("PENDING".equals(apply.state) || "FAILED".equals(apply.state));
    if ("PENDING".equals(apply.state) || "FAILED".equals(apply.state)) {
      apply.state = "CANCELLED";
      apply.updatedAt = at;
    }
    if (untouched || r.reverse() != null) {
      return Uni.createFrom().voidItem();
    }
    ActionDeliveryEntity undo = DecisionRecords.delivery(r.action().actionId, at);
    undo.purpose = "REVERSE";
    return deliveries.persist(undo).replaceWithVoid();
  }

  private Uni<StandingMove> restoreStanding(
      EnforcementActionEntity a, Undo how, StandingRow standing, StandingPolicy policy) {
    if (!how.restoreStanding() || a.violationId == null) {
      return Uni.createFrom().nullItem();
    }
    return violations
        .history(a.creatorId, a.market)
        .chain(history -> restore(a, how, standing, policy, history));
  }

  private Uni<StandingMove> restore(
      EnforcementActionEntity a,
      Undo how,
      StandingRow standing,
      StandingPolicy policy,
      List<ViolationEntity> history) {
    ViolationEntity v =
        history.stream().filter(h -> h.violationId.equals(a.violationId)).findFirst().orElseThrow();
    if ("REVERSED".equals(v.state)) {
      return Uni.createFrom().nullItem();
    }
    StandingRestoration r =
        StandingRestoration.of(
            policy.rules(),
            history.stream().map(Histories::past).toList(),
            v.violationId,
            how.at().toInstant(),
            standing.standingStart().toInstant());
    v.state = "REVERSED";
    v.updatedAt = how.at();
    v.etagVersion++;
    StandingMove move = StandingMove.restored(a.creatorId, a.market, v.violationId, r);
    return standings
        .update(
            a.creatorId,
            a.market,
            r.healthRating() ? "HEALTH_RATING" : "POINTS_LADDER",
            r.pointsAfter(),
            r.healthRating(),
            r.scoreAfter(),
            how.at())
        .replaceWith(move);
  }

  /** ACTION_OVERTURNED / ACTION_MODIFIED / ACTION_REVERSED, then STANDING_CHANGED if restored. */
  private Uni<Void> announce(Undone undone, Undo how) {
    EnforcementActionEntity a = undone.action().action();
    StandingMove move = undone.standing();
    Uni<Void> action =
        journal.event(
            new FeedChange.ActionChanged(actionEventType(how.finalState()), undone.action()),
            a.creatorId,
            a.market,
            "actions/" + a.actionId,
            how.actor(),
            how.at());
    if (move == null) {
      return action;
    }
    return action.chain(
        () ->
            journal.event(
                new FeedChange.StandingChanged(move),
                a.creatorId,
                a.market,
                "creators/" + a.creatorId,
                how.actor(),
                how.at()));
  }

  private static FeedChange.Type actionEventType(String state) {
    return switch (state) {
      case "OVERTURNED" -> FeedChange.Type.ACTION_OVERTURNED;
      case "MODIFIED" -> FeedChange.Type.ACTION_MODIFIED;
      default -> FeedChange.Type.ACTION_REVERSED;
    };
  }
}
