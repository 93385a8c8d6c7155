package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.AccrualComponent;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.LedgerEntryKind;
import io.creatorgov.incentive.domain.PayoutKind;
import io.creatorgov.incentive.domain.PayoutLineKind;
import io.creatorgov.incentive.domain.PayoutState;
import io.creatorgov.incentive.domain.RewardKind;
import io.creatorgov.incentive.domain.SettlementRules;
import io.creatorgov.incentive.domain.TransferState;
import io.creatorgov.incentive.repository.BudgetRepository;
import io.creatorgov.incentive.repository.BudgetRepository.PositionRow;
import io.creatorgov.incentive.repository.LedgerEntryEntity;
import io.creatorgov.incentive.repository.LedgerRepository;
import io.creatorgov.incentive.repository.PayoutEntity;
import io.creatorgov.incentive.repository.PayoutLineEntity;
import io.creatorgov.incentive.repository.PayoutRepository;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.service.PayoutViews.Payout;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.money.MoneyAmount;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changes a settled programme's money afterwards, each inside the caller's transaction (the
 * reactive session the repositories use) and idempotent per triggering event: a refund's CLAWBACK
 * (from RecordPerformance), the release of a HELD_BACK payout when the appeal holding it is decided
 * or withdrawn, and earnings restored by a reinstatement (ADJUSTMENT). The ledger adds up after
 * each: the creator's balance is 0 again. Lock order: programme (share) → creator position →
 * payouts.
 */
@ApplicationScoped
public class PayoutAdjustments {

  /** A refund after settlement: the negative components of the record, booked as CLAWBACK. */
  public record Clawback(
      CallerIdentity actor,
      ProgramEntity program,
      String creatorId,
      EnrollmentState enrollmentState,
      String recordId,
      String requestId,
      List<AccrualComponent> components,
      PositionRow position,
      OffsetDateTime now) {}

  /** The entries a clawback booked, and the CLAWBACK payout (null when nothing was taken back). */
  public record Clawed(List<LedgerEntryEntity> entries, Payout payout) {}

  private final ProgramRepository programs;
  private final BudgetRepository budget;
  private final LedgerRepository ledger;
  private final PayoutRepository payouts;
  private final IncentiveJournal journal;
  private final Clock clock;

  public PayoutAdjustments(
      ProgramRepository programs,
      BudgetRepository budget,
      LedgerRepository ledger,
      PayoutRepository payouts,
      IncentiveJournal journal,
      Clock clock) {
    this.programs = programs;
    this.budget = budget;
    this.ledger = ledger;
    this.payouts = payouts;
    this.journal = journal;
    this.clock = clock;
  }

  // ---- refunds after settlement -------------------------------------------------------------

  /**
   * What may still be clawed back per reward kind: what settlement and later adjustments paid for
   * it, less what earlier clawbacks took (never below zero per rule).
   */
  public Uni<Map<RewardKind, Long>> recoverable(String programId, String creatorId) {
    return ledger.of(programId, creatorId).map(PayoutAdjustments::recoverable);
  }

  private static Map<RewardKind, Long> recoverable(List<LedgerEntryEntity> entries) {
    Map<RewardKind, Long> left = new EnumMap<>(RewardKind.class);
    for (LedgerEntryEntity e : entries) {
      if (e.rewardKind == null) {
        continue;
      }
      if (e.kind == LedgerEntryKind.PAYOUT || e.kind == LedgerEntryKind.CLAWBACK) {
        left.merge(e.rewardKind, -e.amountMinor, Long::sum);
      }
    }
    return left;
  }

