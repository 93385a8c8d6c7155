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

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.v1.AccrualCapReason;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.BudgetStatus;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.GetBudgetStatusRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerResponse;
import io.creatorgov.incentive.v1.GmvMilestone;
import io.creatorgov.incentive.v1.GmvMilestoneCashReward;
import io.creatorgov.incentive.v1.GmvShareCashReward;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.LedgerEntry;
import io.creatorgov.incentive.v1.LedgerEntryKind;
import io.creatorgov.incentive.v1.NonAccrualReason;
import io.creatorgov.incentive.v1.PerformanceRecord;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.RecordPerformanceRequest;
import io.creatorgov.incentive.v1.RecordPerformanceResponse;
import io.creatorgov.incentive.v1.RewardKind;
import io.creatorgov.incentive.v1.RewardRule;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RecordPerformance, GetRewardLedger and GetBudgetStatus through the real gRPC API: accrual per
 * rule, replays, partial accrual under the cap and the budget, reversals, and the budget and cap
 * holding exactly under many concurrent accruals.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakeCreatorService.class)
@QuarkusTestResource(FakeEnforcementService.class)
class AccrualGrpcServiceTest {
  private static final String MANAGER = "manager-accrual";
  private static final String SOURCE = "orders-service";

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;
  @FakeEnforcementService.Inject FakeEnforcementService.Enforcement enforcement;

  // ---- accrual per rule -------------------------------------------------------------------------

