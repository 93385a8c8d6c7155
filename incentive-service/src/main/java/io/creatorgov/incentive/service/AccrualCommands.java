package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.Accrual;
import io.creatorgov.incentive.domain.AccrualClaim;
import io.creatorgov.incentive.domain.AccrualComponent;
import io.creatorgov.incentive.domain.AccrualSituation;
import io.creatorgov.incentive.domain.BudgetSlice;
import io.creatorgov.incentive.domain.BudgetSlices;
import io.creatorgov.incentive.domain.LedgerEntryKind;
import io.creatorgov.incentive.domain.NonAccrualReason;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.domain.RewardKind;
import io.creatorgov.incentive.domain.RewardPosition;
import io.creatorgov.incentive.domain.RewardRule;
import io.creatorgov.incentive.repository.BudgetRepository;
import io.creatorgov.incentive.repository.BudgetRepository.PositionRow;
import io.creatorgov.incentive.repository.EnrollmentEntity;
import io.creatorgov.incentive.repository.EnrollmentRepository;
import io.creatorgov.incentive.repository.LedgerEntryEntity;
import io.creatorgov.incentive.repository.LedgerRepository;
import io.creatorgov.incentive.repository.PerformanceRecordEntity;
import io.creatorgov.incentive.repository.PerformanceRecordRepository;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.service.AccrualViews.Entry;
import io.creatorgov.incentive.service.AccrualViews.Recorded;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.money.MoneyAmount;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RecordPerformance: once per request id (kit {@link Reply}), database only. The transaction
 * share-locks the programme (a pause, end or settlement waits for accruals in flight, accruals do
 * not wait for each other), locks the creator's accrual position (which serialises one creator's
 * accruals: the per-creator cap), decides in {@link Accrual}, then takes the grant from the
 * creator's home budget slice with one guarded update, or, when that slice cannot take all of it,
 * locks every slice in slice order and settles against the whole budget ({@link BudgetSlices}, ADR
 * 0006). Lock order, always: idempotency key → programme (share) → creator position → slices.
 */
@ApplicationScoped
public class AccrualCommands {

  /** RecordPerformance's input; exactly one of occurred time and period (both bounds) is set. */
  public record RecordPerformance(
      String requestId,
      String programId,
      String creatorId,
      Instant occurredTime,
      boolean periodGiven,
      Instant periodStart,
      Instant periodEnd,
      boolean gmvGiven,
      long gmvMinor,
      String gmvCurrency,
      long orderCount,
      Duration liveDuration,
      String sourceReference) {

    Instant attributionTime() {
      return periodGiven ? periodStart : occurredTime;
    }
  }

  /** What the decision needs, loaded under lock. */
  private record Loaded(
      RecordPerformance cmd,
      ProgramEntity program,
      ProgramView view,
      EnrollmentEntity enrollment,
      PositionRow row,
      RewardPosition position,
      Map<RewardKind, Long> recoverable,
      Restoring restoring) {
    Currency currency() {
      return Currency.getInstance(program.currencyCode);
    }
  }

  /**
   * A record withheld while the enrolment was inactive, accrued now because the enforcement action
   * behind the interval was overturned or reversed; null for RecordPerformance.
   */
  private record Restoring(PerformanceRecordEntity record, String actionId) {}

  /** What {@link #reinstateWithheld} accrued: how many records and the total granted. */
  public record Restored(int records, long grantedMinor) {}

  /** The pure decision before the budget is asked: why not, or the claims and the signed delta. */
  private record Decided(
      Loaded loaded,
      MoneyAmount gmv,
      NonAccrualReason reason,
      List<AccrualClaim> claims,
      MoneyAmount positive,
      long budgetDelta) {}

  /** What the budget applied and whether it was what bound. */
  private record Taken(Decided decided, long applied, boolean budgetBound, long remainingAfter) {}

  /** The allocation and the creator's position after it. */
  private record Granted(Taken taken, Accrual.Grant grant, RewardPosition after) {}

  private static final long MAX_PERIOD_DAYS = 31;

