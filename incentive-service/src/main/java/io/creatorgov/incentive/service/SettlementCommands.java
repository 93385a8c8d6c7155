package io.creatorgov.incentive.service;

import io.creatorgov.incentive.client.CreatorServiceClient;
import io.creatorgov.incentive.client.EnforcementServiceClient;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.EnrollmentStateReason;
import io.creatorgov.incentive.domain.LedgerEntryKind;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.domain.PayoutKind;
import io.creatorgov.incentive.domain.PayoutRule;
import io.creatorgov.incentive.domain.PayoutState;
import io.creatorgov.incentive.domain.ProgramLifecycle;
import io.creatorgov.incentive.domain.ProgramLifecycle.Move;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.domain.RewardKind;
import io.creatorgov.incentive.domain.RewardRule;
import io.creatorgov.incentive.domain.SettlementRules;
import io.creatorgov.incentive.domain.SettlementRules.Outcome;
import io.creatorgov.incentive.domain.SettlementRules.Participation;
import io.creatorgov.incentive.domain.StatusChange;
import io.creatorgov.incentive.domain.TransferState;
import io.creatorgov.incentive.repository.BudgetRepository;
import io.creatorgov.incentive.repository.EnrollmentEntity;
import io.creatorgov.incentive.repository.EnrollmentRepository;
import io.creatorgov.incentive.repository.LedgerEntryEntity;
import io.creatorgov.incentive.repository.LedgerRepository;
import io.creatorgov.incentive.repository.PayoutEntity;
import io.creatorgov.incentive.repository.PayoutLineEntity;
import io.creatorgov.incentive.repository.PayoutRepository;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.repository.SettlementEntity;
import io.creatorgov.incentive.repository.SettlementRepository;
import io.creatorgov.incentive.service.PayoutViews.Payout;
import io.creatorgov.incentive.service.PayoutViews.Settled;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.money.MoneyAmount;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * SettleProgram, exactly once per programme. First, with no transaction open, each enrolled
 * creator's status history (creator-service) and open appeals (enforcement-service) are read; an
 * unreachable peer fails the call with nothing settled. Then one transaction locks the programme
 * (FOR UPDATE: accruals in flight finish first, later ones wait), and its enrolments, decides each
 * creator's payout ({@link SettlementRules}), books FORFEIT and PAYOUT ledger entries, writes the
 * settlement and its payouts, completes the enrolments and settles the programme, announcing every
 * change on the feed. A programme already SETTLED answers its settlement unchanged. Lock order:
 * idempotency key → programme → enrolments → creator positions.
 */
@ApplicationScoped
public class SettlementCommands {

  /** SettleProgram's input. */
  public record Settle(String requestId, String programId, String etag) {}

  /** What the peers said, read before the transaction (empty maps when already settled). */
  record Standing(
      Instant readAt,
      Map<String, List<StatusChange>> histories,
      Map<String, List<String>> appeals) {}

  /** What the peer reads need: the programme's market and its enrolled creators. */
  private record Target(String market, boolean settled, List<String> creatorIds) {}

  private record CreatorRead(String creatorId, List<StatusChange> history, List<String> appeals) {}

  /** Loaded under lock. */
  private record Loaded(
      ProgramEntity program,
      ProgramView view,
      List<EnrollmentEntity> enrollments,
      Map<String, List<LedgerEntryEntity>> entries) {
    Currency currency() {
      return Currency.getInstance(program.currencyCode);
    }
  }

  /** One creator's decided settlement. */
  private record CreatorPlan(
      EnrollmentEntity enrollment,
      Outcome outcome,
      List<LedgerEntryEntity> entries,
      List<String> appeals) {}

  /** The decision for the whole programme. */
  private record Plan(
      CallerIdentity caller,
      Settle cmd,
      Loaded loaded,
      Standing standing,
      List<CreatorPlan> creators) {}

  /** The settlement row written, with the plan it came from. */
  private record Written(Plan plan, SettlementEntity settlement, OffsetDateTime now) {}

  private final ProgramRepository programs;
  private final EnrollmentRepository enrollments;
  private final LedgerRepository ledger;
  private final BudgetRepository budget;
  private final SettlementRepository settlements;
  private final PayoutRepository payouts;
  private final ProgramViews programViews;
  private final EnrollmentViews enrollmentViews;
  private final EnrollmentForms enrollmentForms;
  private final ProgramForms stamps;
  private final IncentiveJournal journal;
  private final CreatorServiceClient creators;
  private final EnforcementServiceClient enforcement;
  private final Clock clock;

