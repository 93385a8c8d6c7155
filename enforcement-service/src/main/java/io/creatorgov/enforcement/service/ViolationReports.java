package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.client.CreatorFacts;
import io.creatorgov.enforcement.client.CreatorServiceClient;
import io.creatorgov.enforcement.client.EnforcementPolicySource;
import io.creatorgov.enforcement.domain.ActivityLog;
import io.creatorgov.enforcement.domain.Decision;
import io.creatorgov.enforcement.domain.DetectionSource;
import io.creatorgov.enforcement.domain.PastViolation;
import io.creatorgov.enforcement.domain.StandingCalculator;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.StandingRepository;
import io.creatorgov.enforcement.repository.StandingRepository.StandingRow;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.enforcement.service.DecisionRecords.Inputs;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * ReportViolation: records a violation, decides its action under the market's policies and moves
 * the creator's standing, in three named steps (ADR 0004):
 *
 * <ol>
 *   <li>remote reads, no transaction: the creator from creator-service and the market's policies
 *       effective at the observed time (near cache);
 *   <li>one transaction, idempotent by request id: lock the creator's standing row in the market
 *       (the serialisation point: one decision at a time per creator and market, never a global
 *       lock), load the history, decide (pure), record violation, action, outbox row and events;
 *   <li>after commit: the outbox delivers the action to creator-service.
 * </ol>
 */
