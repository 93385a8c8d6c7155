package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.AppealRules;
import io.creatorgov.enforcement.domain.AppealState;
import io.creatorgov.enforcement.domain.HoldSettlement;
import io.creatorgov.enforcement.repository.AppealEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.money.MoneyAmount;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Commission holds: opened with a COMMISSION_FREEZE in the decision's transaction, their amount
 * reported by the payouts system (RecordHeldCommission), and settled — RELEASED or FORFEITED — by
 * an appeal decision, a reversal, a withdrawal after the settle time, or the settlement job once
 * the settle time has passed with no appeal open. Every change is announced on the feed.
 */
@ApplicationScoped
public class CommissionHolds {
  private static final Logger LOG = Logger.getLogger(CommissionHolds.class);
  static final CallerIdentity SETTLEMENT_JOB = CallerIdentity.system("commission-hold-settlement");
  private static final String AMOUNT_FIELD = "amount_held";

  /** A hold and what the command changed about it. */
  public record Reported(CommissionHoldEntity hold) {}

  private final Clock clock;
  private final Repositories.Holds holds;
  private final Repositories.Appeals appeals;
  private final MarketRegistry markets;
  private final EnforcementJournal journal;
  private final int batchSize;

  public CommissionHolds(
      Clock clock,
      Repositories.Holds holds,
      Repositories.Appeals appeals,
      MarketRegistry markets,
      EnforcementJournal journal,
      @ConfigProperty(name = "creatorgov.holds.settlement-batch-size", defaultValue = "100")
          int batchSize) {
    this.clock = clock;
    this.holds = holds;
    this.appeals = appeals;
    this.markets = markets;
    this.journal = journal;
    this.batchSize = batchSize;
  }

  // ---- opening (inside the decision's transaction) ----------------------------------------------

  /** The hold a COMMISSION_FREEZE opens over [start, end); null for other actions. */
  static CommissionHoldEntity openFor(EnforcementActionEntity a, OffsetDateTime now) {
    if (!"COMMISSION_FREEZE".equals(a.actionType) || a.endAt == null) {
      return null;
    }
    CommissionHoldEntity h = new CommissionHoldEntity();
    h.holdId = ResourceIds.sortable("hold_");
    h.actionId = a.actionId;
    h.creatorId = a.creatorId;
    h.market = a.market;
    h.state = "HELD";
    h.salesStart = a.startAt;
    h.salesEnd = a.endAt;
    Instant settle =
        AppealRules.settleTime(
            a.endAt.toInstant(),
            a.appealDeadlineAt == null ? null : a.appealDeadlineAt.toInstant());
    h.settleAt = settle.atOffset(now.getOffset());
    h.createdAt = now;
    h.updatedAt = now;
    h.etagVersion = 1;
    return h;
  }

  /** Persists an opened hold and announces COMMISSION_HOLD_OPENED. */
  Uni<Void> persistOpened(CommissionHoldEntity h, CallerIdentity caller, OffsetDateTime now) {
    if (h == null) {
      return Uni.createFrom().voidItem();
    }
    return holds
        .persist(h)
        .chain(() -> announce(h, FeedChange.Type.COMMISSION_HOLD_OPENED, caller, now));
  }

  // ---- RecordHeldCommission ---------------------------------------------------------------------

  /** The payouts system's report of the held total; see the contract's RecordHeldCommission. */
  public <R> Uni<R> recordAmount(
      CallerIdentity caller, RecordAmount cmd, Reply<Reported, R> reply) {
    return Reply.once(
        "RecordHeldCommission",
        caller,
        cmd.requestId(),
        reply,
        () -> holds.lock(cmd.holdId()).chain(h -> applyAmount(caller, cmd, h)));
  }

  /** RecordHeldCommission's input. */
  public record RecordAmount(
      String requestId,
      String holdId,
      long amountMinor,
      String currencyCode,
      Instant asOf,
      String etag) {}

  private Uni<Reported> applyAmount(
      CallerIdentity caller, RecordAmount cmd, CommissionHoldEntity h) {
    checkAmount(caller, cmd, h);
    if (h.amountAsOf != null && cmd.asOf().isBefore(h.amountAsOf.toInstant())) {
      // an older report than the last one changes nothing
      return Uni.createFrom().item(new Reported(h));
    }
    OffsetDateTime now = StoredTime.now(clock);
    h.amountMinor = cmd.amountMinor();
    h.currencyCode = cmd.currencyCode();
    h.amountAsOf = cmd.asOf().atOffset(now.getOffset());
    h.amountReportedBy = Rows.actorOf(caller);
    h.amountReportedAt = now;
    h.amountRequestId = cmd.requestId();
    touch(h, now);
    return announce(h, FeedChange.Type.COMMISSION_HOLD_AMOUNT_REPORTED, caller, now)
        .replaceWith(new Reported(h));
  }

