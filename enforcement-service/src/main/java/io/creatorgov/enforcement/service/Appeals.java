package io.creatorgov.enforcement.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.enforcement.client.EnforcementPolicySource;
import io.creatorgov.enforcement.client.StandingPolicy;
import io.creatorgov.enforcement.domain.AppealOutcome;
import io.creatorgov.enforcement.domain.AppealRules;
import io.creatorgov.enforcement.domain.AppealRules.FilingRefusal;
import io.creatorgov.enforcement.domain.AppealState;
import io.creatorgov.enforcement.domain.HoldSettlement;
import io.creatorgov.enforcement.repository.AppealEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.StandingRepository.StandingRow;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Appeals (DSA art. 20 internal complaints): filing within the market's window, review and decision
 * by a human reviewer only, withdrawal. An OVERTURN undoes the action with every effect through
 * {@link ActionUndoing}; an UPHOLD lets the action stand and forfeits its held commission. Each
 * command reads top to bottom: remote reads (the standing policy, for an overturn) before the
 * transaction, then lock, decide, persist, announce.
 */
@ApplicationScoped
public class Appeals {
  /** Who may act on a creator's behalf (the creator themself always may). */
  private static final Set<Role> ON_BEHALF = EnumSet.of(Role.CREATOR_OPS);

  /** The roles that read any appeal in their markets (a creator only their own). */
  static final Set<Role> APPEAL_READERS =
      EnumSet.of(
          Role.APPEALS_REVIEWER,
          Role.CREATOR_OPS,
          Role.MODERATOR,
          Role.GOVERNANCE_ADMIN,
          Role.AUDITOR);

  /**
   * An appeal with its action and violation, the standing a decision gave back (or null) and the
   * replacement a MODIFY issued (or null).
   */
  public record AppealResult(
      AppealEntity appeal,
      ActionRecord action,
      ViolationEntity violation,
      StandingMove standing,
      ActionRecord replacement) {

    /**
     * An appeal without a decision: its view needs neither the action's record nor the violation.
     */
    static AppealResult undecided(AppealEntity appeal) {
      return new AppealResult(appeal, null, null, null, null);
    }
  }

  /** FileAppeal's input; evidence encoded by the API layer. */
  public record File(String requestId, String actionId, String statement, byte[] evidence) {}

  /**
   * DecideAppeal's input.
   *
   * @param modification MODIFY only: the replacement's consequence (checked by the API layer)
   */
  public record Decide(
      String requestId,
      String appealId,
      AppealOutcome outcome,
      io.creatorgov.enforcement.domain.Consequence modification,
      String reasoning,
      String etag) {}

  /** StartAppealReview's and WithdrawAppeal's input. */
  public record Move(String requestId, String appealId, String reason, String etag) {}

  private final Clock clock;
  private final Repositories.Appeals appeals;
  private final Repositories.Violations violations;
  private final ActionRecords records;
  private final ActionUndoing undoing;
  private final CommissionHolds holds;
  private final EnforcementPolicySource policies;
  private final EnforcementJournal journal;
  private final Replacements replacements;
  private final EnforcementMetrics metrics;

  public Appeals(
      Clock clock,
      Repositories.Appeals appeals,
      Repositories.Violations violations,
      ActionRecords records,
      ActionUndoing undoing,
      CommissionHolds holds,
      EnforcementPolicySource policies,
      EnforcementJournal journal,
      Replacements replacements,
      EnforcementMetrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
    this.replacements = replacements;
    this.appeals = appeals;
    this.violations = violations;
    this.records = records;
    this.undoing = undoing;
    this.holds = holds;
    this.policies = policies;
    this.journal = journal;
  }

  // ---- FileAppeal -------------------------------------------------------------------------------

  public <R> Uni<R> file(CallerIdentity caller, File cmd, Reply<AppealResult, R> reply) {
    return Reply.once(
        "FileAppeal",
        caller,
        cmd.requestId(),
        reply,
        () -> records.lock(cmd.actionId()).chain(r -> fileAgainst(caller, cmd, r)));
  }