  private final ProgramRepository programs;
  private final EnrollmentRepository enrollments;
  private final BudgetRepository budget;
  private final PerformanceRecordRepository records;
  private final LedgerRepository ledger;
  private final ProgramViews programViews;
  private final EnrollmentViews enrollmentViews;
  private final ProgramForms stamps;
  private final Clock clock;
  private final int slices;
  private final PayoutAdjustments adjustments;

  public AccrualCommands(
      ProgramRepository programs,
      EnrollmentRepository enrollments,
      BudgetRepository budget,
      PerformanceRecordRepository records,
      LedgerRepository ledger,
      ProgramViews programViews,
      EnrollmentViews enrollmentViews,
      ProgramForms stamps,
      Clock clock,
      @ConfigProperty(name = "creatorgov.accrual.budget-slices", defaultValue = "16") int slices,
      PayoutAdjustments adjustments) {
    this.programs = programs;
    this.enrollments = enrollments;
    this.budget = budget;
    this.records = records;
    this.ledger = ledger;
    this.programViews = programViews;
    this.enrollmentViews = enrollmentViews;
    this.stamps = stamps;
    this.clock = clock;
    this.slices = slices;
    this.adjustments = adjustments;
  }

  public <R> Uni<R> record(CallerIdentity caller, RecordPerformance cmd, Reply<Recorded, R> reply) {
    validate(cmd);
    return Panache.withTransaction(() -> budget.ensureSlices(cmd.programId(), slices))
        .chain(
            ignored ->
                Reply.once(
                    "RecordPerformance",
                    caller,
                    cmd.requestId(),
                    reply,
                    () -> recordLocked(caller, cmd)));
  }

  private static void validate(RecordPerformance cmd) {
    Violations v = new Violations();
    boolean occurred = cmd.occurredTime() != null;
    v.require(
        occurred == cmd.periodGiven(),
        "occurred_time",
        "exactly one of occurred_time and period is required");
    if (cmd.periodGiven()) {
      boolean bounds = cmd.periodStart() != null && cmd.periodEnd() != null;
      v.require(!bounds, "period", "both start_time and end_time are required");
      if (bounds) {
        v.require(
            !cmd.periodEnd().isAfter(cmd.periodStart()),
            "period.end_time",
            "must be after start_time");
        v.require(
            Duration.between(cmd.periodStart(), cmd.periodEnd())
                    .compareTo(Duration.ofDays(MAX_PERIOD_DAYS))
                > 0,
            "period",
            "at most 31 days");
      }
    }
    v.require(!cmd.gmvGiven(), "attributed_gmv", "required");
    v.require(cmd.liveDuration().isNegative(), "live_duration", "must not be negative");
    v.throwIfAny();
  }

  private Uni<Recorded> recordLocked(CallerIdentity caller, RecordPerformance cmd) {
    return load(caller, cmd)
        .map(this::decide)
        .chain(this::takeBudget)
        .map(AccrualCommands::allocate)
        .chain(granted -> persist(caller, granted));
  }

  // ---- load ---------------------------------------------------------------------------------

  private Uni<Loaded> load(CallerIdentity caller, RecordPerformance cmd) {
    return programs
        .sharedFor(caller, cmd.programId(), false)
        .map(p -> admissible(p, cmd))
        .chain(l -> enrollments.of(cmd.programId(), cmd.creatorId()).map(e -> enrolled(l, e, cmd)))
        .chain(this::withPosition)
        .chain(this::withRecoverable);
  }

  /** A refund after settlement: what may still be clawed back per rule. */
  private Uni<Loaded> withRecoverable(Loaded l) {
    if (!clawsBack(l)) {
      return Uni.createFrom().item(l);
    }
    return adjustments
        .recoverable(l.program().programId, l.cmd().creatorId())
        .map(
            r ->
                new Loaded(
                    l.cmd(),
                    l.program(),
                    l.view(),
                    l.enrollment(),
                    l.row(),
                    l.position(),
                    r,
                    l.restoring()));
  }

  /** A negative record on a SETTLED programme takes back reward already paid. */
  private static boolean clawsBack(Loaded l) {
    return l.program().state == ProgramState.SETTLED && l.cmd().gmvMinor() < 0;
  }