  /**
   * Books a refund after settlement: one CLAWBACK entry per rule taken back, then the RECOVERY
   * entry that hands the total to a CLAWBACK payout (PAYABLE, announced), so the balance is 0
   * again. The payout is the refund record's: one per record (payout_one_per_trigger).
   */
  public Uni<Clawed> clawback(Clawback c) {
    List<LedgerEntryEntity> entries = new ArrayList<>();
    long sequence = c.position().ledgerSequence();
    long balance = c.position().balance();
    for (AccrualComponent comp : c.components()) {
      if (comp.granted().isZero()) {
        continue;
      }
      balance += comp.granted().amountMinor();
      LedgerEntryEntity e =
          entry(c.program().programId, c.creatorId(), ++sequence, LedgerEntryKind.CLAWBACK);
      e.amountMinor = comp.granted().amountMinor();
      e.rewardKind = comp.kind();
      e.sourceRequestId = c.requestId();
      e.recordId = c.recordId();
      e.balanceAfter = balance;
      e.createTime = c.now();
      entries.add(e);
    }
    long total = -entries.stream().mapToLong(e -> e.amountMinor).sum();
    if (total == 0) {
      return Uni.createFrom().item(new Clawed(entries, null));
    }
    long recoverySequence = sequence + 1;
    long balanceBefore = balance;
    return payouts
        .settlementOf(c.program().programId, c.creatorId())
        .chain(sp -> bookClawback(c, sp, entries, total, recoverySequence, balanceBefore));
  }

  private Uni<Clawed> bookClawback(
      Clawback c,
      PayoutEntity settlement,
      List<LedgerEntryEntity> clawed,
      long total,
      long sequence,
      long balance) {
    PayoutEntity p = newPayout(settlement, PayoutKind.CLAWBACK, total, c.recordId(), c.now());
    p.enrollmentState = c.enrollmentState();
    p.explanation =
        "Refund after settlement (record "
            + c.recordId()
            + "): "
            + new MoneyAmount(total, currency(c.program())).format()
            + " to recover";
    LedgerEntryEntity recovery =
        entry(c.program().programId, c.creatorId(), sequence, LedgerEntryKind.RECOVERY);
    recovery.amountMinor = total;
    recovery.sourceRequestId = c.requestId();
    recovery.recordId = c.recordId();
    recovery.payoutId = p.payoutId;
    recovery.balanceAfter = balance + total;
    recovery.createTime = c.now();
    List<LedgerEntryEntity> all = new ArrayList<>(clawed);
    all.add(recovery);
    PayoutLineEntity line =
        line(p.payoutId, PayoutLineKind.CLAWBACK, total, all.stream().map(e -> e.entryId).toList());
    return payouts
        .persist(p)
        .call(ignored -> payouts.persistLines(List.of(line)))
        .call(ignored -> ledger.persist(all))
        .map(ignored -> PayoutViews.payout(p, List.of(line), currency(c.program())))
        .call(view -> journal.payoutProduced(c.actor(), view))
        .map(view -> new Clawed(all, view));
  }

  // ---- earnings restored after settlement ----------------------------------------------------

  /**
   * Earnings restored after settlement by a reinstatement (an enforcement action overturned or
   * reversed): ledger ADJUSTMENT then PAYOUT, and an ADJUSTMENT payout (PAYABLE, announced) for
   * {@code amountMinor} that corrects the creator's SETTLEMENT payout. Runs in the caller's
   * transaction; once per {@code eventId} (a redelivered event returns the payout it produced).
   * Nothing happens (null) when the programme is not SETTLED, the creator has no settlement payout
   * or the amount is not positive.
   *
   * @param eventId the triggering enforcement event's id (the idempotency key)
   * @param enforcementActionId the overturned or reversed action
   */
  public Uni<Payout> restoredAfterSettlement(
      CallerIdentity actor,
      String eventId,
      String programId,
      String creatorId,
      long amountMinor,
      String enforcementActionId) {
    return restored(actor, eventId, programId, creatorId, amountMinor, enforcementActionId, false);
  }