  public SettlementCommands(
      ProgramRepository programs,
      EnrollmentRepository enrollments,
      LedgerRepository ledger,
      BudgetRepository budget,
      SettlementRepository settlements,
      PayoutRepository payouts,
      ProgramViews programViews,
      EnrollmentViews enrollmentViews,
      EnrollmentForms enrollmentForms,
      ProgramForms stamps,
      IncentiveJournal journal,
      CreatorServiceClient creators,
      EnforcementServiceClient enforcement,
      Clock clock) {
    this.programs = programs;
    this.enrollments = enrollments;
    this.ledger = ledger;
    this.budget = budget;
    this.settlements = settlements;
    this.payouts = payouts;
    this.programViews = programViews;
    this.enrollmentViews = enrollmentViews;
    this.enrollmentForms = enrollmentForms;
    this.stamps = stamps;
    this.journal = journal;
    this.creators = creators;
    this.enforcement = enforcement;
    this.clock = clock;
  }

  public <R> Uni<R> settle(CallerIdentity caller, Settle cmd, Reply<Settled, R> reply) {
    return Reply.onceAfter(
        "SettleProgram",
        caller,
        cmd.requestId(),
        reply,
        () -> readStanding(caller, cmd),
        standing -> settleLocked(caller, cmd, standing));
  }

  // ---- 1. the peers, no transaction open -----------------------------------------------------

  private Uni<Standing> readStanding(CallerIdentity caller, Settle cmd) {
    return Panache.withSession(() -> target(caller, cmd)).chain(this::readPeers);
  }

  private Uni<Target> target(CallerIdentity caller, Settle cmd) {
    return programs
        .readableBy(caller, cmd.programId(), false)
        .chain(p -> p.state == ProgramState.SETTLED ? settledTarget(p) : enrolledTarget(p));
  }

  private static Uni<Target> settledTarget(ProgramEntity p) {
    return Uni.createFrom().item(new Target(p.market, true, List.of()));
  }

  private Uni<Target> enrolledTarget(ProgramEntity p) {
    requireSettleable(p);
    return enrollments
        .ofProgram(p.programId, false)
        .map(es -> new Target(p.market, false, es.stream().map(e -> e.creatorId).toList()));
  }

  private Uni<Standing> readPeers(Target t) {
    return Multi.createFrom()
        .iterable(t.creatorIds())
        .onItem()
        .transformToUniAndConcatenate(creatorId -> readCreator(creatorId, t.market()))
        .collect()
        .asList()
        .map(this::standing);
  }

  private Uni<CreatorRead> readCreator(String creatorId, String market) {
    return CallerContext.resumeOn(creators.statusHistory(creatorId))
        .onFailure(SettlementCommands::unreachable)
        .transform(f -> PeerFailures.unavailable(CreatorServiceClient.PEER, Map.of()))
        .chain(history -> openAppeals(creatorId, market, history));
  }

  private Uni<CreatorRead> openAppeals(
      String creatorId, String market, List<StatusChange> history) {
    return CallerContext.resumeOn(enforcement.openAppeals(creatorId, market))
        .onFailure(SettlementCommands::unreachable)
        .transform(f -> PeerFailures.unavailable(EnforcementServiceClient.PEER, Map.of()))
        .map(appeals -> new CreatorRead(creatorId, history, appeals));
  }

  private Standing standing(List<CreatorRead> reads) {
    Map<String, List<StatusChange>> histories = new HashMap<>();
    Map<String, List<String>> appeals = new HashMap<>();
    reads.forEach(r -> histories.put(r.creatorId(), r.history()));
    reads.forEach(r -> appeals.put(r.creatorId(), r.appeals()));
    return new Standing(clock.instant(), histories, appeals);
  }

  /** A peer down, overloaded or refused by its open circuit: nothing it said can be used. */
  private static boolean unreachable(Throwable t) {
    return t instanceof PeerFailures.TransientFailure || t instanceof CircuitBreakerOpenException;
  }

  /** Only an ENDED programme settles (SETTLED answers its settlement before this is asked). */
  private static void requireSettleable(ProgramEntity p) {
    if (p.state != ProgramState.ENDED && p.state != ProgramState.SETTLED) {
      throw ApiException.illegalTransition(p.state.name(), ProgramState.SETTLED.name());
    }
  }

  // ---- 2. the transaction ---------------------------------------------------------------------

  private Uni<Settled> settleLocked(CallerIdentity caller, Settle cmd, Standing standing) {
    return programs
        .lockedFor(caller, cmd.programId())
        .chain(
            p ->
                p.state == ProgramState.SETTLED
                    ? existing(p)
                    : settleNow(caller, cmd, standing, p));
  }

