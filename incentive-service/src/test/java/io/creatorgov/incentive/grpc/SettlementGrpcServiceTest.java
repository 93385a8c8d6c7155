package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.eligibleCreator;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.money;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.points;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.v1.StatusChangeKind;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealState;
import io.creatorgov.incentive.config.AdjustableClock;
import io.creatorgov.incentive.service.PayoutViews;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.BudgetStatus;
import io.creatorgov.incentive.v1.CommissionBonusReward;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.EnrollmentState;
import io.creatorgov.incentive.v1.GetBudgetStatusRequest;
import io.creatorgov.incentive.v1.GetPayoutRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerRequest;
import io.creatorgov.incentive.v1.GetSettlementRequest;
import io.creatorgov.incentive.v1.GmvShareCashReward;
import io.creatorgov.incentive.v1.IncentiveEvent;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.LedgerEntryKind;
import io.creatorgov.incentive.v1.LedgerSummary;
import io.creatorgov.incentive.v1.ListPayoutsRequest;
import io.creatorgov.incentive.v1.ListPayoutsResponse;
import io.creatorgov.incentive.v1.NonAccrualReason;
import io.creatorgov.incentive.v1.Payout;
import io.creatorgov.incentive.v1.PayoutKind;
import io.creatorgov.incentive.v1.PayoutLine;
import io.creatorgov.incentive.v1.PayoutLineKind;
import io.creatorgov.incentive.v1.PayoutRule;
import io.creatorgov.incentive.v1.PayoutState;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.ProgramState;
import io.creatorgov.incentive.v1.RecordPerformanceRequest;
import io.creatorgov.incentive.v1.RecordPerformanceResponse;
import io.creatorgov.incentive.v1.ReportPayoutTransferRequest;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.SettleProgramRequest;
import io.creatorgov.incentive.v1.SettleProgramResponse;
import io.creatorgov.incentive.v1.Settlement;
import io.creatorgov.incentive.v1.SuspensionSettlementRule;
import io.creatorgov.incentive.v1.TransferState;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.time.ProtoTime;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SettleProgram, GetSettlement, GetPayout, ListPayouts, ReportPayoutTransfer and the refund after
 * settlement through the real gRPC API against PostgreSQL, with creator-service and
 * enforcement-service faked in process. Programme time is the adjustable clock: a programme runs
 * ten days from one hour after its window opens.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakeCreatorService.class)
@QuarkusTestResource(FakeEnforcementService.class)
class SettlementGrpcServiceTest {
  private static final String MANAGER = "manager-settle";
  private static final String SOURCE = "orders-service";
  private static final String PAYOUTS = "payouts-service";

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;
  @FakeEnforcementService.Inject FakeEnforcementService.Enforcement enforcement;
  @Inject AdjustableClock clock;

  /** One programme under test: its window start and the time arrangement. */
  record Run(Program program, Instant start) {
    Instant at(Duration sinceStart) {
      return start.plus(sinceStart);
    }
  }

  @AfterEach
  void realTime() {
    clock.reset();
    creators.down = false;
    enforcement.down = false;
  }

  // ---- settlement -------------------------------------------------------------------------------

  @Test
  void settlementPaysCleanCreatorsInFullProRatesTheSuspendedHoldsBackAnAppealAndItemisesEachKind() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String clean = enrolled(run);
    String suspended = enrolled(run);
    String appealing = enrolled(run);
    String idle = enrolled(run);
    for (String c : List.of(clean, suspended, appealing)) {
      source().recordPerformance(record(run, c, 1_000_000));
    }
    // suspended 2 of the 10 days of participation
    suspend(
        suspended,
        run.at(Duration.ofDays(1).plusHours(1)),
        run.at(Duration.ofDays(3).plusHours(1)));
    openAppeal(appealing, "apl_" + appealing);
    ended(run);

    SettleProgramResponse settled = settle(run, requestId());

    Settlement s = settled.getSettlement();
    assertThat(settled.getProgram().getState()).isEqualTo(ProgramState.PROGRAM_STATE_SETTLED);
    assertThat(settled.getProgram().getSettlementId()).isEqualTo(s.getSettlementId());
    assertThat(s.getPayoutCount()).isEqualTo(4);
    assertThat(s.getFullCount()).isEqualTo(3);
    assertThat(s.getProRatedCount()).isEqualTo(1);
    assertThat(s.getForfeitedCount()).isZero();
    assertThat(s.getHeldBackCount()).isEqualTo(1);
    assertThat(s.getTotalBalance().getAmountMinor()).isEqualTo(90_000);
    assertThat(s.getTotalPaid().getAmountMinor()).isEqualTo(84_000);
    assertThat(s.getTotalForfeited().getAmountMinor()).isEqualTo(6_000);
    assertThat(s.getTotalPaid().getAmountMinor() + s.getTotalForfeited().getAmountMinor())
        .isEqualTo(s.getTotalBalance().getAmountMinor());

