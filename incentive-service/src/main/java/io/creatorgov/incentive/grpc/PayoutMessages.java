package io.creatorgov.incentive.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.incentive.domain.StandingLapse;
import io.creatorgov.incentive.service.PayoutCommands.ReportTransfer;
import io.creatorgov.incentive.service.PayoutViews;
import io.creatorgov.incentive.service.SettlementCommands.Settle;
import io.creatorgov.incentive.service.SettlementQueries.ListPayouts;
import io.creatorgov.incentive.v1.GetPayoutResponse;
import io.creatorgov.incentive.v1.GetSettlementResponse;
import io.creatorgov.incentive.v1.ListPayoutsRequest;
import io.creatorgov.incentive.v1.ListPayoutsResponse;
import io.creatorgov.incentive.v1.Payout;
import io.creatorgov.incentive.v1.PayoutKind;
import io.creatorgov.incentive.v1.PayoutLine;
import io.creatorgov.incentive.v1.PayoutLineKind;
import io.creatorgov.incentive.v1.PayoutRule;
import io.creatorgov.incentive.v1.PayoutState;
import io.creatorgov.incentive.v1.PayoutTransfer;
import io.creatorgov.incentive.v1.ReportPayoutTransferRequest;
import io.creatorgov.incentive.v1.ReportPayoutTransferResponse;
import io.creatorgov.incentive.v1.SettleProgramRequest;
import io.creatorgov.incentive.v1.SettleProgramResponse;
import io.creatorgov.incentive.v1.Settlement;
import io.creatorgov.incentive.v1.TransferState;
import io.creatorgov.kit.time.ProtoTime;

/** SettleProgram, GetSettlement, GetPayout, ListPayouts and ReportPayoutTransfer mapped. */
final class PayoutMessages {
  private PayoutMessages() {}

  // ---- requests -----------------------------------------------------------------------------

  static Settle settle(SettleProgramRequest r) {
    return new Settle(r.getRequestId(), r.getProgramId(), r.getEtag());
  }

  static ReportTransfer report(ReportPayoutTransferRequest r) {
    return new ReportTransfer(
        r.getRequestId(),
        r.getPayoutId(),
        transferState(r.getState()),
        r.getTransferReference(),
        r.getFailureReason(),
        r.getEtag());
  }

  static ListPayouts list(ListPayoutsRequest r) {
    return new ListPayouts(
        r.getProgramId(),
        r.getCreatorId(),
        r.getMarket(),
        r.getRuleApplied() == PayoutRule.PAYOUT_RULE_UNSPECIFIED
            ? null
            : io.creatorgov.incentive.domain.PayoutRule.valueOf(
                r.getRuleApplied().name().substring("PAYOUT_RULE_".length())),
        r.getKind() == PayoutKind.PAYOUT_KIND_UNSPECIFIED
            ? null
            : io.creatorgov.incentive.domain.PayoutKind.valueOf(
                r.getKind().name().substring("PAYOUT_KIND_".length())),
        r.getState() == PayoutState.PAYOUT_STATE_UNSPECIFIED
            ? null
            : io.creatorgov.incentive.domain.PayoutState.valueOf(
                r.getState().name().substring("PAYOUT_STATE_".length())),
        transferState(r.getTransferState()),
        r.getPageSize(),
        r.getPageToken());
  }

  private static io.creatorgov.incentive.domain.TransferState transferState(TransferState s) {
    return switch (s) {
      case TRANSFER_STATE_PENDING -> io.creatorgov.incentive.domain.TransferState.PENDING;
      case TRANSFER_STATE_PAID -> io.creatorgov.incentive.domain.TransferState.PAID;
      case TRANSFER_STATE_FAILED -> io.creatorgov.incentive.domain.TransferState.FAILED;
      case TRANSFER_STATE_REISSUED -> io.creatorgov.incentive.domain.TransferState.REISSUED;
      default -> null;
    };
  }

  // ---- responses ----------------------------------------------------------------------------

  static SettleProgramResponse settled(PayoutViews.Settled s) {
    return SettleProgramResponse.newBuilder()
        .setSettlement(settlement(s.settlement()))
        .setProgram(ProgramResponses.program(s.program()))
        .build();
  }

  static GetSettlementResponse found(PayoutViews.Settlement s) {
    return GetSettlementResponse.newBuilder().setSettlement(settlement(s)).build();
  }

  static GetPayoutResponse found(PayoutViews.Payout p) {
    return GetPayoutResponse.newBuilder().setPayout(payout(p)).build();
  }

  static ReportPayoutTransferResponse reported(PayoutViews.Payout p) {
    return ReportPayoutTransferResponse.newBuilder().setPayout(payout(p)).build();
  }

