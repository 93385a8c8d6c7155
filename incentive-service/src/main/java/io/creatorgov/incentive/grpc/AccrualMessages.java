package io.creatorgov.incentive.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.incentive.domain.AccrualComponent;
import io.creatorgov.incentive.service.AccrualCommands.RecordPerformance;
import io.creatorgov.incentive.service.AccrualQueries.LedgerQuery;
import io.creatorgov.incentive.service.AccrualViews;
import io.creatorgov.incentive.v1.AccrualCapReason;
import io.creatorgov.incentive.v1.BudgetStatus;
import io.creatorgov.incentive.v1.GetBudgetStatusResponse;
import io.creatorgov.incentive.v1.GetRewardLedgerRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerResponse;
import io.creatorgov.incentive.v1.LedgerEntry;
import io.creatorgov.incentive.v1.LedgerEntryKind;
import io.creatorgov.incentive.v1.LedgerSummary;
import io.creatorgov.incentive.v1.NonAccrualReason;
import io.creatorgov.incentive.v1.PerformanceRecord;
import io.creatorgov.incentive.v1.RecordPerformanceRequest;
import io.creatorgov.incentive.v1.RecordPerformanceResponse;
import io.creatorgov.incentive.v1.RewardKind;
import io.creatorgov.kit.money.MoneyAmount;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Duration;

/** RecordPerformance, GetRewardLedger and GetBudgetStatus: requests in, results out. */
final class AccrualMessages {
  private AccrualMessages() {}

  // ---- requests -----------------------------------------------------------------------------

  static RecordPerformance record(RecordPerformanceRequest r) {
    boolean period = r.hasPeriod();
    TimeWindow w = r.getPeriod();
    return new RecordPerformance(
        r.getRequestId(),
        r.getProgramId(),
        r.getCreatorId(),
        r.hasOccurredTime() ? ProtoTime.toInstant(r.getOccurredTime()) : null,
        period,
        period && w.hasStartTime() ? ProtoTime.toInstant(w.getStartTime()) : null,
        period && w.hasEndTime() ? ProtoTime.toInstant(w.getEndTime()) : null,
        r.hasAttributedGmv(),
        r.getAttributedGmv().getAmountMinor(),
        r.getAttributedGmv().getCurrencyCode(),
        r.getOrderCount(),
        r.hasLiveDuration() ? ProtoTime.toDuration(r.getLiveDuration()) : Duration.ZERO,
        r.getSourceReference());
  }

  static LedgerQuery ledger(GetRewardLedgerRequest r) {
    return new LedgerQuery(r.getProgramId(), r.getCreatorId(), r.getPageSize(), r.getPageToken());
  }

  // ---- responses ----------------------------------------------------------------------------

  static RecordPerformanceResponse recorded(AccrualViews.Recorded v) {
    PerformanceRecord.Builder r =
        PerformanceRecord.newBuilder()
            .setRecordId(v.recordId())
            .setRequestId(v.requestId())
            .setProgramId(v.programId())
            .setCreatorId(v.creatorId())
            .setAttributionTime(ProtoTime.of(v.attributionTime()))
            .setAttributedGmv(v.gmv().toProto())
            .setOrderCount(v.orderCount())
            .setLiveDuration(ProtoTime.of(v.liveDuration()))
            .setSourceReference(v.sourceReference())
            .setRequestedAmount(v.requested().toProto())
            .setGrantedAmount(v.granted().toProto())
            .setCappedBy(AccrualCapReason.valueOf("ACCRUAL_CAP_REASON_" + v.cappedBy().name()))
            .setNonAccrualReason(
                NonAccrualReason.valueOf("NON_ACCRUAL_REASON_" + v.nonAccrualReason().name()))
            .setCreatorNetAccruedAfter(v.netAccruedAfter().toProto())
            .setBudgetRemainingAfter(v.budgetRemainingAfter().toProto())
            .setRecordTime(ProtoTime.of(v.recordTime()))
            .setCreated(stamp(v.created()));
    if (v.periodStart() != null) {
      r.setPeriod(
          TimeWindow.newBuilder()
              .setStartTime(ProtoTime.of(v.periodStart()))
              .setEndTime(ProtoTime.of(v.periodEnd())));
    }
    v.components().forEach(c -> r.addComponents(component(c)));
    v.entries().forEach(e -> r.addLedgerEntryIds(e.entryId()));
    RecordPerformanceResponse.Builder response =
        RecordPerformanceResponse.newBuilder().setRecord(r);
    v.entries().forEach(e -> response.addLedgerEntries(entry(e)));
    return response.build();
  }

