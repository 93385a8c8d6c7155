package io.creatorgov.incentive.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The seam between a reinstatement after settlement and settlement adjustments. When the action
 * behind a PAUSED or DISQUALIFIED enrolment is overturned or reversed after its programme was
 * SETTLED, {@link FeedReactions} still books the withheld performance as REINSTATEMENT ledger
 * entries (the creator's balance grows) and then calls {@link #restored} in the same transaction:
 * the settlement's owner turns that into what the creator is owed after settlement (an ADJUSTMENT
 * entry and payout, see LedgerEntryKind ADJUSTMENT in reward.proto).
 *
 * <p>This default does nothing yet: settlement adjustments are built separately and replace this
 * bean (an {@code @Alternative} or by editing it); until then the REINSTATEMENT entries of a
 * settled programme stay on the ledger, visible in GetRewardLedger, unpaid.
 */
@ApplicationScoped
public class AfterSettlement {

  /** What a reinstatement in a settled programme booked. */
  public record Restoration(
      String programId,
      String creatorId,
      String enrollmentId,
      String enforcementActionId,
      String sourceEventId,
      int records,
      long reinstatedMinor) {}

  /** Called inside the reinstating transaction, after the REINSTATEMENT entries were booked. */
  public Uni<Void> restored(Restoration restoration) {
    return Uni.createFrom().voidItem();
  }
}
