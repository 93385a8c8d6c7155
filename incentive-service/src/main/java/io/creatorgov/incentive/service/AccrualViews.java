package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.AccrualCapReason;
import io.creatorgov.incentive.domain.AccrualComponent;
import io.creatorgov.incentive.domain.LedgerEntryKind;
import io.creatorgov.incentive.domain.NonAccrualReason;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.domain.RewardKind;
import io.creatorgov.kit.money.MoneyAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the accrual use cases answer, for the API layer to map. */
public final class AccrualViews {
  private AccrualViews() {}

  /**
   * A stored performance record and the accrual it produced.
   *
   * @param periodStart null when the record gave an occurred time
   * @param created the stored audit stamp ({@link ProgramForms#stamp})
   */
  public record Recorded(
      String recordId,
      String requestId,
      String programId,
      String creatorId,
      Instant attributionTime,
      Instant periodStart,
      Instant periodEnd,
      MoneyAmount gmv,
      long orderCount,
      Duration liveDuration,
      String sourceReference,
      MoneyAmount requested,
      MoneyAmount granted,
      AccrualCapReason cappedBy,
      NonAccrualReason nonAccrualReason,
      List<AccrualComponent> components,
      List<Entry> entries,
      MoneyAmount netAccruedAfter,
      MoneyAmount budgetRemainingAfter,
      Instant recordTime,
      byte[] created) {}

  /** One ledger entry; {@code rewardKind} null when it acts on the whole balance. */
  public record Entry(
      String entryId,
      long sequence,
      String programId,
      String creatorId,
      LedgerEntryKind kind,
      MoneyAmount amount,
      RewardKind rewardKind,
      String sourceRequestId,
      String recordId,
      MoneyAmount balanceAfter,
      Instant createTime,
      String enforcementActionId) {}

  /** A creator's ledger totals; {@code capRemaining} null without a per-creator cap. */
  public record Summary(
      MoneyAmount accrued,
      MoneyAmount reversed,
      MoneyAmount balance,
      MoneyAmount netAccrued,
      MoneyAmount capRemaining,
      MoneyAmount reinstated) {}

  /** A page of a ledger and the whole ledger's totals. */
  public record Ledger(Page<Entry> page, Summary summary) {}

  /**
   * A programme's money position, read in one statement.
   *
   * @param total null for a programme without monetary rewards
   * @param perCreatorCap null without a cap
   */
  public record BudgetStatus(
      String programId,
      ProgramState state,
      MoneyAmount total,
      MoneyAmount committed,
      MoneyAmount remaining,
      MoneyAmount perCreatorCap,
      int cappedCreators,
      int enrolledCreators,
      boolean exhausted,
      Instant asOf) {}
}