    Map<String, Payout> byCreator = payoutsOf(run);
    Payout full = byCreator.get(clean);
    assertThat(full.getKind()).isEqualTo(PayoutKind.PAYOUT_KIND_SETTLEMENT);
    assertThat(full.getRuleApplied()).isEqualTo(PayoutRule.PAYOUT_RULE_FULL);
    assertThat(full.getState()).isEqualTo(PayoutState.PAYOUT_STATE_PAYABLE);
    assertThat(full.getTransfer().getState()).isEqualTo(TransferState.TRANSFER_STATE_PENDING);
    assertThat(full.getEnrollmentState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_COMPLETED);
    assertThat(full.getLinesList())
        .extracting(PayoutLine::getKind, l -> l.getAmount().getAmountMinor())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                PayoutLineKind.PAYOUT_LINE_KIND_COMMISSION_BONUS, 20_000L),
            org.assertj.core.groups.Tuple.tuple(
                PayoutLineKind.PAYOUT_LINE_KIND_GMV_SHARE_CASH, 10_000L));
    assertThat(full.getParticipationDuration().getSeconds())
        .isEqualTo(Duration.ofDays(10).toSeconds());

    Payout proRated = byCreator.get(suspended);
    assertThat(proRated.getRuleApplied()).isEqualTo(PayoutRule.PAYOUT_RULE_PRO_RATED);
    assertThat(proRated.getAmount().getAmountMinor()).isEqualTo(24_000);
    assertThat(proRated.getForfeited().getAmountMinor()).isEqualTo(6_000);
    assertThat(proRated.getBalanceBefore().getAmountMinor()).isEqualTo(30_000);
    assertThat(proRated.getGoodStandingDuration().getSeconds())
        .isEqualTo(Duration.ofDays(8).toSeconds());
    assertThat(proRated.getStandingLapsesList()).hasSize(1);
    assertThat(proRated.getStandingLapses(0).getStatus())
        .isEqualTo(CreatorStatus.CREATOR_STATUS_SUSPENDED);
    assertThat(proRated.getLinesList())
        .extracting(l -> l.getAmount().getAmountMinor(), l -> l.getForfeited().getAmountMinor())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(16_000L, 4_000L),
            org.assertj.core.groups.Tuple.tuple(8_000L, 2_000L));
    assertThat(
            proRated.getLinesList().stream().mapToLong(l -> l.getAmount().getAmountMinor()).sum())
        .isEqualTo(proRated.getAmount().getAmountMinor());

    Payout held = byCreator.get(appealing);
    assertThat(held.getState()).isEqualTo(PayoutState.PAYOUT_STATE_HELD_BACK);
    assertThat(held.getHeldBackForAppealIdsList()).containsExactly("apl_" + appealing);
    assertThat(held.getAmount().getAmountMinor()).isEqualTo(30_000);
    assertThat(held.getTransfer().getState()).isEqualTo(TransferState.TRANSFER_STATE_UNSPECIFIED);

    Payout nothing = byCreator.get(idle);
    assertThat(nothing.getState()).isEqualTo(PayoutState.PAYOUT_STATE_NOTHING_DUE);
    assertThat(nothing.getAmount().getAmountMinor()).isZero();
    assertThat(nothing.getLinesList()).isEmpty();

    // every creator's ledger adds up to 0: accrued − reversed − forfeited − paid
    for (String c : List.of(clean, suspended, appealing, idle)) {
      LedgerSummary sum = ledger(run, c);
      assertThat(sum.getBalance().getAmountMinor()).isZero();
      assertThat(
              sum.getAccrued().getAmountMinor()
                  - sum.getReversed().getAmountMinor()
                  - sum.getForfeited().getAmountMinor()
                  - sum.getPaid().getAmountMinor())
          .isZero();
    }
    assertThat(ledger(run, suspended).getForfeited().getAmountMinor()).isEqualTo(6_000);
    assertThat(ledger(run, suspended).getPaid().getAmountMinor()).isEqualTo(24_000);

    BudgetStatus budget = budget(run);
    assertThat(budget.getProgramState()).isEqualTo(ProgramState.PROGRAM_STATE_SETTLED);
    assertThat(budget.getPaid().getAmountMinor()).isEqualTo(84_000);
    assertThat(budget.getForfeited().getAmountMinor()).isEqualTo(6_000);
    assertThat(budget.getHeldBack().getAmountMinor()).isEqualTo(30_000);
    assertThat(budget.getPaid().getAmountMinor() + budget.getForfeited().getAmountMinor())
        .isEqualTo(budget.getCommitted().getAmountMinor());

    assertThat(
            manager()
                .getSettlement(
                    GetSettlementRequest.newBuilder().setSettlementId(s.getSettlementId()).build())
                .getSettlement())
        .isEqualTo(s);
    assertThat(eventTypes(run))
        .containsSubsequence(
            "INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED",
            "INCENTIVE_EVENT_TYPE_PROGRAM_STATE_CHANGED",
            "INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE");
    assertThat(payoutEvents(run))
        .containsEntry(full.getPayoutId(), List.of("INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE"))
        .containsEntry(held.getPayoutId(), List.of("INCENTIVE_EVENT_TYPE_PAYOUT_HELD_BACK"))
        .doesNotContainKey(nothing.getPayoutId());
  }

  @Test
  void aForfeitProgrammeForfeitsTheWholeBalanceOfACreatorSuspendedDuringParticipation() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_FORFEIT);
    String suspended = enrolled(run);
    String overturned = enrolled(run);
    source().recordPerformance(record(run, suspended, 1_000_000));
    source().recordPerformance(record(run, overturned, 1_000_000));
    suspend(suspended, run.at(Duration.ofDays(5)), run.at(Duration.ofDays(6)));
    // a suspension overturned on appeal does not count
    creators.addStatusChange(
        overturned, change(CreatorStatus.CREATOR_STATUS_SUSPENDED, run.at(Duration.ofDays(2)), ""));
    creators.addStatusChange(
        overturned,
        change(CreatorStatus.CREATOR_STATUS_ACTIVE, run.at(Duration.ofDays(3)), "apl_done")
            .toBuilder()
            .setKind(StatusChangeKind.STATUS_CHANGE_KIND_REINSTATED)
            .build());
    ended(run);

    Map<String, Payout> byCreator = payoutsOf(run);
    assertThat(byCreator).isEmpty();
    settle(run, requestId());
    byCreator = payoutsOf(run);

    Payout forfeited = byCreator.get(suspended);
    assertThat(forfeited.getRuleApplied()).isEqualTo(PayoutRule.PAYOUT_RULE_FORFEITED);
    assertThat(forfeited.getState()).isEqualTo(PayoutState.PAYOUT_STATE_NOTHING_DUE);
    assertThat(forfeited.getAmount().getAmountMinor()).isZero();
    assertThat(forfeited.getForfeited().getAmountMinor()).isEqualTo(30_000);
    assertThat(ledger(run, suspended).getForfeited().getAmountMinor()).isEqualTo(30_000);
    assertThat(ledger(run, suspended).getBalance().getAmountMinor()).isZero();
    assertThat(byCreator.get(overturned).getRuleApplied()).isEqualTo(PayoutRule.PAYOUT_RULE_FULL);
    assertThat(byCreator.get(overturned).getStandingLapsesList()).isEmpty();
  }

  @Test
  void settlingAgainReturnsTheSameSettlementWhateverTheRequestIdOrEtag() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String creator = enrolled(run);
    source().recordPerformance(record(run, creator, 500_000));
    ended(run);
    String first = requestId();

    SettleProgramResponse once = settle(run, first);
    SettleProgramResponse replay = settle(run, first);
    SettleProgramResponse again =
        manager()
            .settleProgram(
                SettleProgramRequest.newBuilder()
                    .setRequestId(requestId())
                    .setProgramId(run.program().getProgramId())
                    .setEtag("stale")
                    .build());

    assertThat(replay).isEqualTo(once);
    assertThat(again.getSettlement()).isEqualTo(once.getSettlement());
    assertThat(settlementRows(run)).isEqualTo(1);
    assertThat(payoutsOf(run)).hasSize(1);
    assertThat(ledger(run, creator).getPaid().getAmountMinor()).isEqualTo(15_000);
  }

  @Test
  void concurrentSettlementsProduceExactlyOneSettlement() throws Exception {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    for (int i = 0; i < 3; i++) {
      source().recordPerformance(record(run, enrolled(run), 400_000));
    }
    ended(run);

    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Settlement> answers = new ArrayList<>();
    try {
      List<Future<SettleProgramResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(pool.submit(() -> settleAfter(start, run)));
      }
      start.countDown();
      for (Future<SettleProgramResponse> f : calls) {
        answers.add(f.get(60, TimeUnit.SECONDS).getSettlement());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
    assertThat(settlementRows(run)).isEqualTo(1);
    assertThat(payoutsOf(run)).hasSize(3);
    assertThat(budget(run).getPaid().getAmountMinor()).isEqualTo(3 * 12_000);
  }

  /** Retries only what the contract says to retry: ABORTED (another settlement running). */
  private SettleProgramResponse settleAfter(CountDownLatch start, Run run)
      throws InterruptedException {
    start.await();
    for (int attempt = 0; ; attempt++) {
      try {
        return settle(run, requestId());
      } catch (StatusRuntimeException e) {
        if (attempt > 20 || e.getStatus().getCode() != Status.Code.ABORTED) {
          throw e;
        }
        assertThat(ErrorDetails.of(e).reason())
            .isIn(
                ErrorReason.ERROR_REASON_CONCURRENT_MODIFICATION,
                ErrorReason.ERROR_REASON_REQUEST_IN_PROGRESS);
        Thread.sleep(20);
      }
    }
  }

  @Test
  void aDependencyDownSettlesNothingAndARetryWithTheSameRequestIdSettles() throws Exception {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String creator = enrolled(run);
    source().recordPerformance(record(run, creator, 500_000));
    ended(run);
    String request = requestId();

    creators.down = true;
    Throwable creatorDown = catchThrowable(() -> settle(run, request));
    creators.down = false;
    enforcement.down = true;
    // creator-service's circuit may still be open for a moment: wait until enforcement answers
    Throwable enforcementDown = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      enforcementDown = catchThrowable(() -> settle(run, request));
      if ("enforcement-service"
          .equals(
              ErrorDetails.of(enforcementDown)
                  .errorInfo()
                  .orElseThrow()
                  .getMetadataMap()
                  .get("dependency"))) {
        break;
      }
      Thread.sleep(100);
    }
    enforcement.down = false;

    for (Throwable t : List.of(creatorDown, enforcementDown)) {
      ErrorDetails d = ErrorDetails.of(t);
      assertThat(d.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(d.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE);
    }
    assertThat(ErrorDetails.of(creatorDown).errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("dependency", "creator-service");
    assertThat(ErrorDetails.of(enforcementDown).errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("dependency", "enforcement-service");
    assertThat(settlementRows(run)).isZero();
    assertThat(ledger(run, creator).getBalance().getAmountMinor()).isEqualTo(15_000);

    SettleProgramResponse retried = retryUntilAvailable(() -> settle(run, request));
    assertThat(retried.getProgram().getState()).isEqualTo(ProgramState.PROGRAM_STATE_SETTLED);
    assertThat(settlementRows(run)).isEqualTo(1);
  }

  @Test
  void onlyAnEndedProgrammeSettles() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);

    Throwable t = catchThrowable(() -> settle(run, requestId()));

    ErrorDetails d = ErrorDetails.of(t);
    assertThat(d.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(d.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(d.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "ACTIVE");
  }

  // ---- refunds after settlement -----------------------------------------------------------------

  @Test
  void aRefundAfterSettlementClawsBackWhatWasPaidAndTheLedgerStillAddsUp() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String creator = enrolled(run);
    source().recordPerformance(record(run, creator, 1_000_000));
    ended(run);
    Payout settlementPayout = settleAndGet(run, creator);

    RecordPerformanceResponse positive = source().recordPerformance(record(run, creator, 100_000));
    RecordPerformanceResponse refund = source().recordPerformance(record(run, creator, -400_000));
    RecordPerformanceResponse tooMuch =
        source().recordPerformance(record(run, creator, -5_000_000));

    assertThat(positive.getRecord().getNonAccrualReason())
        .isEqualTo(NonAccrualReason.NON_ACCRUAL_REASON_PROGRAM_SETTLED);
    assertThat(positive.getLedgerEntriesList()).isEmpty();
    // 2 % bonus and 1 % share of 4,000.00 taken back, then handed over for recovery
    assertThat(refund.getRecord().getGrantedAmount().getAmountMinor()).isEqualTo(-12_000);
    assertThat(refund.getLedgerEntriesList())
        .extracting(e -> e.getKind(), e -> e.getAmount().getAmountMinor())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                LedgerEntryKind.LEDGER_ENTRY_KIND_CLAWBACK, -8_000L),
            org.assertj.core.groups.Tuple.tuple(
                LedgerEntryKind.LEDGER_ENTRY_KIND_CLAWBACK, -4_000L),
            org.assertj.core.groups.Tuple.tuple(
                LedgerEntryKind.LEDGER_ENTRY_KIND_RECOVERY, 12_000L));
    // never below zero per rule: only what is left of the 30,000 paid
    assertThat(tooMuch.getRecord().getGrantedAmount().getAmountMinor()).isEqualTo(-18_000);

    List<Payout> clawbacks =
        list(ListPayoutsRequest.newBuilder()
                .setProgramId(run.program().getProgramId())
                .setKind(PayoutKind.PAYOUT_KIND_CLAWBACK)
                .build())
            .getPayoutsList();
    assertThat(clawbacks)
        .extracting(p -> p.getAmount().getAmountMinor())
        .containsExactly(12_000L, 18_000L);
    assertThat(clawbacks)
        .allSatisfy(
            p -> {
              assertThat(p.getState()).isEqualTo(PayoutState.PAYOUT_STATE_PAYABLE);
              assertThat(p.getAdjustsPayoutId()).isEqualTo(settlementPayout.getPayoutId());
              assertThat(p.getLines(0).getKind())
                  .isEqualTo(PayoutLineKind.PAYOUT_LINE_KIND_CLAWBACK);
            });
    LedgerSummary sum = ledger(run, creator);
    assertThat(sum.getBalance().getAmountMinor()).isZero();
    assertThat(sum.getClawedBack().getAmountMinor()).isEqualTo(30_000);
    assertThat(sum.getRecovered().getAmountMinor()).isEqualTo(30_000);
    assertThat(
            sum.getAccrued().getAmountMinor()
                - sum.getPaid().getAmountMinor()
                - sum.getClawedBack().getAmountMinor()
                + sum.getRecovered().getAmountMinor()
                - sum.getForfeited().getAmountMinor())
        .isZero();
    assertThat(budget(run).getClawedBack().getAmountMinor()).isEqualTo(30_000);
    assertThat(payoutEvents(run).get(clawbacks.get(0).getPayoutId()))
        .containsExactly("INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE");
  }

  // ---- payouts and transfers --------------------------------------------------------------------

  @Test
  void theTransferStateMachineMovesOnlyAsListedAndAReportRepeatedChangesNothing() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String creator = enrolled(run);
    String appealing = enrolled(run);
    source().recordPerformance(record(run, creator, 500_000));
    source().recordPerformance(record(run, appealing, 500_000));
    openAppeal(appealing, "apl_t_" + appealing);
    ended(run);
    Payout p = settleAndGet(run, creator);
    Payout held = payoutsOf(run).get(appealing);

    Payout failed = report(p, TransferState.TRANSFER_STATE_FAILED, "tr-1", "account closed", "");
    Payout reissued =
        report(p, TransferState.TRANSFER_STATE_REISSUED, "tr-2", "", failed.getEtag());
    ReportPayoutTransferRequest paid =
        reportRequest(p, TransferState.TRANSFER_STATE_PAID, "tr-2", "", "");
    Payout done = payouts().reportPayoutTransfer(paid).getPayout();
    Payout repeated =
        payouts()
            .reportPayoutTransfer(paid.toBuilder().setRequestId(requestId()).build())
            .getPayout();
    Throwable backwards =
        catchThrowable(() -> report(p, TransferState.TRANSFER_STATE_FAILED, "tr-3", "late", ""));
    Throwable heldBack =
        catchThrowable(() -> report(held, TransferState.TRANSFER_STATE_PAID, "tr-9", "", ""));
    Throwable stale =
        catchThrowable(
            () -> report(p, TransferState.TRANSFER_STATE_PAID, "tr-2", "", failed.getEtag()));

    assertThat(failed.getTransfer().getState()).isEqualTo(TransferState.TRANSFER_STATE_FAILED);
    assertThat(failed.getTransfer().getFailureReason()).isEqualTo("account closed");
    assertThat(failed.getTransfer().getReported().getActor().getSubject()).isEqualTo(PAYOUTS);
    assertThat(reissued.getTransfer().getTransferReference()).isEqualTo("tr-2");
    assertThat(done.getTransfer().getState()).isEqualTo(TransferState.TRANSFER_STATE_PAID);
    assertThat(repeated).isEqualTo(done);
    ErrorDetails b = ErrorDetails.of(backwards);
    assertThat(b.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(b.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "PAID")
        .containsEntry("requested_state", "FAILED");
    assertThat(ErrorDetails.of(heldBack).errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "HELD_BACK");
    assertThat(ErrorDetails.of(stale).reason()).isEqualTo(ErrorReason.ERROR_REASON_ETAG_MISMATCH);
    assertThat(payoutEvents(run).get(p.getPayoutId()))
        .containsExactly(
            "INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE",
            "INCENTIVE_EVENT_TYPE_PAYOUT_TRANSFER_REPORTED",
            "INCENTIVE_EVENT_TYPE_PAYOUT_TRANSFER_REPORTED",
            "INCENTIVE_EVENT_TYPE_PAYOUT_TRANSFER_REPORTED");
  }

  @Test
  void listPayoutsFiltersPagesAndShowsACreatorOnlyTheirOwn() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    List<String> enrolled = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String c = enrolled(run);
      enrolled.add(c);
      source().recordPerformance(record(run, c, 100_000 * (i + 1)));
    }
    ended(run);
    settle(run, requestId());

    ListPayoutsResponse first =
        list(
            ListPayoutsRequest.newBuilder()
                .setProgramId(run.program().getProgramId())
                .setPageSize(2)
                .build());
    ListPayoutsResponse second =
        list(
            ListPayoutsRequest.newBuilder()
                .setProgramId(run.program().getProgramId())
                .setPageSize(2)
                .setPageToken(first.getNextPageToken())
                .build());
    ListPayoutsResponse pending =
        list(
            ListPayoutsRequest.newBuilder()
                .setProgramId(run.program().getProgramId())
                .setState(PayoutState.PAYOUT_STATE_PAYABLE)
                .setTransferState(TransferState.TRANSFER_STATE_PENDING)
                .setRuleApplied(PayoutRule.PAYOUT_RULE_FULL)
                .build());
    String own = enrolled.get(1);
    IncentiveServiceBlockingStub creator = as(TestAuthKeys.token(own, Role.CREATOR));
    List<Payout> mine =
        creator
            .listPayouts(
                ListPayoutsRequest.newBuilder().setProgramId(run.program().getProgramId()).build())
            .getPayoutsList();
    Throwable others =
        catchThrowable(
            () ->
                creator.listPayouts(
                    ListPayoutsRequest.newBuilder().setCreatorId(enrolled.get(0)).build()));
    Throwable othersPayout =
        catchThrowable(
            () ->
                creator.getPayout(
                    GetPayoutRequest.newBuilder()
                        .setPayoutId(first.getPayouts(0).getPayoutId())
                        .build()));
    Throwable badToken =
        catchThrowable(
            () ->
                list(
                    ListPayoutsRequest.newBuilder()
                        .setProgramId(run.program().getProgramId())
                        .setState(PayoutState.PAYOUT_STATE_HELD_BACK)
                        .setPageToken(first.getNextPageToken())
                        .build()));

    assertThat(first.getPayoutsList()).hasSize(2);
    assertThat(second.getPayoutsList()).hasSize(1);
    assertThat(second.getNextPageToken()).isEmpty();
    assertThat(pending.getPayoutsList()).hasSize(3);
    assertThat(mine).extracting(Payout::getCreatorId).containsExactly(own);
    assertThat(ErrorDetails.of(others).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(ErrorDetails.of(othersPayout).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(ErrorDetails.of(badToken).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
  }

  // ---- after settlement: held-back release and restored earnings (feed consumer's calls) --------

  @Test
  void anOverturnReleasesTheHeldBackPayoutAndPaysWhatTheLapseHadTakenOnceOnly() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String creator = enrolled(run);
    source().recordPerformance(record(run, creator, 1_000_000));
    // suspended 5 of 10 days by act_x, and appealing it
    creators.addStatusChange(
        creator,
        change(
            CreatorStatus.CREATOR_STATUS_SUSPENDED, run.at(Duration.ofDays(5).plusHours(1)), ""));
    String action = "act_" + run.at(Duration.ofDays(5).plusHours(1));
    openAppeal(creator, "apl_r_" + creator);
    ended(run);
    Payout held = settleAndGet(run, creator);
    assertThat(held.getState()).isEqualTo(PayoutState.PAYOUT_STATE_HELD_BACK);
    assertThat(held.getAmount().getAmountMinor()).isEqualTo(15_000);

    List<PayoutViews.Payout> changed =
        inTransaction(
            () -> adjustments.releaseHeldBack(FEED, "ee_1", "apl_r_" + creator, true, action));
    List<PayoutViews.Payout> again =
        inTransaction(
            () -> adjustments.releaseHeldBack(FEED, "ee_1", "apl_r_" + creator, true, action));

    assertThat(changed).hasSize(2);
    assertThat(again).isEmpty();
    Payout released =
        manager()
            .getPayout(GetPayoutRequest.newBuilder().setPayoutId(held.getPayoutId()).build())
            .getPayout();
    assertThat(released.getState()).isEqualTo(PayoutState.PAYOUT_STATE_PAYABLE);
    assertThat(released.getTransfer().getState()).isEqualTo(TransferState.TRANSFER_STATE_PENDING);
    assertThat(released.getAmount().getAmountMinor()).isEqualTo(15_000);
    List<Payout> adjustmentsPaid =
        list(ListPayoutsRequest.newBuilder()
                .setProgramId(run.program().getProgramId())
                .setKind(PayoutKind.PAYOUT_KIND_ADJUSTMENT)
                .build())
            .getPayoutsList();
    assertThat(adjustmentsPaid).hasSize(1);
    assertThat(adjustmentsPaid.get(0).getAmount().getAmountMinor()).isEqualTo(15_000);
    assertThat(adjustmentsPaid.get(0).getAdjustsPayoutId()).isEqualTo(held.getPayoutId());
    assertThat(adjustmentsPaid.get(0).getEnforcementActionId()).isEqualTo(action);
    LedgerSummary sum = ledger(run, creator);
    assertThat(sum.getBalance().getAmountMinor()).isZero();
    assertThat(sum.getAdjusted().getAmountMinor()).isEqualTo(15_000);
    assertThat(
            sum.getAccrued().getAmountMinor()
                + sum.getAdjusted().getAmountMinor()
                - sum.getForfeited().getAmountMinor()
                - sum.getPaid().getAmountMinor())
        .isZero();
    assertThat(budget(run).getAdjusted().getAmountMinor()).isEqualTo(15_000);
    assertThat(budget(run).getHeldBack().getAmountMinor()).isZero();
    assertThat(payoutEvents(run).get(held.getPayoutId()))
        .containsExactly(
            "INCENTIVE_EVENT_TYPE_PAYOUT_HELD_BACK", "INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE");
    assertThat(payoutEvents(run).get(adjustmentsPaid.get(0).getPayoutId()))
        .containsExactly("INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE");
  }

  @Test
  void anAppealDecidedOnTheEnforcementFeedReleasesThePayoutItHeldBack() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String creator = enrolled(run);
    source().recordPerformance(record(run, creator, 1_000_000));
    String appealId = "apl_feed_" + creator;
    openAppeal(creator, appealId);
    ended(run);
    Payout held = settleAndGet(run, creator);
    assertThat(held.getState()).isEqualTo(PayoutState.PAYOUT_STATE_HELD_BACK);

    // the appeal is upheld: the payout is released as it was computed, nothing is added
    enforcement.publish(
        io.creatorgov.enforcement.v1.EnforcementEvent.newBuilder()
            .setEventType(
                io.creatorgov.enforcement.v1.EnforcementEventType
                    .ENFORCEMENT_EVENT_TYPE_APPEAL_DECIDED)
            .setCreatorId(creator)
            .setMarket("MY")
            .setAppealDecided(
                io.creatorgov.enforcement.v1.AppealEvent.newBuilder()
                    .setAppeal(
                        Appeal.newBuilder()
                            .setAppealId(appealId)
                            .setActionId("act_" + appealId)
                            .setCreatorId(creator)
                            .setMarket("MY")
                            .setState(AppealState.APPEAL_STATE_UPHELD)
                            .setDecision(
                                io.creatorgov.enforcement.v1.AppealDecision.newBuilder()
                                    .setOutcome(
                                        io.creatorgov.enforcement.v1.AppealOutcome
                                            .APPEAL_OUTCOME_UPHOLD))))
            .build());

    GetPayoutRequest get = GetPayoutRequest.newBuilder().setPayoutId(held.getPayoutId()).build();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                manager().getPayout(get).getPayout().getState()
                    == PayoutState.PAYOUT_STATE_PAYABLE);
    Payout released = manager().getPayout(get).getPayout();
    assertThat(released.getAmount()).isEqualTo(held.getAmount());
    assertThat(released.getTransfer().getState()).isEqualTo(TransferState.TRANSFER_STATE_PENDING);
    assertThat(
            list(ListPayoutsRequest.newBuilder()
                    .setProgramId(run.program().getProgramId())
                    .setKind(PayoutKind.PAYOUT_KIND_ADJUSTMENT)
                    .build())
                .getPayoutsList())
        .isEmpty();
    assertThat(payoutEvents(run).get(held.getPayoutId()))
        .containsExactly(
            "INCENTIVE_EVENT_TYPE_PAYOUT_HELD_BACK", "INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE");
  }

  @Test
  void earningsRestoredAfterSettlementArePaidByOneAdjustmentPerEvent() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String creator = enrolled(run);
    source().recordPerformance(record(run, creator, 100_000));
    ended(run);
    Payout settled = settleAndGet(run, creator);
    String programId = run.program().getProgramId();

    PayoutViews.Payout first =
        inTransaction(
            () ->
                adjustments.restoredAfterSettlement(
                    FEED, "ee_7", programId, creator, 2_500, "act_7"));
    PayoutViews.Payout replay =
        inTransaction(
            () ->
                adjustments.restoredAfterSettlement(
                    FEED, "ee_7", programId, creator, 2_500, "act_7"));

    assertThat(first.kind()).isEqualTo(io.creatorgov.incentive.domain.PayoutKind.ADJUSTMENT);
    assertThat(first.state()).isEqualTo(io.creatorgov.incentive.domain.PayoutState.PAYABLE);
    assertThat(first.adjustsPayoutId()).isEqualTo(settled.getPayoutId());
    assertThat(replay.payoutId()).isEqualTo(first.payoutId());
    assertThat(ledger(run, creator).getAdjusted().getAmountMinor()).isEqualTo(2_500);
    assertThat(ledger(run, creator).getBalance().getAmountMinor()).isZero();
    assertThat(ledger(run, creator).getPaid().getAmountMinor()).isEqualTo(3_000 + 2_500);
    assertThat(payoutEvents(run).get(first.payoutId()))
        .containsExactly("INCENTIVE_EVENT_TYPE_PAYOUT_PAYABLE");
  }

  @Test
  void aProgrammeReadPlainlyCanBeLockedLaterInTheSameTransaction() {
    Run run = runningProgram(SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE);
    String id = run.program().getProgramId();
    io.creatorgov.kit.auth.CallerIdentity caller =
        new io.creatorgov.kit.auth.CallerIdentity(
            MANAGER, java.util.Set.of(Role.INCENTIVE_MANAGER), java.util.Set.of(), "");

    String state =
        inTransaction(
            () ->
                programRepository
                    .readableBy(caller, id, false)
                    .chain(ignored -> programRepository.lockedFor(caller, id))
                    .chain(ignored -> programRepository.sharedFor(caller, id, false))
                    .map(p -> p.state.name()));

    assertThat(state).isEqualTo("ACTIVE");
  }

  private static final io.creatorgov.kit.auth.CallerIdentity FEED =
      io.creatorgov.kit.auth.CallerIdentity.system("enforcement-feed");

  @Inject io.creatorgov.incentive.service.PayoutAdjustments adjustments;
  @Inject io.creatorgov.incentive.repository.ProgramRepository programRepository;

  private static <T> T inTransaction(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
    try {
      return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
          () -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(work::get));
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  // ---- arrangements -----------------------------------------------------------------------------

  /**
   * An ACTIVE programme paying a 2 % commission bonus and a 1 % GMV share, budget 10,000.00 MYR,
   * cap 500.00 MYR, with the clock frozen one hour into its window.
   */
  Run runningProgram(SuspensionSettlementRule rule) {
    Program.Builder program =
        program(uniqueName("Settle"))
            .clearRewards()
            .addRewards(
                RewardRule.newBuilder()
                    .setCommissionBonus(CommissionBonusReward.newBuilder().setBonusBps(200)))
            .addRewards(
                RewardRule.newBuilder()
                    .setGmvShareCash(GmvShareCashReward.newBuilder().setShareBps(100)))
            .setBudget(
                ProgramBudget.newBuilder()
                    .setTotal(money(1_000_000, "MYR"))
                    .setPerCreatorCap(money(50_000, "MYR")))
            .setSuspensionSettlementRule(rule);
    Program draft = manager().createProgram(create(program)).getProgram();
    Instant start = ProtoTime.toInstant(draft.getWindow().getStartTime());
    clock.freezeAt(start.plus(Duration.ofHours(1)));
    Program active =
        manager()
            .activateProgram(
                ActivateProgramRequest.newBuilder()
                    .setRequestId(requestId())
                    .setProgramId(draft.getProgramId())
                    .build())
            .getProgram();
    return new Run(active, start);
  }

  String enrolled(Run run) {
    String creator = "cr_" + UUID.randomUUID().toString().substring(0, 12);
    creators.register(eligibleCreator(creator).build());
    enforcement.put(points(creator, "MY", 0));
    manager()
        .enroll(
            EnrollRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(run.program().getProgramId())
                .setCreatorId(creator)
                .build());
    return creator;
  }

  /** Ten days after the clock was frozen the programme is ended. */
  void ended(Run run) {
    clock.freezeAt(run.at(Duration.ofDays(10).plusHours(1)));
    manager()
        .endProgram(
            EndProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(run.program().getProgramId())
                .build());
  }

  /** A record two hours into the window. */
  static RecordPerformanceRequest record(Run run, String creator, long gmvMinor) {
    return RecordPerformanceRequest.newBuilder()
        .setRequestId(requestId())
        .setProgramId(run.program().getProgramId())
        .setCreatorId(creator)
        .setOccurredTime(ProtoTime.of(run.at(Duration.ofHours(2))))
        .setAttributedGmv(money(gmvMinor, "MYR"))
        .build();
  }

  void suspend(String creator, Instant from, Instant until) {
    creators.addStatusChange(creator, change(CreatorStatus.CREATOR_STATUS_SUSPENDED, from, ""));
    creators.addStatusChange(
        creator,
        change(CreatorStatus.CREATOR_STATUS_ACTIVE, until, "").toBuilder()
            .setKind(StatusChangeKind.STATUS_CHANGE_KIND_SUSPENSION_EXPIRED)
            .build());
  }

  static StatusHistoryEntry change(CreatorStatus to, Instant at, String appealId) {
    return StatusHistoryEntry.newBuilder()
        .setEntryId("sh_" + UUID.randomUUID())
        .setKind(
            to == CreatorStatus.CREATOR_STATUS_SUSPENDED
                ? StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED
                : StatusChangeKind.STATUS_CHANGE_KIND_REINSTATED)
        .setToStatus(to)
        .setEnforcementActionId(to == CreatorStatus.CREATOR_STATUS_SUSPENDED ? "act_" + at : "")
        .setAppealId(appealId)
        .setChanged(AuditStamp.newBuilder().setCommitTime(ProtoTime.of(at)))
        .build();
  }

  void openAppeal(String creator, String appealId) {
    enforcement.putAppeal(
        Appeal.newBuilder()
            .setAppealId(appealId)
            .setActionId("act_" + appealId)
            .setCreatorId(creator)
            .setMarket("MY")
            .setState(AppealState.APPEAL_STATE_UNDER_REVIEW)
            .build());
  }

  SettleProgramResponse settle(Run run, String requestId) {
    return manager()
        .settleProgram(
            SettleProgramRequest.newBuilder()
                .setRequestId(requestId)
                .setProgramId(run.program().getProgramId())
                .build());
  }

  Payout settleAndGet(Run run, String creator) {
    settle(run, requestId());
    return payoutsOf(run).get(creator);
  }

  /** The programme's SETTLEMENT payouts by creator. */
  Map<String, Payout> payoutsOf(Run run) {
    return list(
            ListPayoutsRequest.newBuilder()
                .setProgramId(run.program().getProgramId())
                .setKind(PayoutKind.PAYOUT_KIND_SETTLEMENT)
                .setPageSize(500)
                .build())
        .getPayoutsList()
        .stream()
        .collect(Collectors.toMap(Payout::getCreatorId, Function.identity()));
  }

  ListPayoutsResponse list(ListPayoutsRequest request) {
    return manager().listPayouts(request);
  }

  Payout report(Payout p, TransferState state, String reference, String failure, String etag) {
    return payouts()
        .reportPayoutTransfer(reportRequest(p, state, reference, failure, etag))
        .getPayout();
  }

  static ReportPayoutTransferRequest reportRequest(
      Payout p, TransferState state, String reference, String failure, String etag) {
    return ReportPayoutTransferRequest.newBuilder()
        .setRequestId(requestId())
        .setPayoutId(p.getPayoutId())
        .setState(state)
        .setTransferReference(reference)
        .setFailureReason(failure)
        .setEtag(etag)
        .build();
  }

  LedgerSummary ledger(Run run, String creator) {
    return manager()
        .getRewardLedger(
            GetRewardLedgerRequest.newBuilder()
                .setProgramId(run.program().getProgramId())
                .setCreatorId(creator)
                .build())
        .getSummary();
  }

  BudgetStatus budget(Run run) {
    return manager()
        .getBudgetStatus(
            GetBudgetStatusRequest.newBuilder().setProgramId(run.program().getProgramId()).build())
        .getBudgetStatus();
  }

  static <T> T retryUntilAvailable(java.util.function.Supplier<T> call)
      throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (attempt > 50 || e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  static int settlementRows(Run run) {
    return count(
        "SELECT count(*) FROM settlement WHERE program_id = ?", run.program().getProgramId());
  }

  static int count(String sql, String parameter) {
    try (Connection c = TestSql.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The programme's feed events, in sequence order. */
  static List<IncentiveEvent> events(Run run) {
    List<IncentiveEvent> events = new ArrayList<>();
    try (Connection c = TestSql.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT payload FROM incentive_event WHERE program_id = ? ORDER BY sequence")) {
      s.setString(1, run.program().getProgramId());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(IncentiveEvent.parseFrom(rs.getBytes(1)));
        }
      }
      return events;
    } catch (SQLException | com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> eventTypes(Run run) {
    return events(run).stream().map(e -> e.getEventType().name()).toList();
  }

  /** The payout events per payout id, in order. */
  static Map<String, List<String>> payoutEvents(Run run) {
    return events(run).stream()
        .filter(IncentiveEvent::hasPayout)
        .collect(
            Collectors.groupingBy(
                e -> e.getPayout().getPayoutId(),
                Collectors.mapping(e -> e.getEventType().name(), Collectors.toList())));
  }

  IncentiveServiceBlockingStub as(String token) {
    return client.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  IncentiveServiceBlockingStub manager() {
    return as(TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER));
  }

  IncentiveServiceBlockingStub source() {
    return as(TestAuthKeys.token(SOURCE, Role.SERVICE));
  }

  IncentiveServiceBlockingStub payouts() {
    return as(TestAuthKeys.token(PAYOUTS, Role.SERVICE));
  }
}
