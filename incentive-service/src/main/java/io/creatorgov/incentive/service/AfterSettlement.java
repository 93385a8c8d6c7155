package io.creatorgov.incentive.service;

import io.creatorgov.kit.auth.CallerIdentity;
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
 * <p>The reinstated amount is paid by an ADJUSTMENT payout (PAYABLE, announced): a PAYOUT entry
 * moves it off the balance, which is 0 again, once per triggering event.
 */
@ApplicationScoped
public class AfterSettlement {
  private final PayoutAdjustments adjustments;

  public AfterSettlement(PayoutAdjustments adjustments) {
    this.adjustments = adjustments;
  }

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
    return adjustments
        .payReinstatedAfterSettlement(
            CallerIdentity.system(FeedReactions.ENFORCEMENT_FEED + "-feed"),
            restoration.sourceEventId(),
            restoration.programId(),
            restoration.creatorId(),
            restoration.reinstatedMinor(),
            restoration.enforcementActionId())
        .replaceWithVoid();
  }
}
