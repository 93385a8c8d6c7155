package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.repository.BudgetRepository;
import io.creatorgov.incentive.repository.BudgetRepository.PositionRow;
import io.creatorgov.incentive.repository.BudgetRepository.Snapshot;
import io.creatorgov.incentive.repository.EnrollmentRepository;
import io.creatorgov.incentive.repository.LedgerEntryEntity;
import io.creatorgov.incentive.repository.LedgerRepository;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.service.AccrualViews.BudgetStatus;
import io.creatorgov.incentive.service.AccrualViews.Ledger;
import io.creatorgov.incentive.service.AccrualViews.Summary;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.money.MoneyAmount;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Currency;
import java.util.List;

/**
 * GetRewardLedger and GetBudgetStatus: read-only, one short session each. The budget status is one
 * statement (one snapshot) over the programme, its budget slices, accrual positions and enrolments.
 */
@ApplicationScoped
public class AccrualQueries {

  /** GetRewardLedger's input. */
  public record LedgerQuery(String programId, String creatorId, int pageSize, String pageToken) {}

  /** The ledger's page and the context its summary needs. */
  private record LedgerRead(
      ProgramEntity program, PositionRow position, List<LedgerEntryEntity> rows, long reinstated) {}

  private final ProgramRepository programs;
  private final EnrollmentRepository enrollments;
  private final BudgetRepository budget;
  private final LedgerRepository ledger;
  private final PageTokens pageTokens;
  private final Clock clock;

  public AccrualQueries(
      ProgramRepository programs,
      EnrollmentRepository enrollments,
      BudgetRepository budget,
      LedgerRepository ledger,
      PageTokens pageTokens,
      Clock clock) {
    this.programs = programs;
    this.enrollments = enrollments;
    this.budget = budget;
    this.ledger = ledger;
    this.pageTokens = pageTokens;
    this.clock = clock;
  }

  // ---- GetRewardLedger ----------------------------------------------------------------------

  public Uni<Ledger> ledger(CallerIdentity caller, LedgerQuery q) {
    caller.requireSelfOrAnyRole(q.creatorId(), EnrollmentRules.READERS);
    int size = PageSize.resolve(q.pageSize());
    String query = "ledger|program=" + q.programId() + "|creator=" + q.creatorId();
    String cursor = pageTokens.decode(q.pageToken(), query);
    long after = cursor == null ? 0 : Long.parseLong(cursor);
    return Panache.withSession(() -> read(caller, q, after, size))
        .map(read -> ledgerPage(read, size, query));
  }

  private Uni<LedgerRead> read(CallerIdentity caller, LedgerQuery q, long after, int size) {
    return programs
        .readableBy(caller, q.programId(), ProgramQueries.hidesDrafts(caller))
        .call(p -> enrolled(p, q.creatorId()))
        .chain(
            p ->
                budget
                    .position(p.programId, q.creatorId())
                    .map(row -> new LedgerRead(p, row, null, 0)))
        .chain(
            r ->
                budget
                    .reinstated(r.program().programId, q.creatorId())
                    .map(sum -> new LedgerRead(r.program(), r.position(), null, sum)))
        .chain(
            r ->
                ledger
                    .page(q.programId(), q.creatorId(), after, size + 1)
                    .map(rows -> new LedgerRead(r.program(), r.position(), rows, r.reinstated())));
  }

  private Uni<Void> enrolled(ProgramEntity p, String creatorId) {
    return enrollments
        .of(p.programId, creatorId)
        .invoke(
            e -> {
              if (e == null) {
                throw ApiException.notFound(
                    EnrollmentRepository.RESOURCE_TYPE, "creators/" + creatorId);
              }
            })
        .replaceWithVoid();
  }

  private Ledger ledgerPage(LedgerRead read, int size, String query) {
    Currency c = Currency.getInstance(read.program().currencyCode);
    Page<LedgerEntryEntity> page =
        Page.of(read.rows(), size, e -> pageTokens.encode(query, Long.toString(e.sequence)));
    return new Ledger(page.map(e -> AccrualCommands.entry(e, c)), summary(read, c));
  }

  private static Summary summary(LedgerRead read, Currency c) {
    PositionRow p = read.position();
    long accrued = p == null ? 0 : p.accrued();
    long reversed = p == null ? 0 : p.reversed();
    long balance = p == null ? 0 : p.balance();
    long net = p == null ? 0 : p.netAccrued();
    Long cap = read.program().budgetCapMinor;
    return new Summary(
        new MoneyAmount(accrued, c),
        new MoneyAmount(reversed, c),
        new MoneyAmount(balance, c),
        new MoneyAmount(net, c),
        cap == null ? null : new MoneyAmount(Math.max(0, cap - net), c),
        new MoneyAmount(read.reinstated(), c));
  }

  // ---- GetBudgetStatus ----------------------------------------------------------------------

  public Uni<BudgetStatus> budgetStatus(CallerIdentity caller, String programId) {
    return Panache.withSession(() -> snapshot(caller, programId));
  }

  private Uni<BudgetStatus> snapshot(CallerIdentity caller, String programId) {
    return programs
        .readableBy(caller, programId, false)
        .chain(p -> budget.snapshot(programId).map(s -> status(p, s)));
  }

  private BudgetStatus status(ProgramEntity p, Snapshot s) {
    Currency c = Currency.getInstance(p.currencyCode);
    MoneyAmount committed = new MoneyAmount(s.committed(), c);
    MoneyAmount total = s.total() == null ? null : new MoneyAmount(s.total(), c);
    MoneyAmount remaining = total == null ? MoneyAmount.zero(c) : total.minus(committed);
    return new BudgetStatus(
        p.programId,
        ProgramState.valueOf(s.state()),
        total,
        committed,
        remaining,
        s.cap() == null ? null : new MoneyAmount(s.cap(), c),
        (int) s.cappedCreators(),
        (int) s.enrolledCreators(),
        remaining.isZero(),
        clock.instant());
  }
}
