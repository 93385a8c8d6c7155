package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.BudgetSlice;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The budget's slices and the creators' accrual positions (V4__accrual.sql, ADR 0006), in plain
 * SQL: each statement is one atomic step of the accrual protocol.
 */
@ApplicationScoped
public class BudgetRepository {

  /** A creator's accrual position row, as stored. */
  public record PositionRow(
      long cumulativeGmv,
      long bonusGranted,
      long shareGranted,
      String milestoneGranted,
      long netAccrued,
      long accrued,
      long reversed,
      long balance,
      long ledgerSequence) {
    static PositionRow of(Object[] r) {
      return new PositionRow(
          num(r[0]),
          num(r[1]),
          num(r[2]),
          (String) r[3],
          num(r[4]),
          num(r[5]),
          num(r[6]),
          num(r[7]),
          num(r[8]));
    }
  }

  /** The figures of GetBudgetStatus, read by one statement (one snapshot). */
  public record Snapshot(
      String state,
      Long total,
      Long cap,
      long committed,
      long cappedCreators,
      long enrolledCreators) {}

  private static final String ENSURE_SLICES =
      "INSERT INTO budget_slice (program_id, slice_no, allotted_minor, committed_minor)"
          + " SELECT p.program_id, g, p.budget_total_minor / :n"
          + " + CASE WHEN g < p.budget_total_minor % :n THEN 1 ELSE 0 END, 0"
          + " FROM program p, generate_series(0, :n - 1) g"
          + " WHERE p.program_id = :program AND p.budget_total_minor IS NOT NULL"
          + " AND p.state <> 'DRAFT'"
          + " AND NOT EXISTS (SELECT 1 FROM budget_slice s WHERE s.program_id = p.program_id)"
          + " ON CONFLICT DO NOTHING";

  /**
   * The guard of the fast path: the delta is applied only if the slice stays within [0, allotted]
   * after it, in one statement that re-checks the condition under the row lock.
   */
  private static final String APPLY_TO_SLICE =
      "UPDATE budget_slice SET committed_minor = committed_minor + :delta"
          + " WHERE program_id = :program AND slice_no = :slice"
          + " AND committed_minor + :delta BETWEEN 0 AND allotted_minor";

  private static final String RELEASE_HOME = "RELEASE SAVEPOINT home_slice";
  private static final String UNDO_HOME = "ROLLBACK TO SAVEPOINT home_slice";

  private static final String LOCK_ALL =
      "SELECT slice_no, allotted_minor, committed_minor FROM budget_slice"
          + " WHERE program_id = :program ORDER BY slice_no FOR UPDATE";

  private static final String SET_SLICE =
      "UPDATE budget_slice SET allotted_minor = :allotted, committed_minor = :committed"
          + " WHERE program_id = :program AND slice_no = :slice";

  private static final String REMAINING =
      "SELECT COALESCE(SUM(allotted_minor - committed_minor), 0) FROM budget_slice"
          + " WHERE program_id = :program";

  private static final String COMMITTED =
      "SELECT COALESCE(SUM(committed_minor), 0) FROM budget_slice WHERE program_id = :program";

  private static final String ENSURE_POSITION =
      "INSERT INTO creator_accrual (program_id, creator_id) VALUES (:program, :creator)"
          + " ON CONFLICT DO NOTHING";

  private static final String POSITION_COLUMNS =
      "SELECT cumulative_gmv_minor, bonus_granted_minor, share_granted_minor, milestone_granted,"
          + " net_accrued_minor, accrued_minor, reversed_minor, balance_minor, ledger_sequence"
          + " FROM creator_accrual WHERE program_id = :program AND creator_id = :creator";

  private static final String SAVE_POSITION =
      "UPDATE creator_accrual SET cumulative_gmv_minor = :gmv, bonus_granted_minor = :bonus,"
          + " share_granted_minor = :share, milestone_granted = :milestones,"
          + " net_accrued_minor = :net, accrued_minor = :accrued, reversed_minor = :reversed,"
          + " balance_minor = :balance, ledger_sequence = :sequence"
          + " WHERE program_id = :program AND creator_id = :creator";

  private static final String ADD_REINSTATED =
      "UPDATE creator_accrual SET reinstated_minor = reinstated_minor + :amount"
          + " WHERE program_id = :program AND creator_id = :creator";

  private static final String REINSTATED =
      "SELECT reinstated_minor FROM creator_accrual"
          + " WHERE program_id = :program AND creator_id = :creator";

  private static final String SNAPSHOT =
      "SELECT p.state, p.budget_total_minor, p.budget_cap_minor,"
          + " (SELECT COALESCE(SUM(committed_minor), 0) FROM budget_slice"
          + " WHERE program_id = p.program_id),"
          + " (SELECT COUNT(*) FROM creator_accrual a WHERE a.program_id = p.program_id"
          + " AND a.net_accrued_minor >= p.budget_cap_minor),"
          + " (SELECT COUNT(*) FROM enrollment e WHERE e.program_id = p.program_id)"
          + " FROM program p WHERE p.program_id = :program";