  /** The programme accepts records (not DRAFT), in its currency, with a period inside its end. */
  private Loaded admissible(ProgramEntity p, RecordPerformance cmd) {
    if (p.state == ProgramState.DRAFT) {
      throw EnrollmentRules.programNotActive(p.state, "RecordPerformance");
    }
    MoneyAmount.of(
        cmd.gmvMinor(), cmd.gmvCurrency(), Currency.getInstance(p.currencyCode), "attributed_gmv");
    if (cmd.periodGiven()) {
      requireNotStraddling(cmd, p.windowEnd.toInstant(), "window.end_time");
      if (p.endedTime != null) {
        requireNotStraddling(cmd, p.endedTime.toInstant(), "the programme's ended_time");
      }
    }
    return new Loaded(cmd, p, programViews.view(p), null, null, null, null, null);
  }

  private static void requireNotStraddling(RecordPerformance cmd, Instant boundary, String what) {
    if (cmd.periodStart().isBefore(boundary) && cmd.periodEnd().isAfter(boundary)) {
      throw ApiException.invalid("period", "must not straddle " + what + ": split it");
    }
  }

  private static Loaded enrolled(Loaded l, EnrollmentEntity e, RecordPerformance cmd) {
    if (e == null) {
      throw ApiException.notFound(
          EnrollmentRepository.RESOURCE_TYPE, "creators/" + cmd.creatorId());
    }
    return new Loaded(cmd, l.program(), l.view(), e, null, null, null, null);
  }

  private Uni<Loaded> withPosition(Loaded l) {
    return budget
        .lockedPosition(l.program().programId, l.cmd().creatorId())
        .map(
            row ->
                new Loaded(
                    l.cmd(),
                    l.program(),
                    l.view(),
                    l.enrollment(),
                    row,
                    position(l, row),
                    null,
                    l.restoring()));
  }

  private static RewardPosition position(Loaded l, PositionRow row) {
    Currency c = l.currency();
    List<RewardRule> rules = l.view().terms().rewards();
    List<MoneyAmount> milestones =
        new ArrayList<>(RewardPosition.empty(c, Accrual.milestoneCount(rules)).milestoneGranted());
    String[] stored =
        row.milestoneGranted().isEmpty() ? new String[0] : row.milestoneGranted().split(",");
    for (int i = 0; i < stored.length && i < milestones.size(); i++) {
      milestones.set(i, new MoneyAmount(Long.parseLong(stored[i]), c));
    }
    return new RewardPosition(
        new MoneyAmount(row.cumulativeGmv(), c),
        new MoneyAmount(row.bonusGranted(), c),
        new MoneyAmount(row.shareGranted(), c),
        milestones,
        new MoneyAmount(row.netAccrued(), c));
  }

  // ---- decide -------------------------------------------------------------------------------

  private Decided decide(Loaded l) {
    MoneyAmount gmv = new MoneyAmount(l.cmd().gmvMinor(), l.currency());
    MoneyAmount zero = MoneyAmount.zero(l.currency());
    NonAccrualReason reason =
        l.restoring() == null
            ? Accrual.whyNot(situation(l, gmv))
            : Accrual.whyNotReinstated(l.view().terms().monetary());
    if (clawsBack(l)) {
      List<AccrualClaim> claims =
          limitedToRecoverable(
              Accrual.claims(l.view().terms().rewards(), l.position(), gmv), l.recoverable());
      return new Decided(l, gmv, NonAccrualReason.NONE, claims, zero, 0);
    }
    if (reason != NonAccrualReason.NONE) {
      return new Decided(l, gmv, reason, List.of(), zero, 0);
    }
    List<RewardRule> rules = l.view().terms().rewards();
    List<AccrualClaim> claims = Accrual.claims(rules, l.position(), gmv);
    MoneyAmount capRoom = Accrual.capRoom(cap(l), l.position());
    MoneyAmount positive = Accrual.budgetDemand(claims, null, zero);
    long delta =
        gmv.isNegative()
            ? Accrual.requested(claims, zero).amountMinor()
            : Accrual.budgetDemand(claims, capRoom, zero).amountMinor();
    return new Decided(l, gmv, reason, claims, positive, delta);
  }