  private Uni<AppealResult> fileAgainst(CallerIdentity caller, File cmd, ActionRecord r) {
    EnforcementActionEntity a = r.action();
    caller.requireMarket(a.market);
    caller.requireSelfOrAnyRole(a.creatorId, ON_BEHALF);
    return appeals
        .ofAction(a.actionId)
        .map(existing -> opened(caller, cmd, a, existing, StoredTime.now(clock)))
        .call(appeals::persist)
        .chain(p -> result(p, null))
        .call(result -> announce(result, FeedChange.Type.APPEAL_FILED, caller));
  }

  /** Decides whether the action can be appealed at {@code now} and, if so, the OPEN appeal. */
  private static AppealEntity opened(
      CallerIdentity caller,
      File cmd,
      EnforcementActionEntity a,
      AppealEntity existing,
      OffsetDateTime now) {
    if (existing != null) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_APPEAL_ALREADY_FILED,
          "action " + a.actionId + " already has appeal " + existing.appealId,
          Map.of("appeal_id", existing.appealId));
    }
    FilingRefusal refusal =
        AppealRules.canFile(
            a.state,
            a.origin,
            a.appealDeadlineAt == null ? null : a.appealDeadlineAt.toInstant(),
            now.toInstant());
    refuse(refusal, a);
    AppealEntity p = new AppealEntity();
    p.appealId = ResourceIds.sortable("apl_");
    p.actionId = a.actionId;
    p.creatorId = a.creatorId;
    p.market = a.market;
    p.violationId = a.violationId;
    p.actionType = a.actionType;
    p.statement = cmd.statement();
    p.evidence = cmd.evidence();
    p.state = AppealState.OPEN.name();
    p.appealDeadlineAt = a.appealDeadlineAt;
    p.filedBy = Rows.actorOf(caller);
    p.filedRequestId = cmd.requestId();
    p.createdAt = now;
    p.updatedAt = now;
    p.etagVersion = 1;
    a.appealId = p.appealId;
    a.updatedAt = now;
    a.etagVersion++;
    return p;
  }

  /** When the action's appeal window closed: its deadline, or its decision when it had none. */
  private static OffsetDateTime closedAt(EnforcementActionEntity a) {
    return a.appealDeadlineAt != null ? a.appealDeadlineAt : a.createdAt;
  }

  private static void refuse(FilingRefusal refusal, EnforcementActionEntity a) {
    switch (refusal) {
      case ACTION_CLOSED -> throw ApiException.illegalTransition(a.state, "APPEALED");
      case REPLACEMENT_ACTION ->
          throw ApiException.of(
              ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
              "action "
                  + a.actionId
                  + " replaced an appealed action (origin APPEAL_MODIFICATION) and cannot be"
                  + " appealed; it can be reversed",
              Map.of("origin", a.origin));
      case WINDOW_CLOSED ->
          throw ApiException.of(
              ErrorReason.ERROR_REASON_APPEAL_WINDOW_CLOSED,
              a.appealDeadlineAt == null
                  ? "action " + a.actionId + " has no internal appeal"
                  : "the appeal window of action "
                      + a.actionId
                      + " closed at "
                      + a.appealDeadlineAt,
              // an action without an internal appeal had a window that closed as it was decided
              Map.of("deadline", closedAt(a).toInstant().toString()));
      default -> {
        // can be appealed
      }
    }
  }

  // ---- GetAppeal --------------------------------------------------------------------------------

  @WithSession
  public Uni<AppealResult> get(CallerIdentity caller, String appealId) {
    return appeals
        .findById(appealId)
        .map(p -> readable(caller, p, appealId))
        .chain(p -> result(p, null));
  }

  private static AppealEntity readable(CallerIdentity caller, AppealEntity p, String appealId) {
    if (p == null) {
      throw ApiException.notFound("appeal", appealId);
    }
    caller.requireMarket(p.market);
    caller.requireSelfOrAnyRole(p.creatorId, APPEAL_READERS);
    return p;
  }

  // ---- StartAppealReview ------------------------------------------------------------------------

  public <R> Uni<R> startReview(CallerIdentity caller, Move cmd, Reply<AppealResult, R> reply) {
    requireHumanReviewer(caller, "StartAppealReview");
    return Reply.once(
        "StartAppealReview",
        caller,
        cmd.requestId(),
        reply,
        () ->
            lockForChange(caller, cmd.appealId(), cmd.etag())
                .map(p -> reviewStarted(caller, cmd, p, StoredTime.now(clock)))
                .chain(p -> result(p, null)));
  }

  private static AppealEntity reviewStarted(
      CallerIdentity caller, Move cmd, AppealEntity p, OffsetDateTime now) {
    if (!AppealState.OPEN.name().equals(p.state)) {
      throw ApiException.illegalTransition(p.state, AppealState.UNDER_REVIEW.name());
    }
    p.state = AppealState.UNDER_REVIEW.name();
    p.reviewBy = Rows.actorOf(caller);
    p.reviewAt = now;
    p.reviewRequestId = cmd.requestId();
    touch(p, now);
    return p;
  }

  // ---- DecideAppeal -----------------------------------------------------------------------------

  /**
   * What a decision needs before its transaction: the appeal's creator and market (to lock the
   * standing row first) and, to overturn, the market's standing rules.
   */
  private record Prepared(String creatorId, String market, StandingPolicy standing) {}

  public <R> Uni<R> decide(CallerIdentity caller, Decide cmd, Reply<AppealResult, R> reply) {
    requireHumanReviewer(caller, "DecideAppeal");
    // 1. reads, no transaction open: the appeal's market, then (to give standing back) the
    //    market's standing rules
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: database only
    return Reply.onceAfter(
        "DecideAppeal",
        caller,
        cmd.requestId(),
        reply,
        () -> prepare(caller, cmd),
        prepared -> decideLocked(caller, cmd, prepared));
  }

  private Uni<Prepared> prepare(CallerIdentity caller, Decide cmd) {
    Uni<AppealEntity> appeal =
        Panache.withSession(() -> appeals.findById(cmd.appealId()))
            .map(p -> readable(caller, p, cmd.appealId()));
    if (cmd.outcome() != AppealOutcome.OVERTURN) {
      return appeal.map(p -> new Prepared(p.creatorId, p.market, null));
    }
    return appeal.chain(
        p ->
            CallerContext.resumeOn(policies.standing(p.market, clock.instant()))
                .map(s -> new Prepared(p.creatorId, p.market, s)));
  }

  /** Standing row, appeal, action and hold, locked in that order (reports lock standing first). */
  private Uni<AppealResult> decideLocked(CallerIdentity caller, Decide cmd, Prepared prepared) {
    OffsetDateTime now = StoredTime.now(clock);
    return undoing
        .lockStanding(prepared.creatorId(), prepared.market(), now)
        .chain(standing -> decideWithStanding(caller, cmd, prepared, standing, now));
  }

  private Uni<AppealResult> decideWithStanding(
      CallerIdentity caller,
      Decide cmd,
      Prepared prepared,
      StandingRow standing,
      OffsetDateTime now) {
    return lockForChange(caller, cmd.appealId(), cmd.etag())
        .map(p -> decided(caller, cmd, p, now))
        .chain(
            p ->
                records
                    .lock(p.actionId)
                    .chain(r -> carryOut(caller, cmd, p, r, standing, prepared, now)));
  }

  private static AppealEntity decided(
      CallerIdentity caller, Decide cmd, AppealEntity p, OffsetDateTime now) {
    if (!AppealState.valueOf(p.state).isOpen()) {
      throw ApiException.illegalTransition(p.state, cmd.outcome().result().name());
    }
    p.state = cmd.outcome().result().name();
    p.outcome = cmd.outcome().name();
    p.reasoning = cmd.reasoning();
    p.decidedBy = Rows.actorOf(caller);
    p.decidedAt = now;
    p.decidedRequestId = cmd.requestId();
    touch(p, now);
    return p;
  }

  private Uni<AppealResult> carryOut(
      CallerIdentity caller,
      Decide cmd,
      AppealEntity p,
      ActionRecord r,
      StandingRow standing,
      Prepared prepared,
      OffsetDateTime now) {
    Uni<StandingMove> effects =
        switch (cmd.outcome()) {
          case UPHOLD -> uphold(caller, cmd, r, now);
          case OVERTURN ->
              undo(
                  r,
                  "OVERTURNED",
                  HoldSettlement.APPEAL_OVERTURNED,
                  true,
                  caller,
                  cmd,
                  standing,
                  prepared,
                  now);
          case MODIFY ->
              replacements
                  .issue(r, cmd.modification(), p, caller, now)
                  .chain(
                      ignored ->
                          undo(
                              r,
                              "MODIFIED",
                              HoldSettlement.APPEAL_MODIFIED,
                              false,
                              caller,
                              cmd,
                              standing,
                              prepared,
                              now));
        };
    return effects
        .chain(move -> result(p, move))
        .call(result -> announce(result, FeedChange.Type.APPEAL_DECIDED, caller))
        .invoke(() -> metrics.appealDecided(p.market, p.outcome));
  }

  /** UPHOLD: the action stands; a held commission is forfeited. */
  private Uni<StandingMove> uphold(
      CallerIdentity caller, Decide cmd, ActionRecord r, OffsetDateTime now) {
    return holds
        .settle(r.hold(), HoldSettlement.APPEAL_UPHELD, caller, cmd.requestId(), now)
        .replaceWith((StandingMove) null);
  }

  /** OVERTURN / MODIFY: the appealed action undone; standing restored only for an overturn. */
  private Uni<StandingMove> undo(
      ActionRecord r,
      String finalState,
      HoldSettlement settlement,
      boolean restoreStanding,
      CallerIdentity caller,
      Decide cmd,
      StandingRow standing,
      Prepared prepared,
      OffsetDateTime now) {
    ActionUndoing.Undo how =
        new ActionUndoing.Undo(
            finalState, settlement, restoreStanding, caller, cmd.requestId(), now);
    return undoing.undo(r, how, standing, prepared.standing()).map(ActionUndoing.Undone::standing);
  }

  // ---- WithdrawAppeal ---------------------------------------------------------------------------

  public <R> Uni<R> withdraw(CallerIdentity caller, Move cmd, Reply<AppealResult, R> reply) {
    return Reply.once(
        "WithdrawAppeal",
        caller,
        cmd.requestId(),
        reply,
        () ->
            lockForChange(caller, cmd.appealId(), cmd.etag(), ON_BEHALF)
                .map(p -> withdrawn(caller, cmd, p, StoredTime.now(clock)))
                .call(p -> forfeitIfDue(caller, p))
                .chain(p -> result(p, null))
                .call(r -> announce(r, FeedChange.Type.APPEAL_WITHDRAWN, caller)));
  }

  private static AppealEntity withdrawn(
      CallerIdentity caller, Move cmd, AppealEntity p, OffsetDateTime now) {
    if (!AppealState.valueOf(p.state).isOpen()) {
      throw ApiException.illegalTransition(p.state, AppealState.WITHDRAWN.name());
    }
    p.state = AppealState.WITHDRAWN.name();
    p.withdrawnBy = Rows.actorOf(caller);
    p.withdrawnAt = now;
    p.withdrawnReason = cmd.reason();
    p.withdrawnRequestId = cmd.requestId();
    touch(p, now);
    return p;
  }

  /**
   * A withdrawal after the hold's settle time forfeits it now, by the withdrawing caller (the actor
   * of every change is taken from the token); before, the settlement job does at that time.
   */
  private Uni<Void> forfeitIfDue(CallerIdentity caller, AppealEntity p) {
    return records
        .lock(p.actionId)
        .chain(
            r ->
                r.hold() != null
                        && AppealRules.withdrawalForfeitsNow(
                            p.withdrawnAt.toInstant(), r.hold().settleAt.toInstant())
                    ? holds
                        .settle(
                            r.hold(),
                            HoldSettlement.APPEAL_WITHDRAWN,
                            caller,
                            p.withdrawnRequestId,
                            p.withdrawnAt)
                        .replaceWithVoid()
                    : Uni.createFrom().voidItem());
  }

  // ---- shared -----------------------------------------------------------------------------------

  /** Only a person decides an appeal (DSA art. 20(6)): service tokens are refused. */
  private static void requireHumanReviewer(CallerIdentity caller, String rpc) {
    if (caller.isService() || !caller.hasRole(Role.APPEALS_REVIEWER)) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_ROLE_REQUIRED,
          rpc + " requires a human appeals reviewer (a user token with appeals-reviewer)",
          Map.of("required_roles", Role.APPEALS_REVIEWER.claim()));
    }
  }

  /** The appeal locked for a change, after the market scope and etag checks. */
  private Uni<AppealEntity> lockForChange(CallerIdentity caller, String appealId, String etag) {
    return lockForChange(caller, appealId, etag, null);
  }

  /**
   * The appeal locked for a change, after the market scope, ownership ({@code onBehalf} non-null:
   * the appeal's creator or one of these roles) and etag checks, in that order: a caller who may
   * not touch the appeal learns nothing about it, its etag included.
   */
  private Uni<AppealEntity> lockForChange(
      CallerIdentity caller, String appealId, String etag, Set<Role> onBehalf) {
    return appeals.lock(appealId).map(p -> changeable(caller, p, appealId, etag, onBehalf));
  }

  private static AppealEntity changeable(
      CallerIdentity caller, AppealEntity p, String appealId, String etag, Set<Role> onBehalf) {
    if (p == null) {
      throw ApiException.notFound("appeal", appealId);
    }
    caller.requireMarket(p.market);
    if (onBehalf != null) {
      caller.requireSelfOrAnyRole(p.creatorId, onBehalf);
    }
    ApiException.requireEtag(etag, Rows.etag(p.appealId, p.etagVersion));
    return p;
  }

  private static void touch(AppealEntity p, OffsetDateTime now) {
    p.updatedAt = now;
    p.etagVersion++;
  }

  private Uni<AppealResult> result(AppealEntity p, StandingMove move) {
    Uni<ViolationEntity> violation =
        p.violationId == null ? Uni.createFrom().nullItem() : violations.findById(p.violationId);
    Uni<ActionRecord> replacement =
        p.replacementActionId == null
            ? Uni.createFrom().nullItem()
            : records.require(p.replacementActionId);
    // one after the other: a reactive session runs one operation at a time
    return records
        .require(p.actionId)
        .chain(r -> violation.map(v -> new AppealResult(p, r, v, move, null)))
        .chain(partial -> replacement.map(x -> withReplacement(partial, x)));
  }

  private static AppealResult withReplacement(AppealResult r, ActionRecord replacement) {
    return new AppealResult(r.appeal(), r.action(), r.violation(), r.standing(), replacement);
  }

  /** APPEAL_FILED / APPEAL_DECIDED / APPEAL_WITHDRAWN, with the appeal as the result shows it. */
  private Uni<Void> announce(AppealResult r, FeedChange.Type type, CallerIdentity caller) {
    AppealEntity p = r.appeal();
    return journal.event(
        new FeedChange.AppealChanged(type, r),
        p.creatorId,
        p.market,
        "appeals/" + p.appealId,
        caller,
        p.updatedAt);
  }
}