  /** Splits a running programme's budget into {@code n} slices, once. */
  public Uni<Integer> ensureSlices(String programId, int n) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ENSURE_SLICES)
                    .setParameter("program", programId)
                    .setParameter("n", n)
                    .executeUpdate());
  }

  /**
   * Applies {@code delta} to one slice if it stays within its allotment: whether it did. Run inside
   * a savepoint that is rolled back when it did not: an UPDATE that waited for the row and then
   * found the condition no longer true keeps the row locked (READ COMMITTED re-check), and a
   * transaction going on to the end game must hold no slice, or the one lock order would not hold.
   */
  public Uni<Boolean> applyToSlice(String programId, int slice, long delta) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("SAVEPOINT home_slice")
                    .executeUpdate()
                    .chain(
                        ignored ->
                            s.createNativeQuery(APPLY_TO_SLICE)
                                .setParameter("program", programId)
                                .setParameter("slice", slice)
                                .setParameter("delta", delta)
                                .executeUpdate())
                    .call(
                        n ->
                            s.createNativeQuery(n == 1 ? RELEASE_HOME : UNDO_HOME).executeUpdate()))
        .map(n -> n == 1);
  }

  /** Every slice of the programme, locked in slice order (the one lock order of the end game). */
  public Uni<List<BudgetSlice>> lockAll(String programId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(LOCK_ALL, Object[].class)
                    .setParameter("program", programId)
                    .getResultList())
        .map(
            rows ->
                rows.stream()
                    .map(r -> new BudgetSlice(((Number) r[0]).intValue(), num(r[1]), num(r[2])))
                    .toList());
  }

  public Uni<Integer> setSlice(String programId, BudgetSlice slice) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(SET_SLICE)
                    .setParameter("program", programId)
                    .setParameter("slice", slice.sliceNo())
                    .setParameter("allotted", slice.allotted())
                    .setParameter("committed", slice.committed())
                    .executeUpdate());
  }

  /** What accruals have taken from the budget so far, net (0 before the first accrual). */
  public Uni<Long> committed(String programId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(COMMITTED, Object.class)
                    .setParameter("program", programId)
                    .getSingleResult())
        .map(BudgetRepository::num);
  }

  /** What the slices have left, as this transaction sees it. */
  public Uni<Long> remaining(String programId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(REMAINING, Object.class)
                    .setParameter("program", programId)
                    .getSingleResult())
        .map(BudgetRepository::num);
  }

  /** The creator's position, created if absent, locked for update. */
  public Uni<PositionRow> lockedPosition(String programId, String creatorId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ENSURE_POSITION)
                    .setParameter("program", programId)
                    .setParameter("creator", creatorId)
                    .executeUpdate()
                    .chain(
                        ignored ->
                            s.createNativeQuery(POSITION_COLUMNS + " FOR UPDATE", Object[].class)
                                .setParameter("program", programId)
                                .setParameter("creator", creatorId)
                                .getSingleResult()))
        .map(PositionRow::of);
  }

  /** The creator's position, or null when nothing was ever recorded. */
  public Uni<PositionRow> position(String programId, String creatorId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(POSITION_COLUMNS, Object[].class)
                    .setParameter("program", programId)
                    .setParameter("creator", creatorId)
                    .getResultList())
        .map(rows -> rows.isEmpty() ? null : PositionRow.of(rows.get(0)));
  }

  public Uni<Integer> savePosition(String programId, String creatorId, PositionRow p) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(SAVE_POSITION)
                    .setParameter("program", programId)
                    .setParameter("creator", creatorId)
                    .setParameter("gmv", p.cumulativeGmv())
                    .setParameter("bonus", p.bonusGranted())
                    .setParameter("share", p.shareGranted())
                    .setParameter("milestones", p.milestoneGranted())
                    .setParameter("net", p.netAccrued())
                    .setParameter("accrued", p.accrued())
                    .setParameter("reversed", p.reversed())
                    .setParameter("balance", p.balance())
                    .setParameter("sequence", p.ledgerSequence())
                    .executeUpdate());
  }

  /** Adds REINSTATEMENT entries' total to the creator's position (LedgerSummary.reinstated). */
  public Uni<Integer> addReinstated(String programId, String creatorId, long amountMinor) {
    if (amountMinor == 0) {
      return Uni.createFrom().item(0);
    }
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ADD_REINSTATED)
                    .setParameter("program", programId)
                    .setParameter("creator", creatorId)
                    .setParameter("amount", amountMinor)
                    .executeUpdate());
  }

  /** What REINSTATEMENT entries have added to the creator's balance (0 without a position). */
  public Uni<Long> reinstated(String programId, String creatorId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(REINSTATED, Object.class)
                    .setParameter("program", programId)
                    .setParameter("creator", creatorId)
                    .getResultList())
        .map(rows -> rows.isEmpty() ? 0L : num(rows.get(0)));
  }

  /** State, budget, committed total, creators at the cap and enrolments, in one statement. */
  public Uni<Snapshot> snapshot(String programId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(SNAPSHOT, Object[].class)
                    .setParameter("program", programId)
                    .getSingleResult())
        .map(
            r ->
                new Snapshot(
                    (String) r[0],
                    r[1] == null ? null : num(r[1]),
                    r[2] == null ? null : num(r[2]),
                    num(r[3]),
                    num(r[4]),
                    num(r[5])));
  }

  /** Sets the creator's balance and last ledger sequence (settlement and later adjustments). */
  public Uni<Integer> setBalance(String programId, String creatorId, long balance, long sequence) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "UPDATE creator_accrual SET balance_minor = :balance,"
                            + " ledger_sequence = :sequence"
                            + " WHERE program_id = :program AND creator_id = :creator")
                    .setParameter("program", programId)
                    .setParameter("creator", creatorId)
                    .setParameter("balance", balance)
                    .setParameter("sequence", sequence)
                    .executeUpdate());
  }

  private static long num(Object o) {
    return ((Number) o).longValue();
  }
}