  /** A refund after settlement takes back no more per rule than is still recoverable. */
  private static List<AccrualClaim> limitedToRecoverable(
      List<AccrualClaim> claims, Map<RewardKind, Long> recoverable) {
    return claims.stream()
        .map(
            c -> {
              long room = Math.max(0, recoverable.getOrDefault(c.kind(), 0L));
              long taken = Math.max(c.requested().amountMinor(), -room);
              return new AccrualClaim(
                  c.kind(), c.milestoneIndexes(), new MoneyAmount(taken, c.requested().currency()));
            })
        .toList();
  }

  private AccrualSituation situation(Loaded l, MoneyAmount gmv) {
    ProgramEntity p = l.program();
    EnrollmentEntity e = l.enrollment();
    return new AccrualSituation(
        p.state,
        ProgramViews.window(p),
        p.endedTime == null ? null : p.endedTime.toInstant(),
        l.view().phase().pausedIntervals(),
        l.view().terms().monetary(),
        e.state,
        e.enrollTime.toInstant(),
        e.stateChangeTime.toInstant(),
        enrollmentViews.inactiveIntervals(e),
        l.cmd().attributionTime(),
        gmv.isNegative());
  }

  private static MoneyAmount cap(Loaded l) {
    Long cap = l.program().budgetCapMinor;
    return cap == null ? null : new MoneyAmount(cap, l.currency());
  }

  // ---- the budget ---------------------------------------------------------------------------

  /**
   * The fast path: the whole delta from (or back to) the creator's home slice, guarded by the
   * slice's allotment in one statement. Otherwise the exact end game over every slice.
   */
  private Uni<Taken> takeBudget(Decided d) {
    String programId = d.loaded().program().programId;
    if (d.budgetDelta() == 0) {
      return budget.remaining(programId).map(r -> taken(d, 0, r));
    }
    int home = BudgetSlices.home(d.loaded().cmd().creatorId(), slices);
    return budget
        .applyToSlice(programId, home, d.budgetDelta())
        .chain(done -> done ? fastPath(d) : endGame(d));
  }

  private Uni<Taken> fastPath(Decided d) {
    return budget.remaining(d.loaded().program().programId).map(r -> taken(d, d.budgetDelta(), r));
  }

  private Uni<Taken> endGame(Decided d) {
    ProgramEntity p = d.loaded().program();
    return budget
        .lockAll(p.programId)
        .map(locked -> BudgetSlices.settle(locked, p.budgetTotalMinor, d.budgetDelta()))
        .call(settled -> writeSlices(p.programId, settled.slices()))
        .map(settled -> taken(d, settled.applied(), settled.remaining()));
  }

  private Uni<Void> writeSlices(String programId, List<BudgetSlice> spread) {
    return Multi.createFrom()
        .iterable(spread)
        .onItem()
        .transformToUniAndConcatenate(s -> budget.setSlice(programId, s))
        .collect()
        .last()
        .replaceWithVoid();
  }

  /** The budget bound when it has nothing left and less than the rules asked for was granted. */
  private static Taken taken(Decided d, long applied, long remainingAfter) {
    boolean bound = remainingAfter == 0 && applied < d.positive().amountMinor();
    return new Taken(d, applied, bound, remainingAfter);
  }

  // ---- allocate -----------------------------------------------------------------------------

  private static Granted allocate(Taken t) {
    Decided d = t.decided();
    Loaded l = d.loaded();
    MoneyAmount fromBudget = new MoneyAmount(Math.max(0, t.applied()), l.currency());
    Accrual.Grant grant = Accrual.allocate(d.claims(), fromBudget, t.budgetBound());
    RewardPosition after =
        d.reason() == NonAccrualReason.NONE
            ? Accrual.after(l.view().terms().rewards(), l.position(), d.gmv(), grant)
            : l.position();
    if (clawsBack(l)) {
      // a clawback is not a reversal: the net accrual (the cap's measure) stays
      after =
          new RewardPosition(
              after.cumulativeGmv(),
              after.bonusGranted(),
              after.shareGranted(),
              after.milestoneGranted(),
              l.position().netAccrued());
    }
    return new Granted(t, grant, after);
  }