  /** The one settlement, as it was stored, with the programme as it is. */
  private Uni<Settled> existing(ProgramEntity p) {
    return settlements
        .ofProgram(p.programId)
        .map(
            s ->
                new Settled(
                    PayoutViews.settlement(s, Currency.getInstance(p.currencyCode)),
                    programViews.view(p)));
  }

  private Uni<Settled> settleNow(
      CallerIdentity caller, Settle cmd, Standing standing, ProgramEntity p) {
    requireSettleable(p);
    ApiException.requireEtag(cmd.etag(), ProgramViews.etag(p));
    return load(p)
        .map(loaded -> decide(caller, cmd, loaded, standing))
        .chain(this::writeSettlement)
        .chain(this::writePayouts)
        .onFailure(SettlementCommands::isSettlementClash)
        .transform(f -> concurrentSettlement());
  }

  private Uni<Loaded> load(ProgramEntity p) {
    ProgramView view = programViews.view(p);
    return enrollments
        .ofProgram(p.programId, true)
        .chain(es -> ledger.ofProgram(p.programId).map(entries -> loaded(p, view, es, entries)));
  }

  private static Loaded loaded(
      ProgramEntity p,
      ProgramView view,
      List<EnrollmentEntity> es,
      List<LedgerEntryEntity> entries) {
    Map<String, List<LedgerEntryEntity>> byCreator =
        entries.stream().collect(Collectors.groupingBy(e -> e.creatorId));
    return new Loaded(p, view, es, byCreator);
  }

  // ---- decide -------------------------------------------------------------------------------

  private Plan decide(CallerIdentity caller, Settle cmd, Loaded l, Standing standing) {
    List<CreatorPlan> plans = new ArrayList<>();
    for (EnrollmentEntity e : l.enrollments()) {
      List<LedgerEntryEntity> entries = l.entries().getOrDefault(e.creatorId, List.of());
      List<String> appeals = standing.appeals().getOrDefault(e.creatorId, List.of());
      Participation participation =
          SettlementRules.participation(
              l.program().windowStart.toInstant(),
              e.enrollTime.toInstant(),
              l.program().endedTime.toInstant(),
              e.state,
              e.stateChangeTime.toInstant());
      Outcome outcome =
          SettlementRules.settle(
              l.program().suspensionRule,
              balances(l, entries),
              participation,
              SettlementRules.lapses(
                  standing.histories().getOrDefault(e.creatorId, List.of()), participation),
              !appeals.isEmpty());
      plans.add(new CreatorPlan(e, outcome, entries, appeals));
    }
    return new Plan(caller, cmd, l, standing, plans);
  }

  /** The creator's balance per monetary reward kind, in the programme's rule order. */
  private static Map<RewardKind, MoneyAmount> balances(Loaded l, List<LedgerEntryEntity> entries) {
    Map<RewardKind, MoneyAmount> balances = new LinkedHashMap<>();
    for (RewardRule rule : l.view().terms().rewards()) {
      if (!rule.kind().monetary()) {
        continue;
      }
      long sum =
          entries.stream()
              .filter(e -> e.rewardKind == rule.kind())
              .mapToLong(e -> e.amountMinor)
              .sum();
      balances.put(rule.kind(), new MoneyAmount(sum, l.currency()));
    }
    return balances;
  }

  // ---- persist ------------------------------------------------------------------------------

  private Uni<Written> writeSettlement(Plan plan) {
    OffsetDateTime now = StoredTime.now(clock);
    List<Outcome> outcomes = plan.creators().stream().map(CreatorPlan::outcome).toList();
    SettlementEntity s = new SettlementEntity();
    s.settlementId = ResourceIds.sortable("stl_");
    s.programId = plan.loaded().program().programId;
    s.requestId = plan.cmd().requestId();
    s.suspensionRule = plan.loaded().program().suspensionRule;
    s.payoutCount = outcomes.size();
    s.fullCount = count(outcomes, PayoutRule.FULL);
    s.proRatedCount = count(outcomes, PayoutRule.PRO_RATED);
    s.forfeitedCount = count(outcomes, PayoutRule.FORFEITED);
    s.heldBackCount =
        (int) outcomes.stream().filter(o -> o.state() == PayoutState.HELD_BACK).count();
    s.totalBalanceMinor = outcomes.stream().mapToLong(Outcome::balance).sum();
    s.totalPaidMinor = outcomes.stream().mapToLong(Outcome::amount).sum();
    s.totalForfeitedMinor = outcomes.stream().mapToLong(Outcome::forfeited).sum();
    s.standingReadTime = time(plan.standing().readAt());
    s.settleTime = now;
    s.created = stamps.stamp(plan.caller(), now, "", plan.cmd().requestId());
    return settlements.persist(s).map(ignored -> new Written(plan, s, now));
  }

