package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.PayoutTransfers;
import io.creatorgov.incentive.domain.TransferState;
import io.creatorgov.incentive.repository.PayoutEntity;
import io.creatorgov.incentive.repository.PayoutRepository;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.service.PayoutViews.Payout;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Currency;

/**
 * ReportPayoutTransfer: once per request id, one transaction: the payout row locked, the etag
 * checked, the move decided by {@link PayoutTransfers}, the transfer written with its history row
 * and announced (PAYOUT_TRANSFER_REPORTED). The current state reported again with the same
 * reference changes nothing and announces nothing.
 */
@ApplicationScoped
public class PayoutCommands {

  /** ReportPayoutTransfer's input; {@code state} null when the request named none. */
  public record ReportTransfer(
      String requestId,
      String payoutId,
      TransferState state,
      String transferReference,
      String failureReason,
      String etag) {}

  private final PayoutRepository payouts;
  private final ProgramRepository programs;
  private final ProgramForms stamps;
  private final IncentiveJournal journal;
  private final Clock clock;

  public PayoutCommands(
      PayoutRepository payouts,
      ProgramRepository programs,
      ProgramForms stamps,
      IncentiveJournal journal,
      Clock clock) {
    this.payouts = payouts;
    this.programs = programs;
    this.stamps = stamps;
    this.journal = journal;
    this.clock = clock;
  }

  public <R> Uni<R> report(CallerIdentity caller, ReportTransfer cmd, Reply<Payout, R> reply) {
    validate(cmd);
    return Reply.once(
        "ReportPayoutTransfer", caller, cmd.requestId(), reply, () -> reportLocked(caller, cmd));
  }

  private static void validate(ReportTransfer cmd) {
    Violations v = new Violations();
    v.require(
        cmd.state() == null || cmd.state() == TransferState.PENDING,
        "state",
        "must be PAID, FAILED or REISSUED");
    v.require(cmd.transferReference().isBlank(), "transfer_reference", "required");
    v.require(
        cmd.state() == TransferState.FAILED && cmd.failureReason().isBlank(),
        "failure_reason",
        "required when the state is FAILED");
    v.throwIfAny();
  }

  private Uni<Payout> reportLocked(CallerIdentity caller, ReportTransfer cmd) {
    return payouts
        .locked(cmd.payoutId())
        .invoke(p -> caller.requireMarket(p.market))
        .map(p -> decide(cmd, p))
        .chain(p -> persist(caller, cmd, p));
  }

  /** Decide: the etag is current and the move allowed; null when nothing changes. */
  private static Changed decide(ReportTransfer cmd, PayoutEntity p) {
    ApiException.requireEtag(cmd.etag(), PayoutViews.etag(p));
    PayoutTransfers.Outcome outcome =
        PayoutTransfers.report(
            p.state, p.transferState, p.transferReference, cmd.state(), cmd.transferReference());
    if (outcome == PayoutTransfers.Outcome.REFUSED) {
      String current = p.transferState == null ? p.state.name() : p.transferState.name();
      throw ApiException.illegalTransition(current, cmd.state().name());
    }
    return new Changed(p, outcome == PayoutTransfers.Outcome.MOVED);
  }

  private record Changed(PayoutEntity payout, boolean moved) {}

  private Uni<Payout> persist(CallerIdentity caller, ReportTransfer cmd, Changed c) {
    PayoutEntity p = c.payout();
    if (!c.moved()) {
      return view(p);
    }
    OffsetDateTime now = StoredTime.now(clock);
    p.transferState = cmd.state();
    p.transferReference = cmd.transferReference();
    p.failureReason = cmd.state() == TransferState.FAILED ? cmd.failureReason() : "";
    p.transferReported = stamps.stamp(caller, now, cmd.failureReason(), cmd.requestId());
    p.updateTime = now;
    return payouts
        .addReport(
            p.payoutId, cmd.state(), cmd.transferReference(), p.failureReason, cmd.requestId(), now)
        .chain(ignored -> payouts.flush())
        .chain(ignored -> view(p))
        .call(view -> journal.payoutTransferReported(caller, view));
  }

  private Uni<Payout> view(PayoutEntity p) {
    return programs
        .findById(p.programId)
        .chain(
            program ->
                payouts
                    .linesOf(java.util.List.of(p.payoutId))
                    .map(
                        lines ->
                            PayoutViews.payout(
                                p, lines, Currency.getInstance(program.currencyCode))));
  }
}