  // ---- persist ------------------------------------------------------------------------------

  private Uni<Recorded> persist(CallerIdentity caller, Granted g) {
    Loaded l = g.taken().decided().loaded();
    OffsetDateTime now = StoredTime.now(clock);
    String recordId = ResourceIds.sortable("prf_");
    if (clawsBack(l)) {
      return persistClawback(caller, g, recordId, now);
    }
    List<LedgerEntryEntity> entries = entries(l, g, recordId, now);
    PositionRow row = positionAfter(l, g, entries);
    PerformanceRecordEntity record = record(caller, g, recordId, now);
    return records
        .persist(record)
        .call(ignored -> entries.isEmpty() ? Uni.createFrom().voidItem() : ledger.persist(entries))
        .chain(ignored -> budget.savePosition(l.program().programId, l.cmd().creatorId(), row))
        .map(ignored -> recorded(g, record, entries));
  }

  /**
   * A refund after settlement: the record, then CLAWBACK and RECOVERY entries and the CLAWBACK
   * payout ({@link PayoutAdjustments#clawback}); the balance is what it was (0), the position's
   * rule shares shrink so that a later refund cannot take the same reward back twice.
   */
  private Uni<Recorded> persistClawback(
      CallerIdentity caller, Granted g, String recordId, OffsetDateTime now) {
    Loaded l = g.taken().decided().loaded();
    PerformanceRecordEntity record = record(caller, g, recordId, now);
    PayoutAdjustments.Clawback c =
        new PayoutAdjustments.Clawback(
            caller,
            l.program(),
            l.cmd().creatorId(),
            l.enrollment().state,
            recordId,
            l.cmd().requestId(),
            g.grant().components(),
            l.row(),
            now);
    return records
        .persist(record)
        .chain(ignored -> adjustments.clawback(c))
        .call(
            clawed ->
                budget.savePosition(
                    l.program().programId,
                    l.cmd().creatorId(),
                    clawedPosition(l, g, clawed.entries())))
        .map(clawed -> recorded(g, record, clawed.entries()));
  }

  private static PositionRow clawedPosition(Loaded l, Granted g, List<LedgerEntryEntity> entries) {
    PositionRow before = l.row();
    RewardPosition after = g.after();
    return new PositionRow(
        after.cumulativeGmv().amountMinor(),
        after.bonusGranted().amountMinor(),
        after.shareGranted().amountMinor(),
        after.milestoneGranted().stream()
            .map(m -> Long.toString(m.amountMinor()))
            .collect(Collectors.joining(",")),
        before.netAccrued(),
        before.accrued(),
        before.reversed(),
        before.balance(),
        before.ledgerSequence() + entries.size());
  }

  private static List<LedgerEntryEntity> entries(
      Loaded l, Granted g, String recordId, OffsetDateTime now) {
    List<LedgerEntryEntity> entries = new ArrayList<>();
    long sequence = l.row().ledgerSequence();
    long balance = l.row().balance();
    for (AccrualComponent c : g.grant().components()) {
      if (c.granted().isZero()) {
        continue;
      }
      balance += c.granted().amountMinor();
      LedgerEntryEntity e = new LedgerEntryEntity();
      e.entryId = ResourceIds.sortable("led_");
      e.programId = l.program().programId;
      e.creatorId = l.cmd().creatorId();
      e.sequence = ++sequence;
      e.kind =
          c.granted().isNegative()
              ? LedgerEntryKind.REVERSAL
              : l.restoring() == null ? LedgerEntryKind.ACCRUAL : LedgerEntryKind.REINSTATEMENT;
      e.enforcementActionId = l.restoring() == null ? "" : l.restoring().actionId();
      e.amountMinor = c.granted().amountMinor();
      e.rewardKind = c.kind();
      e.sourceRequestId = l.cmd().requestId();
      e.recordId = recordId;
      e.balanceAfter = balance;
      e.createTime = now;
      entries.add(e);
    }
    return entries;
  }