  private void checkAmount(CallerIdentity caller, RecordAmount cmd, CommissionHoldEntity h) {
    if (h == null) {
      throw ApiException.notFound("commission hold", cmd.holdId());
    }
    caller.requireMarket(h.market);
    Violations v = new Violations();
    v.require(cmd.amountMinor() < 0, AMOUNT_FIELD + ".amount_minor", "must be 0 or more");
    v.require(cmd.asOf().isAfter(clock.instant()), "as_of_time", "must not be in the future");
    v.require(
        cmd.asOf().isBefore(h.salesStart.toInstant()),
        "as_of_time",
        "must not be before the sales window's start");
    v.throwIfAny();
    MoneyAmount.of(
        0, cmd.currencyCode(), markets.require(h.market, "market").currency(), AMOUNT_FIELD);
    ApiException.requireEtag(cmd.etag(), Rows.etag(h.holdId, h.etagVersion));
    if (!"HELD".equals(h.state)) {
      throw ApiException.illegalTransition(h.state, "HELD");
    }
  }

  // ---- reads ------------------------------------------------------------------------------------

  @WithSession
  public Uni<CommissionHoldEntity> get(CallerIdentity caller, String holdId) {
    return holds
        .findById(holdId)
        .map(
            h -> {
              if (h == null) {
                throw ApiException.notFound("commission hold", holdId);
              }
              caller.requireMarket(h.market);
              caller.requireSelfOrAnyRole(h.creatorId, EnforcementQueries.READERS);
              return h;
            });
  }

  // ---- settlement -------------------------------------------------------------------------------

  /**
   * Settles {@code h} (locked by the caller's transaction) for {@code why}, by {@code actor}, and
   * announces it; a hold already settled is left as it is. Returns the hold.
   */
  Uni<CommissionHoldEntity> settle(
      CommissionHoldEntity h,
      HoldSettlement why,
      CallerIdentity actor,
      String requestId,
      OffsetDateTime now) {
    if (h == null || !"HELD".equals(h.state)) {
      return Uni.createFrom().item(h);
    }
    h.state = why.resultState();
    h.settlementReason = why.name();
    h.settledAt = now;
    h.settledBy = Rows.actorOf(actor);
    h.settledRequestId = requestId;
    touch(h, now);
    FeedChange.Type type =
        why.releases()
            ? FeedChange.Type.COMMISSION_HOLD_RELEASED
            : FeedChange.Type.COMMISSION_HOLD_FORFEITED;
    return announce(h, type, actor, now).replaceWith(h);
  }

  /** Every round: forfeit HELD holds past their settle time with no appeal open. */
  @Scheduled(
      every = "${creatorgov.holds.settlement-interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public Uni<Void> settleDue() {
    return Panache.withTransaction(this::settleDueBatch)
        .onFailure()
        .invoke(f -> LOG.warnf(f, "hold settlement round failed; retrying next round"))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** One batch, in one transaction: the due holds (locked), each with its appeal's state. */
  Uni<Integer> settleDueBatch() {
    OffsetDateTime now = StoredTime.now(clock);
    return holds.lockDue(now, batchSize).chain(due -> settleEach(due, now));
  }

  private Uni<Integer> settleEach(List<CommissionHoldEntity> due, OffsetDateTime now) {
    Uni<Integer> settled = Uni.createFrom().item(0);
    for (CommissionHoldEntity h : due) {
      settled = settled.chain(n -> settleIfDue(h, now).map(done -> done ? n + 1 : n));
    }
    return settled;
  }

  private Uni<Boolean> settleIfDue(CommissionHoldEntity h, OffsetDateTime now) {
    return appeals
        .ofAction(h.actionId)
        .map(a -> dueSettlement(h, a, now))
        .chain(due -> due.isEmpty() ? Uni.createFrom().item(false) : settleNow(due.get(), now));
  }

  private record Due(CommissionHoldEntity hold, HoldSettlement why) {}

  private static Optional<Due> dueSettlement(
      CommissionHoldEntity h, AppealEntity appeal, OffsetDateTime now) {
    if (!"HELD".equals(h.state)) {
      return Optional.empty();
    }
    AppealState state = appeal == null ? null : AppealState.valueOf(appeal.state);
    return AppealRules.dueSettlement(now.toInstant(), h.settleAt.toInstant(), state)
        .map(why -> new Due(h, why));
  }

  private Uni<Boolean> settleNow(Due due, OffsetDateTime now) {
    return settle(due.hold(), due.why(), SETTLEMENT_JOB, "", now).replaceWith(true);
  }

  // ---- shared -----------------------------------------------------------------------------------

  private static void touch(CommissionHoldEntity h, OffsetDateTime now) {
    h.updatedAt = now;
    h.etagVersion++;
  }

  private Uni<Void> announce(
      CommissionHoldEntity h, FeedChange.Type type, CallerIdentity actor, OffsetDateTime now) {
    return journal.event(
        new FeedChange.HoldChanged(type, h),
        h.creatorId,
        h.market,
        "commissionHolds/" + h.holdId,
        actor,
        now);
  }
}