  static ListPayoutsResponse payouts(
      io.creatorgov.incentive.service.Page<PayoutViews.Payout> page) {
    ListPayoutsResponse.Builder b =
        ListPayoutsResponse.newBuilder().setNextPageToken(page.nextPageToken());
    page.items().forEach(p -> b.addPayouts(payout(p)));
    return b.build();
  }

  static Settlement settlement(PayoutViews.Settlement s) {
    return Settlement.newBuilder()
        .setSettlementId(s.settlementId())
        .setProgramId(s.programId())
        .setRequestId(s.requestId())
        .setSuspensionSettlementRule(ProgramMessages.suspensionRule(s.rule()))
        .setPayoutCount(s.payoutCount())
        .setFullCount(s.fullCount())
        .setProRatedCount(s.proRatedCount())
        .setForfeitedCount(s.forfeitedCount())
        .setHeldBackCount(s.heldBackCount())
        .setTotalBalance(s.totalBalance().toProto())
        .setTotalPaid(s.totalPaid().toProto())
        .setTotalForfeited(s.totalForfeited().toProto())
        .setStandingReadTime(ProtoTime.of(s.standingReadTime()))
        .setSettleTime(ProtoTime.of(s.settleTime()))
        .setCreated(stamp(s.created()))
        .build();
  }

  static Payout payout(PayoutViews.Payout p) {
    Payout.Builder b =
        Payout.newBuilder()
            .setPayoutId(p.payoutId())
            .setSettlementId(p.settlementId())
            .setProgramId(p.programId())
            .setCreatorId(p.creatorId())
            .setEnrollmentId(p.enrollmentId())
            .setMarket(p.market())
            .setState(PayoutState.valueOf("PAYOUT_STATE_" + p.state().name()))
            .setKind(PayoutKind.valueOf("PAYOUT_KIND_" + p.kind().name()))
            .setAmount(p.amount().toProto())
            .setEnrollmentState(EnrollmentMessages.state(p.enrollmentState()))
            .setExplanation(p.explanation())
            .setCreateTime(ProtoTime.of(p.createTime()))
            .setUpdateTime(ProtoTime.of(p.updateTime()))
            .setEtag(p.etag())
            .addAllHeldBackForAppealIds(p.heldBackForAppealIds())
            .setAdjustsPayoutId(p.adjustsPayoutId())
            .setEnforcementActionId(p.enforcementActionId())
            .setTransfer(transfer(p));
    if (p.rule() != null) {
      b.setRuleApplied(PayoutRule.valueOf("PAYOUT_RULE_" + p.rule().name()))
          .setBalanceBefore(p.balanceBefore().toProto())
          .setForfeited(p.forfeited().toProto());
    }
    if (p.participationStart() != null) {
      b.setParticipation(window(p.participationStart(), p.participationEnd()))
          .setParticipationDuration(ProtoTime.of(p.participation()))
          .setGoodStandingDuration(ProtoTime.of(p.goodStanding()));
    }
    p.lapses().forEach(l -> b.addStandingLapses(lapse(l)));
    p.lines().forEach(l -> b.addLines(line(l)));
    return b.build();
  }

  private static PayoutTransfer transfer(PayoutViews.Payout p) {
    PayoutTransfer.Builder t =
        PayoutTransfer.newBuilder()
            .setState(
                p.transferState() == null
                    ? TransferState.TRANSFER_STATE_UNSPECIFIED
                    : TransferState.valueOf("TRANSFER_STATE_" + p.transferState().name()))
            .setTransferReference(p.transferReference())
            .setFailureReason(p.failureReason());
    if (p.transferReported() != null) {
      t.setReported(stamp(p.transferReported()));
    }
    return t.build();
  }

  private static PayoutLine line(PayoutViews.Line l) {
    return PayoutLine.newBuilder()
        .setKind(PayoutLineKind.valueOf("PAYOUT_LINE_KIND_" + l.kind().name()))
        .setAmount(l.amount().toProto())
        .setForfeited(l.forfeited().toProto())
        .addAllLedgerEntryIds(l.ledgerEntryIds())
        .build();
  }

  private static io.creatorgov.incentive.v1.StandingLapse lapse(StandingLapse l) {
    return io.creatorgov.incentive.v1.StandingLapse.newBuilder()
        .setStatus(CreatorStatus.valueOf("CREATOR_STATUS_" + l.status()))
        .setWindow(window(l.start(), l.end()))
        .setEnforcementActionId(l.enforcementActionId())
        .build();
  }

  private static TimeWindow window(java.time.Instant start, java.time.Instant end) {
    return TimeWindow.newBuilder()
        .setStartTime(ProtoTime.of(start))
        .setEndTime(ProtoTime.of(end))
        .build();
  }

  private static AuditStamp stamp(byte[] stored) {
    try {
      return AuditStamp.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable stored audit stamp", e);
    }
  }
}