  private static io.creatorgov.incentive.v1.AccrualComponent component(AccrualComponent c) {
    return io.creatorgov.incentive.v1.AccrualComponent.newBuilder()
        .setRewardKind(rewardKind(c.kind()))
        .addAllMilestoneIndexes(c.milestoneIndexes())
        .setRequestedAmount(c.requested().toProto())
        .setGrantedAmount(c.granted().toProto())
        .setCappedBy(AccrualCapReason.valueOf("ACCRUAL_CAP_REASON_" + c.cappedBy().name()))
        .build();
  }

  static GetRewardLedgerResponse ledger(AccrualViews.Ledger l) {
    GetRewardLedgerResponse.Builder b =
        GetRewardLedgerResponse.newBuilder()
            .setNextPageToken(l.page().nextPageToken())
            .setSummary(summary(l.summary()));
    l.page().items().forEach(e -> b.addEntries(entry(e)));
    return b.build();
  }

  private static LedgerSummary summary(AccrualViews.Summary s) {
    MoneyAmount zero = MoneyAmount.zero(s.accrued().currency());
    LedgerSummary.Builder b =
        LedgerSummary.newBuilder()
            .setAccrued(s.accrued().toProto())
            .setReversed(s.reversed().toProto())
            .setForfeited(zero.toProto())
            .setPaid(zero.toProto())
            .setBalance(s.balance().toProto())
            .setNetAccrued(s.netAccrued().toProto())
            .setReinstated(s.reinstated().toProto())
            .setAdjusted(zero.toProto())
            .setClawedBack(zero.toProto())
            .setRecovered(zero.toProto());
    if (s.capRemaining() != null) {
      b.setCapRemaining(s.capRemaining().toProto());
    }
    return b.build();
  }

  private static LedgerEntry entry(AccrualViews.Entry e) {
    return LedgerEntry.newBuilder()
        .setEntryId(e.entryId())
        .setSequence(e.sequence())
        .setProgramId(e.programId())
        .setCreatorId(e.creatorId())
        .setKind(LedgerEntryKind.valueOf("LEDGER_ENTRY_KIND_" + e.kind().name()))
        .setAmount(e.amount().toProto())
        .setRewardKind(
            e.rewardKind() == null
                ? RewardKind.REWARD_KIND_UNSPECIFIED
                : rewardKind(e.rewardKind()))
        .setSourceRequestId(e.sourceRequestId())
        .setRecordId(e.recordId())
        .setBalanceAfter(e.balanceAfter().toProto())
        .setCreateTime(ProtoTime.of(e.createTime()))
        .setEnforcementActionId(e.enforcementActionId())
        .build();
  }

  static GetBudgetStatusResponse budgetStatus(AccrualViews.BudgetStatus s) {
    MoneyAmount zero = MoneyAmount.zero(s.committed().currency());
    BudgetStatus.Builder b =
        BudgetStatus.newBuilder()
            .setProgramId(s.programId())
            .setProgramState(ProgramMessages.state(s.state()))
            .setCommitted(s.committed().toProto())
            .setRemaining(s.remaining().toProto())
            .setPaid(zero.toProto())
            .setForfeited(zero.toProto())
            .setHeldBack(zero.toProto())
            .setAdjusted(zero.toProto())
            .setClawedBack(zero.toProto())
            .setCappedCreatorCount(s.cappedCreators())
            .setEnrolledCreatorCount(s.enrolledCreators())
            .setExhausted(s.exhausted())
            .setAsOfTime(ProtoTime.of(s.asOf()));
    if (s.total() != null) {
      b.setTotal(s.total().toProto());
    }
    if (s.perCreatorCap() != null) {
      b.setPerCreatorCap(s.perCreatorCap().toProto());
    }
    return GetBudgetStatusResponse.newBuilder().setBudgetStatus(b).build();
  }

  private static RewardKind rewardKind(io.creatorgov.incentive.domain.RewardKind k) {
    return RewardKind.valueOf("REWARD_KIND_" + k.name());
  }

  private static AuditStamp stamp(byte[] stored) {
    try {
      return AuditStamp.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable stored audit stamp", e);
    }
  }
}