  private static int count(List<Outcome> outcomes, PayoutRule rule) {
    return (int) outcomes.stream().filter(o -> o.rule() == rule).count();
  }

  private Uni<Settled> writePayouts(Written w) {
    return Multi.createFrom()
        .iterable(w.plan().creators())
        .onItem()
        .transformToUniAndConcatenate(cp -> writePayout(w, cp))
        .collect()
        .asList()
        .chain(written -> settleProgram(w, written));
  }

  /** One creator: payout and lines, FORFEIT and PAYOUT entries, balance 0, enrolment COMPLETED. */
  private Uni<Payout> writePayout(Written w, CreatorPlan cp) {
    Loaded l = w.plan().loaded();
    EnrollmentEntity e = cp.enrollment();
    PayoutEntity payout = settlementPayout(w, cp);
    long sequence = cp.entries().stream().mapToLong(x -> x.sequence).max().orElse(0);
    List<LedgerEntryEntity> booked = new ArrayList<>();
    List<PayoutLineEntity> lines = new ArrayList<>();
    long balance = cp.outcome().balance();
    for (SettlementRules.Line line : cp.outcome().lines()) {
      List<String> ids = new ArrayList<>();
      cp.entries().stream()
          .filter(x -> x.rewardKind == line.rewardKind())
          .forEach(x -> ids.add(x.entryId));
      if (line.forfeited() > 0) {
        balance -= line.forfeited();
        LedgerEntryEntity f =
            entry(w, e, ++sequence, LedgerEntryKind.FORFEIT, -line.forfeited(), balance);
        f.rewardKind = line.rewardKind();
        f.payoutId = payout.payoutId;
        booked.add(f);
        ids.add(f.entryId);
      }
      if (line.amount() > 0) {
        balance -= line.amount();
        LedgerEntryEntity pe =
            entry(w, e, ++sequence, LedgerEntryKind.PAYOUT, -line.amount(), balance);
        pe.rewardKind = line.rewardKind();
        pe.payoutId = payout.payoutId;
        booked.add(pe);
        ids.add(pe.entryId);
      }
      lines.add(line(payout.payoutId, lines.size() + 1, line, ids));
    }
    long last = sequence;
    return payouts
        .persist(payout)
        .call(
            ignored -> lines.isEmpty() ? Uni.createFrom().voidItem() : payouts.persistLines(lines))
        .call(ignored -> booked.isEmpty() ? Uni.createFrom().voidItem() : ledger.persist(booked))
        .call(ignored -> budget.lockedPosition(l.program().programId, e.creatorId))
        .call(ignored -> budget.setBalance(l.program().programId, e.creatorId, 0, last))
        .call(ignored -> complete(w, e))
        .map(ignored -> PayoutViews.payout(payout, lines, l.currency()));
  }

  private PayoutEntity settlementPayout(Written w, CreatorPlan cp) {
    Outcome o = cp.outcome();
    EnrollmentEntity e = cp.enrollment();
    PayoutEntity p = new PayoutEntity();
    p.payoutId = ResourceIds.sortable("pay_");
    p.settlementId = w.settlement().settlementId;
    p.programId = e.programId;
    p.creatorId = e.creatorId;
    p.enrollmentId = e.enrollmentId;
    p.market = e.market;
    p.kind = PayoutKind.SETTLEMENT;
    p.state = o.state();
    p.ruleApplied = o.rule();
    p.amountMinor = o.amount();
    p.balanceBeforeMinor = o.balance();
    p.forfeitedMinor = o.forfeited();
    p.enrollmentState = completes(e.state) ? EnrollmentState.COMPLETED : e.state;
    p.participationStart = time(o.participation().start());
    p.participationEnd = time(o.participation().end());
    p.participationSeconds = o.participation().length().getSeconds();
    p.goodStandingSeconds = o.goodStanding().getSeconds();
    p.standingLapses = PayoutViews.lapses(o.lapses());
    p.explanation = o.explanation();
    p.heldBackForAppeals =
        o.state() == PayoutState.HELD_BACK ? PayoutViews.joined(cp.appeals()) : "";
    p.releasedAppeals = "";
    p.adjustsPayoutId = "";
    p.enforcementActionId = "";
    p.triggerId = "";
    p.transferState = o.state() == PayoutState.PAYABLE ? TransferState.PENDING : null;
    p.transferReference = "";
    p.failureReason = "";
    p.createTime = w.now();
    p.updateTime = w.now();
    return p;
  }