  private static PositionRow positionAfter(Loaded l, Granted g, List<LedgerEntryEntity> entries) {
    PositionRow before = l.row();
    RewardPosition after = g.after();
    long accrued =
        entries.stream()
            .filter(e -> e.amountMinor > 0 && e.kind != LedgerEntryKind.REINSTATEMENT)
            .mapToLong(e -> e.amountMinor)
            .sum();
    long reinstated = reinstated(entries);
    long reversed =
        -entries.stream().filter(e -> e.amountMinor < 0).mapToLong(e -> e.amountMinor).sum();
    return new PositionRow(
        after.cumulativeGmv().amountMinor(),
        after.bonusGranted().amountMinor(),
        after.shareGranted().amountMinor(),
        after.milestoneGranted().stream()
            .map(m -> Long.toString(m.amountMinor()))
            .collect(Collectors.joining(",")),
        after.netAccrued().amountMinor(),
        before.accrued() + accrued,
        before.reversed() + reversed,
        before.balance() + accrued + reinstated - reversed,
        before.ledgerSequence() + entries.size());
  }

  private static long reinstated(List<LedgerEntryEntity> entries) {
    return entries.stream()
        .filter(e -> e.kind == LedgerEntryKind.REINSTATEMENT)
        .mapToLong(e -> e.amountMinor)
        .sum();
  }

  // ---- reinstatement: withheld records accrued after an overturn or reversal ------------------

  /**
   * Accrues every record of the creator withheld (ENROLLMENT_PAUSED or ENROLLMENT_ENDED) with an
   * attribution time at or after {@code since} — the start of the inactive interval the undone
   * action caused — and not accrued before, oldest attribution first, as REINSTATEMENT ledger
   * entries naming {@code actionId}, with {@code sourceEventId} (the enforcement event) as their
   * source request id. Each goes through the very path of RecordPerformance: the creator's position
   * locked, the rules' claims in {@link Accrual}, the per-creator cap and the budget slices with
   * their guard ({@link BudgetSlices}); a record that finds the budget or the cap exhausted accrues
   * what fits, like any accrual. Runs in the caller's transaction, which must already hold the
   * programme's share lock (lock order: programme → creator position → slices).
   */
  public Uni<Restored> reinstateWithheld(
      ProgramEntity p, String creatorId, Instant since, String actionId, String sourceEventId) {
    ProgramView view = programViews.view(p);
    return records
        .withheldSince(p.programId, creatorId, time(since))
        .chain(
            withheld ->
                Multi.createFrom()
                    .iterable(withheld)
                    .onItem()
                    .transformToUniAndConcatenate(
                        r -> reinstateOne(p, view, r, actionId, sourceEventId))
                    .collect()
                    .asList()
                    .map(
                        granted ->
                            new Restored(
                                granted.size(),
                                granted.stream().mapToLong(Long::longValue).sum())));
  }

  private Uni<Long> reinstateOne(
      ProgramEntity p,
      ProgramView view,
      PerformanceRecordEntity r,
      String actionId,
      String sourceEventId) {
    RecordPerformance cmd =
        new RecordPerformance(
            sourceEventId,
            p.programId,
            r.creatorId,
            r.attributionTime.toInstant(),
            false,
            null,
            null,
            true,
            r.gmvMinor,
            p.currencyCode,
            r.orderCount,
            Duration.ofSeconds(r.liveSeconds, r.liveNanos),
            r.sourceReference);
    Loaded start = new Loaded(cmd, p, view, null, null, null, null, new Restoring(r, actionId));
    return withPosition(start)
        .map(this::decide)
        .chain(this::takeBudget)
        .map(AccrualCommands::allocate)
        .chain(this::persistReinstated);
  }