@ApplicationScoped
public class ViolationReports {
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);
  static final Duration MAX_PAST = Duration.ofDays(180);

  /** The locked standing row and the history the decision reads. */
  private record Locked(StandingRow standing, List<ViolationEntity> history) {}

  /** A decision and the rows that record it. */
  private record Decided(
      Decision decision,
      ViolationEntity violation,
      EnforcementActionEntity action,
      ActionDeliveryEntity delivery,
      CommissionHoldEntity hold,
      StandingMove standing,
      OffsetDateTime at) {}

  private final Clock clock;
  private final CreatorServiceClient creators;
  private final EnforcementPolicySource policies;
  private final MarketRegistry markets;
  private final StandingRepository standings;
  private final Repositories.Violations violations;
  private final Repositories.Actions actions;
  private final Repositories.Deliveries deliveries;
  private final EnforcementJournal journal;
  private final CommissionHolds holds;
  private final ActionOutbox outbox;
  private final ActionRecords records;
  private final EnforcementMetrics metrics;
  private final StatementTexts statements;

  public ViolationReports(
      Clock clock,
      CreatorServiceClient creators,
      EnforcementPolicySource policies,
      MarketRegistry markets,
      StandingRepository standings,
      Repositories.Violations violations,
      Repositories.Actions actions,
      Repositories.Deliveries deliveries,
      EnforcementJournal journal,
      CommissionHolds holds,
      ActionOutbox outbox,
      ActionRecords records,
      EnforcementMetrics metrics,
      StatementTexts statements) {
    this.clock = clock;
    this.statements = statements;
    this.metrics = metrics;
    this.holds = holds;
    this.outbox = outbox;
    this.records = records;
    this.creators = creators;
    this.policies = policies;
    this.markets = markets;
    this.standings = standings;
    this.violations = violations;
    this.actions = actions;
    this.deliveries = deliveries;
    this.journal = journal;
  }

  public <R> Uni<R> report(CallerIdentity caller, ReportViolation cmd, Reply<Reported, R> reply) {
    check(caller, cmd);
    // 1. remote reads, no transaction open: what the command needs
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: database only
    return Reply.onceAfter(
        "ReportViolation",
        caller,
        cmd.requestId(),
        reply,
        () -> gather(cmd),
        inputs -> decideLocked(caller, cmd, inputs));
  }

  /**
   * Step 3 within the call: delivers the just-decided action to creator-service if it can within
   * the in-call budget, then reads the action as it is: APPLIED when this call (or, for a replay,
   * an earlier one or the outbox worker) delivered it, PENDING with its attempts when it is left to
   * the outbox worker. A replay thus says what the first answer said, or what has happened since.
   */
  public Uni<ActionRecord> applyNow(String actionId) {
    return outbox.deliverNow(actionId).chain(ignored -> currentView(actionId));
  }

  private Uni<ActionRecord> currentView(String actionId) {
    return io.quarkus.hibernate.reactive.panache.Panache.withSession(
        () -> records.require(actionId));
  }

  /** Service rules the field annotations cannot state. */
  private void check(CallerIdentity caller, ReportViolation cmd) {
    Market market = markets.require(cmd.market(), "market");
    caller.requireMarket(market.code());
    Instant now = clock.instant();
    Violations v = new Violations();
    v.require(
        cmd.observedTime().isAfter(now.plus(MAX_FUTURE)),
        "observed_time",
        "must be at most 5 minutes in the future");
    v.require(
        cmd.observedTime().isBefore(now.minus(MAX_PAST)),
        "observed_time",
        "must be at most 180 days in the past");
    v.require(
        cmd.contentTime() != null && cmd.contentTime().isAfter(cmd.observedTime()),
        "content_time",
        "must not be after observed_time");
    checkNotice(v, cmd.detectionSource(), cmd.notice());
    v.throwIfAny();
  }

  private static void checkNotice(
      Violations v, DetectionSource source, ReportViolation.Notice notice) {
    if (!source.requiresNotice()) {
      v.require(notice != null, "notice", "must be unset for detection source " + source);
      return;
    }
    if (notice == null) {
      v.add("notice", "required for detection source " + source);
      return;
    }
    v.require(notice.noticeId().isEmpty(), "notice.notice_id", "required");
    boolean flagger = source == DetectionSource.TRUSTED_FLAGGER;
    v.require(
        flagger && notice.trustedFlaggerId().isEmpty(),
        "notice.trusted_flagger_id",
        "required for TRUSTED_FLAGGER");
    v.require(
        flagger && notice.trustedFlaggerName().isEmpty(),
        "notice.trusted_flagger_name",
        "required for TRUSTED_FLAGGER");
    v.require(
        !flagger && !notice.trustedFlaggerId().isEmpty(),
        "notice.trusted_flagger_id",
        "must be empty for USER_REPORT");
    v.require(
        !flagger && !notice.trustedFlaggerName().isEmpty(),
        "notice.trusted_flagger_name",
        "must be empty for USER_REPORT");
  }

  /**
   * The creator (exists, home market) and the policies, concurrently, before any transaction.
   * creator-service being down never fails a report: the creator is taken as the report names it
   * (see {@link CreatorFacts#unconfirmed}) and the outbox delivers the action later. A read that
   * runs out of time stays DEADLINE_EXCEEDED (the caller retries with the same request id).
   */
  private Uni<Inputs> gather(ReportViolation cmd) {
    Uni<CreatorFacts> creator =
        creators
            .getCreator(cmd.creatorId())
            .onFailure(CreatorServiceClient::unreachable)
            .recoverWithItem(() -> CreatorFacts.unconfirmed(cmd.creatorId(), cmd.market()));
    Uni<Inputs> both =
        Uni.combine()
            .all()
            .unis(
                creator,
                policies.forViolation(cmd.market(), cmd.violationCode(), cmd.observedTime()))
            .with(Inputs::new);
    return CallerContext.resumeOn(both).invoke(inputs -> requireHomeMarket(cmd, inputs.creator()));
  }

  private static void requireHomeMarket(ReportViolation cmd, CreatorFacts creator) {
    if (!creator.market().equals(cmd.market())) {
      throw ApiException.invalid(
          "market",
          "creator "
              + cmd.creatorId()
              + " belongs to market "
              + creator.market()
              + ", not "
              + cmd.market());
    }
  }

  private Uni<Reported> decideLocked(CallerIdentity caller, ReportViolation cmd, Inputs inputs) {
    OffsetDateTime now = StoredTime.now(clock);
    return standings
        .lock(cmd.creatorId(), cmd.market(), now)
        .chain(row -> loadHistory(cmd, row))
        .map(locked -> decide(caller, cmd, inputs, locked, now))
        .call(this::persist)
        .call(d -> journal(caller, d))
        .call(d -> holds.persistOpened(d.hold(), caller, d.at()))
        .invoke(d -> metrics.reported(d.violation(), d.action()))
        .map(d -> new Reported(d.violation(), d.action(), d.delivery(), d.hold(), d.standing()));
  }

  private Uni<Locked> loadHistory(ReportViolation cmd, StandingRow row) {
    return violations.history(cmd.creatorId(), cmd.market()).map(h -> new Locked(row, h));
  }

  private Decided decide(
      CallerIdentity caller, ReportViolation cmd, Inputs in, Locked locked, OffsetDateTime now) {
    List<PastViolation> history = Histories.past(locked.history());
    Instant standingStart = standingStart(locked, cmd.observedTime());
    Decision decision =
        StandingCalculator.decide(
            in.policies().rules(),
            in.policies().entry(),
            cmd.observedTime(),
            history,
            standingStart,
            ActivityLog.ALWAYS);
    String violationId = ResourceIds.sortable("vio_");
    String actionId = ResourceIds.sortable("act_");
    List<String> scope = markets.enabled().stream().map(Market::code).toList();
    EnforcementActionEntity action =
        DecisionRecords.action(cmd, in, decision, violationId, actionId, scope, now);
    statements.stamp(action);
    return new Decided(
        decision,
        DecisionRecords.violation(caller, cmd, in, decision, violationId, actionId, now),
        action,
        "PENDING".equals(action.state) ? DecisionRecords.delivery(actionId, now) : null,
        CommissionHolds.openFor(action, now),
        DecisionRecords.standingMove(cmd, in, decision, violationId),
        now);
  }

  /** First seen: the row's creation, or an earlier observation (history or this report). */
  private static Instant standingStart(Locked locked, Instant observed) {
    Instant start = locked.standing().standingStart().toInstant();
    for (ViolationEntity v : locked.history()) {
      start = v.observedAt.toInstant().isBefore(start) ? v.observedAt.toInstant() : start;
    }
    return observed.isBefore(start) ? observed : start;
  }

  private Uni<Void> persist(Decided d) {
    StandingMove m = d.standing();
    return violations
        .persist(d.violation())
        .chain(() -> actions.persistAndFlush(d.action()))
        .chain(
            () ->
                d.delivery() == null
                    ? Uni.createFrom().voidItem()
                    : deliveries.persist(d.delivery()).replaceWithVoid())
        .chain(
            () ->
                standings.update(
                    m.creatorId(),
                    m.market(),
                    m.healthRating() ? "HEALTH_RATING" : "POINTS_LADDER",
                    m.pointsAfter(),
                    m.healthRating(),
                    m.scoreAfter(),
                    d.at()));
  }

  /**
   * VIOLATION_RECORDED, STANDING_CHANGED, ACTION_DECIDED and, with nothing to deliver,
   * ACTION_APPLIED.
   */
  private Uni<Void> journal(CallerIdentity caller, Decided d) {
    ViolationEntity v = d.violation();
    return journal
        .event(
            new FeedChange.ViolationRecorded(v),
            v.creatorId,
            v.market,
            "violations/" + v.violationId,
            caller,
            d.at())
        .chain(
            () ->
                journal.event(
                    new FeedChange.StandingChanged(d.standing()),
                    v.creatorId,
                    v.market,
                    "creators/" + v.creatorId,
                    caller,
                    d.at()))
        .chain(
            () ->
                journal.actionDecided(
                    caller, new ActionRecord(d.action(), d.delivery(), null, d.hold()), d.at()));
  }
}