  /**
   * As {@link #restoredAfterSettlement}, for earnings already on the ledger: the feed consumer's
   * reinstatement booked the withheld records as REINSTATEMENT entries (the balance grew by {@code
   * amountMinor}), so only the PAYOUT entry that moves them into the ADJUSTMENT payout is booked,
   * and the balance is 0 again.
   */
  public Uni<Payout> payReinstatedAfterSettlement(
      CallerIdentity actor,
      String eventId,
      String programId,
      String creatorId,
      long amountMinor,
      String enforcementActionId) {
    return restored(actor, eventId, programId, creatorId, amountMinor, enforcementActionId, true);
  }

  private Uni<Payout> restored(
      CallerIdentity actor,
      String eventId,
      String programId,
      String creatorId,
      long amountMinor,
      String enforcementActionId,
      boolean alreadyAccrued) {
    if (amountMinor <= 0) {
      return Uni.createFrom().nullItem();
    }
    Restored r =
        new Restored(actor, eventId, creatorId, amountMinor, enforcementActionId, alreadyAccrued);
    return programs
        .shared(programId)
        .chain(
            program ->
                program == null || program.settlementId.isEmpty()
                    ? Uni.createFrom().<Payout>nullItem()
                    : restoreFor(r, program));
  }

  /** What a restoration after settlement asks for. */
  private record Restored(
      CallerIdentity actor,
      String eventId,
      String creatorId,
      long amountMinor,
      String actionId,
      boolean alreadyAccrued) {}

  private Uni<Payout> restoreFor(Restored r, ProgramEntity program) {
    return payouts
        .triggeredBy(program.programId, r.creatorId(), PayoutKind.ADJUSTMENT, r.eventId())
        .chain(done -> done != null ? view(done, program) : adjustAfterLock(r, program));
  }

  private Uni<Payout> adjustAfterLock(Restored r, ProgramEntity program) {
    CallerIdentity actor = r.actor();
    String eventId = r.eventId();
    String creatorId = r.creatorId();
    long amountMinor = r.amountMinor();
    String actionId = r.actionId();
    return budget
        .lockedPosition(program.programId, creatorId)
        .chain(
            position ->
                payouts
                    .settlementOf(program.programId, creatorId)
                    .chain(
                        sp ->
                            sp == null
                                ? Uni.createFrom().<Payout>nullItem()
                                : adjust(
                                    new Adjustment(
                                        actor,
                                        eventId,
                                        program,
                                        sp,
                                        position,
                                        amountMinor,
                                        actionId,
                                        r.alreadyAccrued()))));
  }

  /** What an ADJUSTMENT payout is made of. */
  private record Adjustment(
      CallerIdentity actor,
      String eventId,
      ProgramEntity program,
      PayoutEntity settlement,
      PositionRow position,
      long amountMinor,
      String actionId,
      boolean alreadyAccrued) {}

  private Uni<Payout> adjust(Adjustment a) {
    OffsetDateTime now = StoredTime.now(clock);
    ProgramEntity program = a.program();
    String creatorId = a.settlement().creatorId;
    PayoutEntity p =
        newPayout(a.settlement(), PayoutKind.ADJUSTMENT, a.amountMinor(), a.eventId(), now);
    p.enforcementActionId = a.actionId();
    p.explanation =
        "Restored after enforcement action "
            + a.actionId()
            + " was overturned or reversed: "
            + new MoneyAmount(a.amountMinor(), currency(program)).format();
    long sequence = a.position().ledgerSequence();
    // Already accrued (REINSTATEMENT entries): the balance holds the amount; else an ADJUSTMENT
    // entry owes it first. Either way the PAYOUT entry leaves the balance where it was before.
    long balance = a.position().balance() - (a.alreadyAccrued() ? a.amountMinor() : 0);
    List<LedgerEntryEntity> booked = new ArrayList<>();
    if (!a.alreadyAccrued()) {
      LedgerEntryEntity adjusted =
          entry(program.programId, creatorId, ++sequence, LedgerEntryKind.ADJUSTMENT);
      adjusted.amountMinor = a.amountMinor();
      adjusted.balanceAfter = balance + a.amountMinor();
      booked.add(adjusted);
    }
    LedgerEntryEntity paid =
        entry(program.programId, creatorId, ++sequence, LedgerEntryKind.PAYOUT);
    paid.amountMinor = -a.amountMinor();
    paid.balanceAfter = balance;
    booked.add(paid);
    for (LedgerEntryEntity e : booked) {
      e.sourceRequestId = a.eventId();
      e.payoutId = p.payoutId;
      e.enforcementActionId = a.actionId();
      e.createTime = now;
    }
    PayoutLineEntity line =
        line(
            p.payoutId,
            PayoutLineKind.ADJUSTMENT,
            a.amountMinor(),
            booked.stream().map(e -> e.entryId).toList());
    long last = sequence;
    return payouts
        .persist(p)
        .call(ignored -> payouts.persistLines(List.of(line)))
        .call(ignored -> ledger.persist(booked))
        .call(ignored -> budget.setBalance(program.programId, creatorId, balance, last))
        .map(ignored -> PayoutViews.payout(p, List.of(line), currency(program)))
        .call(view -> journal.payoutProduced(a.actor(), view));
  }