  /** The entries and the position; the withheld record is marked accrued, otherwise unchanged. */
  private Uni<Long> persistReinstated(Granted g) {
    Loaded l = g.taken().decided().loaded();
    OffsetDateTime now = StoredTime.now(clock);
    PerformanceRecordEntity withheld = l.restoring().record();
    List<LedgerEntryEntity> entries = entries(l, g, withheld.recordId, now);
    PositionRow row = positionAfter(l, g, entries);
    withheld.reinstatedTime = now;
    return (entries.isEmpty() ? Uni.createFrom().voidItem() : ledger.persist(entries))
        .chain(ignored -> budget.savePosition(l.program().programId, l.cmd().creatorId(), row))
        .chain(
            ignored ->
                budget.addReinstated(
                    l.program().programId, l.cmd().creatorId(), reinstated(entries)))
        .map(ignored -> g.grant().granted().amountMinor());
  }

  private PerformanceRecordEntity record(
      CallerIdentity caller, Granted g, String recordId, OffsetDateTime now) {
    Decided d = g.taken().decided();
    RecordPerformance cmd = d.loaded().cmd();
    PerformanceRecordEntity r = new PerformanceRecordEntity();
    r.recordId = recordId;
    r.requestId = cmd.requestId();
    r.programId = d.loaded().program().programId;
    r.creatorId = cmd.creatorId();
    r.attributionTime = time(cmd.attributionTime());
    r.periodStart = time(cmd.periodStart());
    r.periodEnd = time(cmd.periodEnd());
    r.gmvMinor = cmd.gmvMinor();
    r.orderCount = cmd.orderCount();
    r.liveSeconds = cmd.liveDuration().getSeconds();
    r.liveNanos = cmd.liveDuration().getNano();
    r.sourceReference = cmd.sourceReference() == null ? "" : cmd.sourceReference();
    r.requestedMinor = g.grant().requested().amountMinor();
    r.grantedMinor = g.grant().granted().amountMinor();
    r.cappedBy = g.grant().cappedBy();
    r.nonAccrualReason = d.reason();
    r.components = components(g.grant().components());
    r.netAccruedAfter = g.after().netAccrued().amountMinor();
    r.budgetRemainingAfter = g.taken().remainingAfter();
    r.recordTime = now;
    r.created = stamps.stamp(caller, now, "", cmd.requestId());
    return r;
  }

  /**
   * The stored form of the components: one line per rule, {@code
   * kind;indexes;requested;granted;cap}.
   */
  private static String components(List<AccrualComponent> components) {
    return components.stream()
        .map(
            c ->
                String.join(
                    ";",
                    c.kind().name(),
                    c.milestoneIndexes().stream()
                        .map(String::valueOf)
                        .collect(Collectors.joining(",")),
                    Long.toString(c.requested().amountMinor()),
                    Long.toString(c.granted().amountMinor()),
                    c.cappedBy().name()))
        .collect(Collectors.joining("\n"));
  }

  private static Recorded recorded(
      Granted g, PerformanceRecordEntity r, List<LedgerEntryEntity> entries) {
    Currency c = g.taken().decided().loaded().currency();
    RecordPerformance cmd = g.taken().decided().loaded().cmd();
    return new Recorded(
        r.recordId,
        r.requestId,
        r.programId,
        r.creatorId,
        r.attributionTime.toInstant(),
        cmd.periodGiven() ? r.periodStart.toInstant() : null,
        cmd.periodGiven() ? r.periodEnd.toInstant() : null,
        new MoneyAmount(r.gmvMinor, c),
        r.orderCount,
        cmd.liveDuration(),
        r.sourceReference,
        g.grant().requested(),
        g.grant().granted(),
        r.cappedBy,
        r.nonAccrualReason,
        g.grant().components(),
        entries.stream().map(e -> entry(e, c)).toList(),
        g.after().netAccrued(),
        new MoneyAmount(r.budgetRemainingAfter, c),
        r.recordTime.toInstant(),
        r.created);
  }

  static Entry entry(LedgerEntryEntity e, Currency c) {
    return new Entry(
        e.entryId,
        e.sequence,
        e.programId,
        e.creatorId,
        e.kind,
        new MoneyAmount(e.amountMinor, c),
        e.rewardKind,
        e.sourceRequestId,
        e.recordId,
        new MoneyAmount(e.balanceAfter, c),
        e.createTime.toInstant(),
        e.payoutId == null ? "" : e.payoutId,
        e.enforcementActionId == null ? "" : e.enforcementActionId);
  }

  private static OffsetDateTime time(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
