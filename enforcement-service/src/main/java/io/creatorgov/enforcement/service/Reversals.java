package io.creatorgov.enforcement.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.enforcement.client.EnforcementPolicySource;
import io.creatorgov.enforcement.client.StandingPolicy;
import io.creatorgov.enforcement.domain.AppealRules;
import io.creatorgov.enforcement.domain.AppealState;
import io.creatorgov.enforcement.domain.HoldSettlement;
import io.creatorgov.enforcement.repository.AppealEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.StandingRepository.StandingRow;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * ReverseEnforcementAction: an operator undoes an action outside an appeal (operator error,
 * out-of-court settlement, court order) with a mandatory reason. Remote read first (the standing
 * rules, when standing is to be restored), then one transaction: lock the standing row and the
 * action, check, record the reversal, undo through {@link ActionUndoing}.
 */
@ApplicationScoped
public class Reversals {

  /** ReverseEnforcementAction's input; {@code basis} is the domain name (e.g. COURT_ORDER). */
  public record Reverse(
      String requestId,
      String actionId,
      String reason,
      String etag,
      boolean restoreStanding,
      String basis) {}

  /** The reversed action, its violation and the standing given back (or null). */
  public record Reversed(ActionRecord action, ViolationEntity violation, StandingMove standing) {}

  private final Clock clock;
  private final ActionRecords records;
  private final Repositories.Appeals appeals;
  private final Repositories.Violations violations;
  private final ActionUndoing undoing;
  private final EnforcementPolicySource policies;

  public Reversals(
      Clock clock,
      ActionRecords records,
      Repositories.Appeals appeals,
      Repositories.Violations violations,
      ActionUndoing undoing,
      EnforcementPolicySource policies) {
    this.clock = clock;
    this.records = records;
    this.appeals = appeals;
    this.violations = violations;
    this.undoing = undoing;
    this.policies = policies;
  }

  public <R> Uni<R> reverse(CallerIdentity caller, Reverse cmd, Reply<Reversed, R> reply) {
    // 1. reads, no transaction open: the action's market, then (to give standing back) the
    //    market's standing rules
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: database only
    return Reply.onceAfter(
        "ReverseEnforcementAction",
        caller,
        cmd.requestId(),
        reply,
        () -> prepare(caller, cmd),
        prepared -> reverseLocked(caller, cmd, prepared));
  }

  /** What the transaction needs, read before it: the action's creator and market, the rules. */
  private record Prepared(String creatorId, String market, StandingPolicy rules) {}

  /** The action's creator and market and, when standing is restored, its standing rules now. */
  private Uni<Prepared> prepare(CallerIdentity caller, Reverse cmd) {
    Uni<EnforcementActionEntity> action =
        Panache.withSession(() -> records.require(cmd.actionId()))
            .map(ActionRecord::action)
            .invoke(a -> caller.requireMarket(a.market));
    if (!cmd.restoreStanding()) {
      return action.map(a -> new Prepared(a.creatorId, a.market, null));
    }
    return action.chain(
        a ->
            CallerContext.resumeOn(policies.standing(a.market, clock.instant()))
                .map(rules -> new Prepared(a.creatorId, a.market, rules)));
  }

  /** Standing row first (as reports take it), then the action: never a deadlock with a report. */
  private Uni<Reversed> reverseLocked(CallerIdentity caller, Reverse cmd, Prepared prepared) {
    OffsetDateTime now = StoredTime.now(clock);
    return undoing
        .lockStanding(prepared.creatorId(), prepared.market(), now)
        .chain(standing -> reverseWithStanding(caller, cmd, prepared.rules(), standing, now));
  }

  private Uni<Reversed> reverseWithStanding(
      CallerIdentity caller,
      Reverse cmd,
      StandingPolicy rules,
      StandingRow standing,
      OffsetDateTime now) {
    return records
        .lock(cmd.actionId())
        .call(r -> appeals.ofAction(r.action().actionId).invoke(p -> check(caller, cmd, r, p)))
        .invoke(r -> recordReversal(caller, cmd, r.action(), now))
        .chain(r -> undoing.undo(r, undo(caller, cmd, now), standing, rules))
        .chain(this::withViolation);
  }

  private static void check(CallerIdentity caller, Reverse cmd, ActionRecord r, AppealEntity p) {
    EnforcementActionEntity a = r.action();
    caller.requireMarket(a.market);
    ApiException.requireEtag(cmd.etag(), Rows.etag(a.actionId, a.etagVersion));
    if (!AppealRules.isReversible(a.state)) {
      throw ApiException.illegalTransition(a.state, "REVERSED");
    }
    if (p != null && AppealState.valueOf(p.state).isOpen()) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
          "appeal "
              + p.appealId
              + " on action "
              + a.actionId
              + " is "
              + p.state
              + ": decide the appeal instead",
          Map.of("appeal_id", p.appealId));
    }
  }

  private static void recordReversal(
      CallerIdentity caller, Reverse cmd, EnforcementActionEntity a, OffsetDateTime now) {
    a.reversalBasis = cmd.basis();
    a.reversalStandingRestored = cmd.restoreStanding();
    a.reversedBy = Rows.actorOf(caller);
    a.reversedAt = now;
    a.reversalReason = cmd.reason();
    a.reversalRequestId = cmd.requestId();
  }

  private static ActionUndoing.Undo undo(CallerIdentity caller, Reverse cmd, OffsetDateTime now) {
    return new ActionUndoing.Undo(
        "REVERSED",
        HoldSettlement.ACTION_REVERSED,
        cmd.restoreStanding(),
        caller,
        cmd.requestId(),
        now);
  }

  private Uni<Reversed> withViolation(ActionUndoing.Undone undone) {
    String violationId = undone.action().action().violationId;
    Uni<ViolationEntity> violation =
        violationId == null ? Uni.createFrom().nullItem() : violations.findById(violationId);
    return violation.map(v -> new Reversed(undone.action(), v, undone.standing()));
  }
}