  @Test
  void accrualEarnsTheShareAndEveryMilestoneReachedInRuleOrder() {
    Program p = activeProgram(10_000_000, 1_000_000L);
    String creator = enrolled(p);

    RecordPerformanceResponse first = source().recordPerformance(record(p, creator, 600_000));
    RecordPerformanceResponse second = source().recordPerformance(record(p, creator, 500_000));

    PerformanceRecord r1 = first.getRecord();
    assertThat(r1.getNonAccrualReason()).isEqualTo(NonAccrualReason.NON_ACCRUAL_REASON_NONE);
    assertThat(r1.getCappedBy()).isEqualTo(AccrualCapReason.ACCRUAL_CAP_REASON_NONE);
    assertThat(r1.getRequestedAmount().getAmountMinor()).isEqualTo(6_000);
    assertThat(r1.getGrantedAmount().getAmountMinor()).isEqualTo(6_000);
    PerformanceRecord r2 = second.getRecord();
    // 1 % of 5,000.00 and the 10,000.00 milestone (cumulative 11,000.00)
    assertThat(r2.getComponentsList())
        .extracting(c -> c.getRewardKind(), c -> c.getGrantedAmount().getAmountMinor())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RewardKind.REWARD_KIND_GMV_SHARE_CASH, 5_000L),
            org.assertj.core.groups.Tuple.tuple(
                RewardKind.REWARD_KIND_GMV_MILESTONE_CASH, 10_000L));
    assertThat(r2.getComponents(1).getMilestoneIndexesList()).containsExactly(0);
    assertThat(r2.getCreatorNetAccruedAfter().getAmountMinor()).isEqualTo(21_000);
    assertThat(r2.getBudgetRemainingAfter().getAmountMinor()).isEqualTo(10_000_000 - 21_000);
    assertThat(second.getLedgerEntriesList())
        .extracting(LedgerEntry::getSequence, LedgerEntry::getKind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, LedgerEntryKind.LEDGER_ENTRY_KIND_ACCRUAL),
            org.assertj.core.groups.Tuple.tuple(3L, LedgerEntryKind.LEDGER_ENTRY_KIND_ACCRUAL));
    assertThat(r2.getLedgerEntryIdsList())
        .containsExactlyElementsOf(
            second.getLedgerEntriesList().stream().map(LedgerEntry::getEntryId).toList());

    GetRewardLedgerResponse ledger = ledger(manager(), p, creator, 2, "");
    assertThat(ledger.getEntriesList())
        .extracting(LedgerEntry::getSequence)
        .containsExactly(1L, 2L);
    assertThat(ledger.getNextPageToken()).isNotEmpty();
    assertThat(ledger(manager(), p, creator, 2, ledger.getNextPageToken()).getEntriesList())
        .extracting(LedgerEntry::getSequence)
        .containsExactly(3L);
    assertThat(ledger.getSummary().getAccrued().getAmountMinor()).isEqualTo(21_000);
    assertThat(ledger.getSummary().getBalance().getAmountMinor()).isEqualTo(21_000);
    assertThat(ledger.getSummary().getCapRemaining().getAmountMinor())
        .isEqualTo(1_000_000 - 21_000);
  }

  @Test
  void aReplayReturnsTheSameRecordAndAccruesNothingTwiceEvenConcurrently() throws Exception {
    Program p = activeProgram(10_000_000, 1_000_000L);
    String creator = enrolled(p);
    RecordPerformanceRequest request = record(p, creator, 300_000);

    List<RecordPerformanceResponse> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<RecordPerformanceResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return source().recordPerformance(request);
                }));
      }
      start.countDown();
      for (Future<RecordPerformanceResponse> f : calls) {
        try {
          answers.add(f.get(60, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          // a replay that met the first delivery still in flight: ABORTED REQUEST_IN_PROGRESS
          assertThat(ErrorDetails.of(e.getCause()).reason())
              .isEqualTo(ErrorReason.ERROR_REASON_REQUEST_IN_PROGRESS);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    answers.add(source().recordPerformance(request));

    assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
    assertThat(answers.get(0).getRecord().getGrantedAmount().getAmountMinor()).isEqualTo(3_000);
    GetRewardLedgerResponse ledger = ledger(manager(), p, creator, 0, "");
    assertThat(ledger.getEntriesList()).hasSize(1);
    assertThat(ledger.getSummary().getNetAccrued().getAmountMinor()).isEqualTo(3_000);
    assertThat(budget(p).getCommitted().getAmountMinor()).isEqualTo(3_000);
  }

  // ---- limits -----------------------------------------------------------------------------------

  @Test
  void theCreatorCapGrantsWhatFitsAndSaysSo() {
    Program p = activeProgram(10_000_000, 8_000L);
    String creator = enrolled(p);

    PerformanceRecord r = source().recordPerformance(record(p, creator, 500_000)).getRecord();
    PerformanceRecord none = source().recordPerformance(record(p, creator, 500_000)).getRecord();

    assertThat(r.getRequestedAmount().getAmountMinor()).isEqualTo(5_000);
    assertThat(r.getGrantedAmount().getAmountMinor()).isEqualTo(5_000);
    // 1 % of 5,000.00 and the 10,000.00 milestone, of which 30.00 fit under the cap
    assertThat(none.getRequestedAmount().getAmountMinor()).isEqualTo(15_000);
    assertThat(none.getGrantedAmount().getAmountMinor()).isEqualTo(3_000);
    assertThat(none.getCappedBy()).isEqualTo(AccrualCapReason.ACCRUAL_CAP_REASON_CREATOR_CAP);
    assertThat(none.getCreatorNetAccruedAfter().getAmountMinor()).isEqualTo(8_000);
    assertThat(budget(p).getCappedCreatorCount()).isEqualTo(1);
  }

  @Test
  void theTotalBudgetGrantsWhatIsLeftAndThenNothing() {
    Program p = activeProgram(7_000, null);
    String a = enrolled(p);
    String b = enrolled(p);

    PerformanceRecord first = source().recordPerformance(record(p, a, 500_000)).getRecord();
    PerformanceRecord partial = source().recordPerformance(record(p, b, 500_000)).getRecord();
    PerformanceRecord nothing = source().recordPerformance(record(p, a, 100_000)).getRecord();

    assertThat(first.getGrantedAmount().getAmountMinor()).isEqualTo(5_000);
    assertThat(partial.getGrantedAmount().getAmountMinor()).isEqualTo(2_000);
    assertThat(partial.getCappedBy()).isEqualTo(AccrualCapReason.ACCRUAL_CAP_REASON_TOTAL_BUDGET);
    assertThat(partial.getBudgetRemainingAfter().getAmountMinor()).isZero();
    assertThat(nothing.getGrantedAmount().getAmountMinor()).isZero();
    assertThat(nothing.getLedgerEntryIdsList()).isEmpty();
    assertThat(nothing.getCappedBy()).isEqualTo(AccrualCapReason.ACCRUAL_CAP_REASON_TOTAL_BUDGET);
    BudgetStatus status = budget(p);
    assertThat(status.getCommitted().getAmountMinor()).isEqualTo(7_000);
    assertThat(status.getRemaining().getAmountMinor()).isZero();
    assertThat(status.getExhausted()).isTrue();
    assertThat(status.getEnrolledCreatorCount()).isEqualTo(2);
    assertThat(status.hasPerCreatorCap()).isFalse();

    // every reward is monetary and nothing is left: nobody else can join
    io.grpc.StatusRuntimeException refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            io.grpc.StatusRuntimeException.class, () -> enrolled(p));
    assertThat(refused).as("an enrolment into an exhausted programme").isNotNull();
    assertThat(io.creatorgov.kit.error.ErrorDetails.of(refused).reason())
        .isEqualTo(io.creatorgov.common.v1.ErrorReason.ERROR_REASON_BUDGET_EXHAUSTED);
  }

  @Test
  void aNegativeGmvReversesTheShareAndUnreachesTheMilestoneFreeingTheBudget() {
    Program p = activeProgram(10_000_000, 1_000_000L);
    String creator = enrolled(p);
    source().recordPerformance(record(p, creator, 1_200_000)); // 12,000 + 10,000 milestone

    RecordPerformanceResponse refund = source().recordPerformance(record(p, creator, -300_000));

    PerformanceRecord r = refund.getRecord();
    assertThat(r.getRequestedAmount().getAmountMinor()).isEqualTo(-13_000);
    assertThat(r.getGrantedAmount().getAmountMinor()).isEqualTo(-13_000);
    assertThat(r.getComponents(1).getMilestoneIndexesList()).containsExactly(0);
    assertThat(refund.getLedgerEntriesList())
        .extracting(LedgerEntry::getKind)
        .containsOnly(LedgerEntryKind.LEDGER_ENTRY_KIND_REVERSAL);
    assertThat(r.getCreatorNetAccruedAfter().getAmountMinor()).isEqualTo(9_000);
    GetRewardLedgerResponse ledger = ledger(manager(), p, creator, 0, "");
    assertThat(ledger.getSummary().getReversed().getAmountMinor()).isEqualTo(13_000);
    assertThat(ledger.getSummary().getBalance().getAmountMinor()).isEqualTo(9_000);
    assertThat(budget(p).getCommitted().getAmountMinor()).isEqualTo(9_000);
    // reaching the milestone again earns it again
    PerformanceRecord again = source().recordPerformance(record(p, creator, 300_000)).getRecord();
    assertThat(again.getGrantedAmount().getAmountMinor()).isEqualTo(13_000);
  }

  @Test
  void aRecordOutsideTheWindowIsStoredWithItsReasonAndAccruesNothing() {
    Program p = activeProgram(10_000_000, 1_000_000L);
    String creator = enrolled(p);
    Instant before = ProtoTime.toInstant(p.getWindow().getStartTime()).minusSeconds(1);

    PerformanceRecord r =
        source()
            .recordPerformance(
                record(p, creator, 500_000).toBuilder()
                    .setOccurredTime(ProtoTime.of(before))
                    .build())
            .getRecord();

    assertThat(r.getNonAccrualReason())
        .isEqualTo(NonAccrualReason.NON_ACCRUAL_REASON_OUTSIDE_WINDOW);
    assertThat(r.getGrantedAmount().getAmountMinor()).isZero();
    assertThat(r.getRequestedAmount().getAmountMinor()).isZero();
    assertThat(r.getComponentsList()).isEmpty();
  }

  @Test
  void aRecordWhileTheEnrolmentIsPausedIsWithheldAndAPeriodMayNotStraddleTheWindowEnd()
      throws Exception {
    Program p = activeProgram(10_000_000, 1_000_000L);
    String creator = enrolled(p);
    TestSql.execute(
        "UPDATE enrollment SET state = 'PAUSED', state_reason = 'CREATOR_SUSPENDED'"
            + " WHERE program_id = ? AND creator_id = '"
            + creator
            + "'",
        p.getProgramId());

    PerformanceRecord withheld =
        source().recordPerformance(record(p, creator, 500_000)).getRecord();
    Instant end = ProtoTime.toInstant(p.getWindow().getEndTime());
    Throwable straddling =
        catchThrowable(
            () ->
                source()
                    .recordPerformance(
                        record(p, creator, 500_000).toBuilder()
                            .setPeriod(
                                IncentiveFixtures.window(
                                    end.minus(Duration.ofDays(1)), end.plus(Duration.ofDays(1))))
                            .build()));

    assertThat(withheld.getNonAccrualReason())
        .isEqualTo(NonAccrualReason.NON_ACCRUAL_REASON_ENROLLMENT_PAUSED);
    assertThat(withheld.getGrantedAmount().getAmountMinor()).isZero();
    assertThat(Status.fromThrowable(straddling).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.of(straddling).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
  }

  @Test
  void aCreatorReadsOnlyTheirOwnLedger() {
    Program p = activeProgram(10_000_000, 1_000_000L);
    String creator = enrolled(p);
    String other = enrolled(p);

    assertThat(
            ledger(as(TestAuthKeys.token(creator, Role.CREATOR)), p, creator, 0, "").hasSummary())
        .isTrue();
    Throwable t =
        catchThrowable(
            () -> ledger(as(TestAuthKeys.token(other, Role.CREATOR)), p, creator, 0, ""));
    assertThat(Status.fromThrowable(t).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorDetails.of(t).reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
  }

  // ---- the budget under concurrency -------------------------------------------------------------

  /**
   * 40 creators × 5 accruals, all released together: half of them ask for more than the cap, and
   * together they ask for 140,000 of a 100,000 budget. Afterwards exactly the budget is granted,
   * nobody is above the cap, and the ledgers, the answers and the budget status agree.
   */
  @Test
  void manyConcurrentAccrualsGrantExactlyTheBudgetAndNobodyPassesTheCap() throws Exception {
    long total = 100_000;
    long cap = 4_000;
    Program p = activeProgram(total, cap);
    List<String> creatorIds = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      creatorIds.add(enrolled(p));
    }
    List<RecordPerformanceRequest> requests = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < creatorIds.size(); i++) {
        long gmv = i % 2 == 0 ? 200_000 : 60_000; // 2,000 (10,000 > cap) or 600 (3,000) each
        requests.add(record(p, creatorIds.get(i), gmv));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(24);
    CountDownLatch start = new CountDownLatch(1);
    List<PerformanceRecord> records = new ArrayList<>();
    try {
      List<Future<RecordPerformanceResponse>> calls = new ArrayList<>();
      for (RecordPerformanceRequest r : requests) {
        calls.add(pool.submit(() -> accrueAfter(start, r)));
      }
      start.countDown();
      for (Future<RecordPerformanceResponse> f : calls) {
        records.add(f.get(120, TimeUnit.SECONDS).getRecord());
      }
    } finally {
      pool.shutdownNow();
    }

    Map<String, Long> grantedPerCreator = new HashMap<>();
    records.forEach(
        r ->
            grantedPerCreator.merge(
                r.getCreatorId(), r.getGrantedAmount().getAmountMinor(), Long::sum));
    long granted = grantedPerCreator.values().stream().mapToLong(Long::longValue).sum();
    assertThat(granted).isEqualTo(total);
    assertThat(grantedPerCreator.values()).allSatisfy(g -> assertThat(g).isBetween(0L, cap));
    long ledgerTotal = 0;
    for (String creator : creatorIds) {
      GetRewardLedgerResponse ledger = ledger(manager(), p, creator, 500, "");
      long net = ledger.getSummary().getNetAccrued().getAmountMinor();
      assertThat(net).isEqualTo(grantedPerCreator.get(creator));
      assertThat(
              ledger.getEntriesList().stream().mapToLong(e -> e.getAmount().getAmountMinor()).sum())
          .isEqualTo(net);
      ledgerTotal += net;
    }
    BudgetStatus status = budget(p);
    assertThat(status.getCommitted().getAmountMinor()).isEqualTo(ledgerTotal).isEqualTo(total);
    assertThat(status.getRemaining().getAmountMinor()).isZero();
    assertThat(status.getExhausted()).isTrue();
    assertThat(records)
        .filteredOn(
            r -> r.getGrantedAmount().getAmountMinor() < r.getRequestedAmount().getAmountMinor())
        .extracting(PerformanceRecord::getCappedBy)
        .doesNotContain(AccrualCapReason.ACCRUAL_CAP_REASON_NONE);
  }

  /** Retries only what the contract says to retry with the same request id. */
  private RecordPerformanceResponse accrueAfter(CountDownLatch start, RecordPerformanceRequest r)
      throws InterruptedException {
    start.await();
    for (int attempt = 0; ; attempt++) {
      try {
        return source().recordPerformance(r);
      } catch (StatusRuntimeException e) {
        if (attempt > 20 || e.getStatus().getCode() != Status.Code.ABORTED) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  // ---- arrangements -----------------------------------------------------------------------------

  /**
   * An ACTIVE programme paying 1 % GMV share and 100.00 at 10,000.00 cumulative GMV, with the given
   * budget and cap (null: none).
   */
  private Program activeProgram(long total, Long cap) {
    ProgramBudget.Builder budget = ProgramBudget.newBuilder().setTotal(money(total, "MYR"));
    if (cap != null) {
      budget.setPerCreatorCap(money(cap, "MYR"));
    }
    Program.Builder program =
        program(uniqueName("Accrual"))
            .clearRewards()
            .addRewards(
                RewardRule.newBuilder()
                    .setGmvShareCash(GmvShareCashReward.newBuilder().setShareBps(100)))
            .addRewards(
                RewardRule.newBuilder()
                    .setGmvMilestoneCash(
                        GmvMilestoneCashReward.newBuilder()
                            .addMilestones(
                                GmvMilestone.newBuilder()
                                    .setGmvThreshold(money(1_000_000, "MYR"))
                                    .setCashReward(money(10_000, "MYR")))))
            .setBudget(budget);
    Program draft = manager().createProgram(create(program)).getProgram();
    return manager()
        .activateProgram(
            ActivateProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(draft.getProgramId())
                .build())
        .getProgram();
  }

  private String enrolled(Program p) {
    String creator = "cr_" + UUID.randomUUID().toString().substring(0, 12);
    creators.register(eligibleCreator(creator).build());
    enforcement.put(points(creator, "MY", 0));
    manager()
        .enroll(
            EnrollRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .setCreatorId(creator)
                .build());
    return creator;
  }

  /** A record an hour into the window. */
  static RecordPerformanceRequest record(Program p, String creator, long gmvMinor) {
    Instant at = ProtoTime.toInstant(p.getWindow().getStartTime()).plus(Duration.ofHours(1));
    return RecordPerformanceRequest.newBuilder()
        .setRequestId(requestId())
        .setProgramId(p.getProgramId())
        .setCreatorId(creator)
        .setOccurredTime(ProtoTime.of(at))
        .setAttributedGmv(money(gmvMinor, "MYR"))
        .setSourceReference("batch-" + UUID.randomUUID())
        .build();
  }

  private GetRewardLedgerResponse ledger(
      IncentiveServiceBlockingStub stub, Program p, String creator, int size, String token) {
    return stub.getRewardLedger(
        GetRewardLedgerRequest.newBuilder()
            .setProgramId(p.getProgramId())
            .setCreatorId(creator)
            .setPageSize(size)
            .setPageToken(token)
            .build());
  }

  private BudgetStatus budget(Program p) {
    return manager()
        .getBudgetStatus(GetBudgetStatusRequest.newBuilder().setProgramId(p.getProgramId()).build())
        .getBudgetStatus();
  }

  private IncentiveServiceBlockingStub as(String token) {
    return client.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private IncentiveServiceBlockingStub manager() {
    return as(TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER));
  }

  private IncentiveServiceBlockingStub source() {
    return as(TestAuthKeys.token(SOURCE, Role.SERVICE));
  }
}