  static PayoutLineEntity line(
      String payoutId, int no, SettlementRules.Line line, List<String> ledgerEntryIds) {
    PayoutLineEntity l = new PayoutLineEntity();
    l.lineId = payoutId + "-" + no;
    l.payoutId = payoutId;
    l.lineNo = no;
    l.kind = line.kind();
    l.amountMinor = line.amount();
    l.forfeitedMinor = line.forfeited();
    l.ledgerEntryIds = PayoutViews.joined(ledgerEntryIds);
    return l;
  }

  private static LedgerEntryEntity entry(
      Written w, EnrollmentEntity e, long sequence, LedgerEntryKind kind, long amount, long after) {
    LedgerEntryEntity x = new LedgerEntryEntity();
    x.entryId = ResourceIds.sortable("led_");
    x.programId = e.programId;
    x.creatorId = e.creatorId;
    x.sequence = sequence;
    x.kind = kind;
    x.amountMinor = amount;
    x.sourceRequestId = w.plan().cmd().requestId();
    x.recordId = "";
    x.balanceAfter = after;
    x.createTime = w.now();
    return x;
  }

  static OffsetDateTime time(Instant i) {
    return i.atOffset(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private static boolean completes(EnrollmentState s) {
    return s == EnrollmentState.ENROLLED || s == EnrollmentState.PAUSED;
  }

  /** ENROLLED and PAUSED enrolments end COMPLETED (an open pause closes now), announced. */
  private Uni<Void> complete(Written w, EnrollmentEntity e) {
    if (!completes(e.state)) {
      return Uni.createFrom().voidItem();
    }
    Instant now = w.now().toInstant();
    List<PausedInterval> closed =
        enrollmentViews.inactiveIntervals(e).stream()
            .map(i -> i.open() ? i.closedAt(now) : i)
            .toList();
    e.inactiveIntervals = enrollmentForms.intervals(closed);
    e.state = EnrollmentState.COMPLETED;
    e.stateReason = EnrollmentStateReason.PROGRAM_SETTLED;
    e.stateMessage = "";
    e.stateChangeTime = w.now();
    e.lastUpdated = stamps.stamp(w.plan().caller(), w.now(), "", w.plan().cmd().requestId());
    e.updateTime = w.now();
    return enrollments
        .flush()
        .chain(() -> journal.enrollmentChanged(w.plan().caller(), enrollmentViews.view(e)));
  }

  /** The programme ENDED → SETTLED with its settlement id; then every payout announced. */
  private Uni<Settled> settleProgram(Written w, List<Payout> written) {
    ProgramEntity p = w.plan().loaded().program();
    Move move = ProgramLifecycle.settle(programViews.phase(p));
    programViews.writePhase(p, move.next());
    p.settlementId = w.settlement().settlementId;
    p.lastUpdated = stamps.stamp(w.plan().caller(), w.now(), "", w.plan().cmd().requestId());
    p.updateTime = w.now();
    CallerIdentity caller = w.plan().caller();
    return programs
        .flush()
        .map(ignored -> programViews.view(p))
        .call(view -> journal.programStateChanged(caller, view))
        .call(ignored -> announce(caller, written))
        .map(view -> new Settled(PayoutViews.settlement(w.settlement(), currencyOf(p)), view));
  }

  private Uni<Void> announce(CallerIdentity caller, List<Payout> written) {
    return Multi.createFrom()
        .iterable(written)
        .onItem()
        .transformToUniAndConcatenate(payout -> journal.payoutProduced(caller, payout))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private static Currency currencyOf(ProgramEntity p) {
    return Currency.getInstance(p.currencyCode);
  }

  /** A second settlement racing past the lock (it cannot, but the index would refuse it). */
  private static boolean isSettlementClash(Throwable t) {
    if (!"23505".equals(GrpcErrorMapper.sqlState(t))) {
      return false;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains(SettlementRepository.PROGRAM_UNIQUE)) {
        return true;
      }
    }
    return false;
  }

  private static ApiException concurrentSettlement() {
    return ApiException.of(
        io.creatorgov.common.v1.ErrorReason.ERROR_REASON_CONCURRENT_MODIFICATION,
        "another settlement of the programme is running; retry to receive its result",
        Map.of());
  }
}
