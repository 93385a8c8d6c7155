package io.creatorgov.incentive.domain;

/**
 * The transfer state machine of a PAYABLE payout, as the payouts system reports it: PENDING → PAID
 * | FAILED; FAILED → REISSUED | PAID; REISSUED → PAID | FAILED. The current state reported again
 * with the same reference changes nothing. NOTHING_DUE and HELD_BACK payouts have nothing to
 * transfer.
 */
public final class PayoutTransfers {
  private PayoutTransfers() {}

  /** What a report does. */
  public enum Outcome {
    MOVED,
    UNCHANGED,
    REFUSED
  }

  public static Outcome report(
      PayoutState payout,
      TransferState current,
      String currentReference,
      TransferState requested,
      String reference) {
    if (payout != PayoutState.PAYABLE || current == null) {
      return Outcome.REFUSED;
    }
    if (requested == current && reference.equals(currentReference)) {
      return Outcome.UNCHANGED;
    }
    boolean allowed =
        switch (current) {
          case PENDING -> requested == TransferState.PAID || requested == TransferState.FAILED;
          case FAILED -> requested == TransferState.REISSUED || requested == TransferState.PAID;
          case REISSUED -> requested == TransferState.PAID || requested == TransferState.FAILED;
          case PAID -> false;
        };
    return allowed ? Outcome.MOVED : Outcome.REFUSED;
  }
}