  // ---- held-back payouts released ------------------------------------------------------------

  /**
   * An appeal that held payouts back was decided or withdrawn: each HELD_BACK payout held for it
   * records the appeal as released; when every appeal it was held for is released it becomes
   * PAYABLE (NOTHING_DUE when its amount is 0), announced PAYOUT_PAYABLE. When the appeal
   * overturned {@code enforcementActionId} and that action's lapses had reduced the payout, the
   * difference is paid by an ADJUSTMENT payout ({@link #restoredAfterSettlement}). Runs in the
   * caller's transaction; a redelivered event changes nothing (the appeal is already released).
   *
   * @param eventId the triggering enforcement event's id
   * @param overturned the appeal overturned (or modified) the action; false for upheld/withdrawn
   * @param enforcementActionId the appealed action (used only when {@code overturned})
   * @return the payouts that changed, and any ADJUSTMENT payouts produced
   */
  public Uni<List<Payout>> releaseHeldBack(
      CallerIdentity actor,
      String eventId,
      String appealId,
      boolean overturned,
      String enforcementActionId) {
    Release r = new Release(actor, eventId, appealId, overturned, enforcementActionId);
    return payouts
        .heldFor(appealId)
        .chain(
            held ->
                Multi.createFrom()
                    .iterable(held)
                    .onItem()
                    .transformToUniAndConcatenate(p -> release(r, p))
                    .collect()
                    .asList())
        .map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  /** What releasing needs. */
  private record Release(
      CallerIdentity actor, String eventId, String appealId, boolean overturned, String actionId) {}

  /** Lock order: programme (share) → creator position → the payout, re-read under its lock. */
  private Uni<List<Payout>> release(Release r, PayoutEntity held) {
    return programs
        .shared(held.programId)
        .call(ignored -> budget.lockedPosition(held.programId, held.creatorId))
        .call(ignored -> payouts.relock(held))
        .chain(program -> releaseLocked(r, program, held));
  }

  private Uni<List<Payout>> releaseLocked(Release r, ProgramEntity program, PayoutEntity p) {
    List<String> released = new ArrayList<>(PayoutViews.ids(p.releasedAppeals));
    if (p.state != PayoutState.HELD_BACK || released.contains(r.appealId())) {
      return Uni.createFrom().item(List.of());
    }
    released.add(r.appealId());
    p.releasedAppeals = PayoutViews.joined(released);
    boolean free = released.containsAll(PayoutViews.ids(p.heldBackForAppeals));
    OffsetDateTime now = StoredTime.now(clock);
    p.updateTime = now;
    if (free) {
      p.state = p.amountMinor > 0 ? PayoutState.PAYABLE : PayoutState.NOTHING_DUE;
      p.transferState = p.amountMinor > 0 ? TransferState.PENDING : null;
    }
    return payouts
        .flush()
        .chain(ignored -> view(p, program))
        .call(view -> free ? journal.payoutProduced(r.actor(), view) : Uni.createFrom().voidItem())
        .chain(view -> withAdjustment(r, program, view));
  }

  private Uni<List<Payout>> withAdjustment(Release r, ProgramEntity program, Payout released) {
    long raised = r.overturned() ? raisedByOverturn(program, released, r.actionId()) : 0;
    if (raised <= 0) {
      return Uni.createFrom().item(List.of(released));
    }
    Restored restored =
        new Restored(r.actor(), r.eventId(), released.creatorId(), raised, r.actionId(), false);
    return restoreFor(restored, program)
        .map(adjustment -> adjustment == null ? List.of(released) : List.of(released, adjustment));
  }

  /** How much more the settlement pays once the overturned action's lapses no longer count. */
  private static long raisedByOverturn(ProgramEntity program, Payout v, String actionId) {
    if (v.rule() == null || v.participationStart() == null) {
      return 0;
    }
    Map<RewardKind, MoneyAmount> balances = new LinkedHashMap<>();
    for (PayoutViews.Line l : v.lines()) {
      balances.put(RewardKind.valueOf(l.kind().name()), l.amount().plus(l.forfeited()));
    }
    return SettlementRules.raisedByOverturn(
        program.suspensionRule,
        balances,
        new SettlementRules.Participation(v.participationStart(), v.participationEnd()),
        v.lapses(),
        actionId,
        v.amount().amountMinor());
  }

  // ---- shared -------------------------------------------------------------------------------

  private PayoutEntity newPayout(
      PayoutEntity settlement, PayoutKind kind, long amount, String trigger, OffsetDateTime now) {
    PayoutEntity p = new PayoutEntity();
    p.payoutId = ResourceIds.sortable("pay_");
    p.settlementId = settlement.settlementId;
    p.programId = settlement.programId;
    p.creatorId = settlement.creatorId;
    p.enrollmentId = settlement.enrollmentId;
    p.market = settlement.market;
    p.kind = kind;
    p.state = PayoutState.PAYABLE;
    p.amountMinor = amount;
    p.enrollmentState = settlement.enrollmentState;
    p.standingLapses = "";
    p.heldBackForAppeals = "";
    p.releasedAppeals = "";
    p.adjustsPayoutId = settlement.payoutId;
    p.enforcementActionId = "";
    p.triggerId = trigger;
    p.transferState = TransferState.PENDING;
    p.transferReference = "";
    p.failureReason = "";
    p.explanation = "";
    p.createTime = now;
    p.updateTime = now;
    return p;
  }

  private static LedgerEntryEntity entry(
      String programId, String creatorId, long sequence, LedgerEntryKind kind) {
    LedgerEntryEntity e = new LedgerEntryEntity();
    e.entryId = ResourceIds.sortable("led_");
    e.programId = programId;
    e.creatorId = creatorId;
    e.sequence = sequence;
    e.kind = kind;
    e.recordId = "";
    return e;
  }

  private static PayoutLineEntity line(
      String payoutId, PayoutLineKind kind, long amount, List<String> ledgerEntryIds) {
    PayoutLineEntity l = new PayoutLineEntity();
    l.lineId = payoutId + "-1";
    l.payoutId = payoutId;
    l.lineNo = 1;
    l.kind = kind;
    l.amountMinor = amount;
    l.forfeitedMinor = 0;
    l.ledgerEntryIds = PayoutViews.joined(ledgerEntryIds);
    return l;
  }

  private Uni<Payout> view(PayoutEntity p, ProgramEntity program) {
    return payouts
        .linesOf(List.of(p.payoutId))
        .map(lines -> PayoutViews.payout(p, lines, currency(program)));
  }

  private static Currency currency(ProgramEntity p) {
    return Currency.getInstance(p.currencyCode);
  }
}
