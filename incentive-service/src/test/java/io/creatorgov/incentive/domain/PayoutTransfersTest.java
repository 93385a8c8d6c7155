package io.creatorgov.incentive.domain;

import static io.creatorgov.incentive.domain.PayoutTransfers.Outcome.MOVED;
import static io.creatorgov.incentive.domain.PayoutTransfers.Outcome.REFUSED;
import static io.creatorgov.incentive.domain.PayoutTransfers.Outcome.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayoutTransfersTest {

  private static PayoutTransfers.Outcome report(TransferState from, TransferState to) {
    return PayoutTransfers.report(PayoutState.PAYABLE, from, "r1", to, "r2");
  }

  @Test
  void onlyTheListedMovesAreAllowed() {
    assertThat(report(TransferState.PENDING, TransferState.PAID)).isEqualTo(MOVED);
    assertThat(report(TransferState.PENDING, TransferState.FAILED)).isEqualTo(MOVED);
    assertThat(report(TransferState.PENDING, TransferState.REISSUED)).isEqualTo(REFUSED);
    assertThat(report(TransferState.FAILED, TransferState.REISSUED)).isEqualTo(MOVED);
    assertThat(report(TransferState.FAILED, TransferState.PAID)).isEqualTo(MOVED);
    assertThat(report(TransferState.REISSUED, TransferState.PAID)).isEqualTo(MOVED);
    assertThat(report(TransferState.REISSUED, TransferState.FAILED)).isEqualTo(MOVED);
    assertThat(report(TransferState.PAID, TransferState.FAILED)).isEqualTo(REFUSED);
    assertThat(report(TransferState.PAID, TransferState.REISSUED)).isEqualTo(REFUSED);
  }

  @Test
  void theCurrentStateAgainWithTheSameReferenceChangesNothing() {
    assertThat(
            PayoutTransfers.report(
                PayoutState.PAYABLE, TransferState.PAID, "r1", TransferState.PAID, "r1"))
        .isEqualTo(UNCHANGED);
    assertThat(
            PayoutTransfers.report(
                PayoutState.PAYABLE, TransferState.PAID, "r1", TransferState.PAID, "r2"))
        .isEqualTo(REFUSED);
  }

  @Test
  void heldBackAndNothingDuePayoutsHaveNothingToTransfer() {
    assertThat(PayoutTransfers.report(PayoutState.HELD_BACK, null, "", TransferState.PAID, "r1"))
        .isEqualTo(REFUSED);
    assertThat(PayoutTransfers.report(PayoutState.NOTHING_DUE, null, "", TransferState.PAID, "r1"))
        .isEqualTo(REFUSED);
  }
}
