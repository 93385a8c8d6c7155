package io.creatorgov.enforcement.service;

import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.v1.CommissionHold;
import io.creatorgov.enforcement.v1.CommissionHoldState;
import io.creatorgov.enforcement.v1.HoldSettlementReason;
import io.creatorgov.kit.time.ProtoTime;

/** Commission holds as the contract shows them. */
public final class HoldViews {
  private HoldViews() {}

  public static CommissionHold hold(CommissionHoldEntity h) {
    CommissionHold.Builder b =
        CommissionHold.newBuilder()
            .setHoldId(h.holdId)
            .setActionId(h.actionId)
            .setCreatorId(h.creatorId)
            .setMarket(h.market)
            .setState(CommissionHoldState.valueOf("COMMISSION_HOLD_STATE_" + h.state))
            .setSalesWindow(
                TimeWindow.newBuilder()
                    .setStartTime(ProtoTime.of(h.salesStart))
                    .setEndTime(ProtoTime.of(h.salesEnd)))
            .setSettleTime(ProtoTime.of(h.settleAt))
            .setCreateTime(ProtoTime.of(h.createdAt))
            .setUpdateTime(ProtoTime.of(h.updatedAt))
            .setEtag(EnforcementViews.etag(h.holdId, h.etagVersion));
    if (h.amountMinor != null) {
      b.setAmountHeld(
              Money.newBuilder().setAmountMinor(h.amountMinor).setCurrencyCode(h.currencyCode))
          .setAmountAsOfTime(ProtoTime.of(h.amountAsOf))
          .setAmountReported(
              EnforcementViews.stamp(
                  h.amountReportedBy, h.amountReportedAt, "", h.amountRequestId));
    }
    if (h.settledAt != null) {
      b.setSettledTime(ProtoTime.of(h.settledAt))
          .setSettlementReason(
              HoldSettlementReason.valueOf("HOLD_SETTLEMENT_REASON_" + h.settlementReason))
          .setSettled(EnforcementViews.stamp(h.settledBy, h.settledAt, "", h.settledRequestId));
    }
    return b.build();
  }
}
