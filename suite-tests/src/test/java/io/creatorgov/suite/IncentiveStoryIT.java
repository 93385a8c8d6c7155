package io.creatorgov.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.CapabilityDecision;
import io.creatorgov.creator.v1.CommissionTerms;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.GetCommissionTermsRequest;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.enforcement.v1.CommissionHold;
import io.creatorgov.enforcement.v1.CommissionHoldState;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.ListCommissionHoldsRequest;
import io.creatorgov.enforcement.v1.RecordHeldCommissionRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.incentive.v1.CheckEligibilityRequest;
import io.creatorgov.incentive.v1.CheckEligibilityResponse;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.EnrollmentState;
import io.creatorgov.incentive.v1.EnrollmentStateReason;
import io.creatorgov.incentive.v1.GetEnrollmentRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerResponse;
import io.creatorgov.incentive.v1.LedgerEntry;
import io.creatorgov.incentive.v1.LedgerEntryKind;
import io.creatorgov.incentive.v1.ListPayoutsRequest;
import io.creatorgov.incentive.v1.NonAccrualReason;
import io.creatorgov.incentive.v1.Payout;
import io.creatorgov.incentive.v1.PayoutLine;
import io.creatorgov.incentive.v1.PayoutLineKind;
import io.creatorgov.incentive.v1.PayoutRule;
import io.creatorgov.incentive.v1.PayoutState;
import io.creatorgov.incentive.v1.PerformanceRecord;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramState;
import io.creatorgov.incentive.v1.RecordPerformanceRequest;
import io.creatorgov.incentive.v1.RecordPerformanceResponse;
import io.creatorgov.incentive.v1.SettleProgramRequest;
import io.creatorgov.incentive.v1.Settlement;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The incentive part of the cross-service story, with the four real services as processes: a
 * programme manager runs a programme in MY; an enrolled creator earns, is commission-frozen and
 * then suspended by enforcement decisions (the enrolment pauses and a new performance record is
 * withheld, the frozen commission is held), the creator's appeals are overturned (enrolment,
 * withheld earnings, held commission and capabilities all restored, as incentive-service learns it
 * from creator-service's and enforcement-service's feeds), and the programme settles to exactly
 * what the ledger says, once.
 */
class IncentiveStoryIT {
  private static final int BONUS_BPS = Platform.PROGRAMME_BONUS_BPS;
  private static final long MILESTONE_CASH = Platform.PROGRAMME_MILESTONE_CASH;

  private static SuiteProcesses suite;
  private static Platform platform;

  @BeforeAll
  static void startTheSuite() throws Exception {
    suite = SuiteProcesses.startAll();
    platform = new Platform(suite);
    platform.publishSeedPolicies();
  }

  @AfterAll
  static void stopTheSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void
      anOverturnedSuspensionAndFreezeRestoreTheEnrolmentEarningsAndCommissionAndSettleToTheLedger() {
    Creator creator = platform.onboard("MY", "incentive.my." + suffix(), List.of("beauty"));
    String creatorId = creator.getCreatorId();
    Program program = createAndActivateProgram();
    String programId = program.getProgramId();

    // The creator checks eligibility and enrols.
    CheckEligibilityResponse eligibility =
        platform
            .incentives(creatorId, Role.CREATOR)
            .checkEligibility(
                CheckEligibilityRequest.newBuilder()
                    .setProgramId(programId)
                    .setCreatorId(creatorId)
                    .build());
    assertThat(eligibility.getEvaluation().getEligible()).isTrue();
    assertThat(eligibility.getProgramState()).isEqualTo(ProgramState.PROGRAM_STATE_ACTIVE);
    Enrollment enrolled = platform.enroll(programId, creatorId);
    assertThat(enrolled.getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    String enrollmentId = enrolled.getEnrollmentId();

    // Performance accrues: 600.00 MYR GMV → 2 % bonus, below the milestone.
    RecordPerformanceResponse first = record(programId, creatorId, 60_000);
    assertThat(first.getRecord().getGrantedAmount().getAmountMinor()).isEqualTo(1_200);

    // A counterfeit finding: the catalogue's COMMISSION_FREEZE (3 points) — commission is held.
    EnforcementAction freeze = reportAndApply(creator, "COUNTERFEIT_GOODS");
    assertThat(freeze.getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE);
    CommissionTerms frozen = terms(creatorId);
    assertThat(frozen.getFrozen()).isTrue();
    assertThat(frozen.getFreezesList())
        .extracting(r -> r.getEnforcementActionId())
        .contains(freeze.getActionId());
    CapabilityDecision earn = platform.check(creatorId, Capability.CAPABILITY_EARN_COMMISSION);
    assertThat(earn.getAllowed()).isFalse();
    CommissionHold hold = holdOf(freeze.getActionId());
    assertThat(hold.getState()).isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
    long heldCommission = 3_450;
    CommissionHold reported =
        platform
            .enforcement("payouts", Role.SERVICE)
            .recordHeldCommission(
                RecordHeldCommissionRequest.newBuilder()
                    .setRequestId(Platform.requestId())
                    .setHoldId(hold.getHoldId())
                    .setAmountHeld(Platform.myr(heldCommission))
                    .setAsOfTime(ProtoTime.of(Instant.now().minusSeconds(1)))
                    .build())
            .getHold();
    assertThat(reported.getAmountHeld().getAmountMinor()).isEqualTo(heldCommission);

    // A dangerous-goods finding (3 → 9 points): SUSPENSION, the creator is SUSPENDED and
    // incentive-service pauses the enrolment for that action (creator feed).
    EnforcementAction suspension = reportAndApply(creator, "DANGEROUS_GOODS");
    assertThat(suspension.getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_SUSPENSION);
    Enrollment paused =
        awaitEnrollment(enrollmentId, e -> e.getState() == EnrollmentState.ENROLLMENT_STATE_PAUSED);
    assertThat(paused.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_CREATOR_SUSPENDED);
    assertThat(paused.getEnforcementActionId()).isEqualTo(suspension.getActionId());

    // Performance while paused is stored but withheld: 500.00 MYR, which would have crossed the
    // milestone too.
    RecordPerformanceResponse withheld = record(programId, creatorId, 50_000);
    assertThat(withheld.getRecord().getGrantedAmount().getAmountMinor()).isZero();
    assertThat(withheld.getRecord().getNonAccrualReason())
        .isEqualTo(NonAccrualReason.NON_ACCRUAL_REASON_ENROLLMENT_PAUSED);
    assertThat(withheld.getLedgerEntriesList()).isEmpty();
    long balanceWhilePaused =
        ledger(programId, creatorId).getSummary().getBalance().getAmountMinor();
    assertThat(balanceWhilePaused).isEqualTo(1_200);

    // The creator appeals both decisions; a reviewer overturns them.
    EnforcementAction suspensionOverturned =
        platform.overturnOnAppeal(
            creatorId, suspension.getActionId(), "The product was certified; see the test report.");
    EnforcementAction freezeOverturned =
        platform.overturnOnAppeal(
            creatorId, freeze.getActionId(), "The goods are genuine; invoices attached.");
    assertThat(List.of(suspensionOverturned.getState(), freezeOverturned.getState()))
        .containsOnly(EnforcementActionState.ENFORCEMENT_ACTION_STATE_OVERTURNED);

    // Everything restored: the enrolment (enforcement feed), the withheld earnings, the creator's
    // status and commission (creator-service), the held commission (released).
    Enrollment restored =
        awaitEnrollment(
            enrollmentId, e -> e.getState() == EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(restored.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_REINSTATED_AFTER_APPEAL);
    GetRewardLedgerResponse afterOverturn = ledger(programId, creatorId);
    List<LedgerEntry> reinstated =
        afterOverturn.getEntriesList().stream()
            .filter(e -> e.getKind() == LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT)
            .toList();
    long bonusWithheld = 50_000L * BONUS_BPS / 10_000;
    assertThat(reinstated)
        .allSatisfy(
            e -> {
              assertThat(e.getEnforcementActionId()).isEqualTo(suspension.getActionId());
              assertThat(e.getRecordId()).isEqualTo(withheld.getRecord().getRecordId());
            });
    long reinstatedTotal = sum(reinstated);
    assertThat(reinstatedTotal)
        .as("the withheld record's bonus and the milestone it crossed")
        .isEqualTo(bonusWithheld + MILESTONE_CASH);
    assertThat(afterOverturn.getSummary().getReinstated().getAmountMinor())
        .isEqualTo(reinstatedTotal);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(creatorOf(creatorId).getStatus())
                  .isEqualTo(CreatorStatus.CREATOR_STATUS_ACTIVE);
              assertThat(terms(creatorId).getFrozen()).as("commission no longer frozen").isFalse();
              assertThat(
                      platform.check(creatorId, Capability.CAPABILITY_EARN_COMMISSION).getAllowed())
                  .isTrue();
            });
    CommissionHold released = holdOf(freeze.getActionId());
    assertThat(released.getState()).isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_RELEASED);
    assertThat(released.getAmountHeld().getAmountMinor()).isEqualTo(heldCommission);
    assertThat(platform.check(creatorId, Capability.CAPABILITY_GO_LIVE).getAllowed()).isTrue();

    // Earning again after the overturn.
    RecordPerformanceResponse third = record(programId, creatorId, 10_000);
    assertThat(third.getRecord().getGrantedAmount().getAmountMinor()).isEqualTo(200);

    // The programme ends and settles to exactly what the ledger holds, itemised per reward kind.
    List<LedgerEntry> beforeSettlement = ledger(programId, creatorId).getEntriesList();
    long ledgerSum = sum(beforeSettlement);
    Map<String, Long> ledgerByKind = byRewardKind(beforeSettlement);
    Program ended =
        platform
            .incentives("manager-mo", Role.INCENTIVE_MANAGER)
            .endProgram(
                EndProgramRequest.newBuilder()
                    .setRequestId(Platform.requestId())
                    .setProgramId(programId)
                    .setReason("suite: the sale is over")
                    .build())
            .getProgram();
    assertThat(ended.getState()).isEqualTo(ProgramState.PROGRAM_STATE_ENDED);
    Settlement settlement = settle(programId);
    Payout payout = onlyPayout(programId);
    assertThat(payout.getState()).isEqualTo(PayoutState.PAYOUT_STATE_PAYABLE);
    assertThat(payout.getRuleApplied())
        .as("the overturned suspension is no lapse")
        .isEqualTo(PayoutRule.PAYOUT_RULE_FULL);
    assertThat(payout.getStandingLapsesList()).isEmpty();
    assertThat(payout.getAmount().getAmountMinor()).isEqualTo(ledgerSum);
    assertThat(payout.getBalanceBefore().getAmountMinor()).isEqualTo(ledgerSum);
    assertThat(payout.getForfeited().getAmountMinor()).isZero();
    assertThat(settlement.getTotalPaid().getAmountMinor()).isEqualTo(ledgerSum);
    assertThat(settlement.getTotalBalance().getAmountMinor()).isEqualTo(ledgerSum);
    assertThat(settlement.getTotalForfeited().getAmountMinor()).isZero();
    Map<PayoutLineKind, Long> lines =
        payout.getLinesList().stream()
            .collect(Collectors.toMap(PayoutLine::getKind, l -> l.getAmount().getAmountMinor()));
    assertThat(lines)
        .containsEntry(
            PayoutLineKind.PAYOUT_LINE_KIND_COMMISSION_BONUS, ledgerByKind.get("COMMISSION_BONUS"))
        .containsEntry(
            PayoutLineKind.PAYOUT_LINE_KIND_GMV_MILESTONE_CASH,
            ledgerByKind.get("GMV_MILESTONE_CASH"));
    assertThat(lines.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ledgerSum);
    GetRewardLedgerResponse settled = ledger(programId, creatorId);
    assertThat(settled.getSummary().getBalance().getAmountMinor()).isZero();
    assertThat(settled.getSummary().getPaid().getAmountMinor()).isEqualTo(ledgerSum);
    List<LedgerEntry> paid =
        settled.getEntriesList().stream()
            .filter(e -> e.getKind() == LedgerEntryKind.LEDGER_ENTRY_KIND_PAYOUT)
            .toList();
    assertThat(paid).allSatisfy(e -> assertThat(e.getPayoutId()).isEqualTo(payout.getPayoutId()));
    assertThat(sum(paid)).isEqualTo(-ledgerSum);
    List<String> itemised = new java.util.ArrayList<>();
    beforeSettlement.forEach(e -> itemised.add(e.getEntryId()));
    paid.forEach(e -> itemised.add(e.getEntryId()));
    assertThat(
            payout.getLinesList().stream()
                .flatMap(l -> l.getLedgerEntryIdsList().stream())
                .toList())
        .as("every line names the entries that make it up, each entry on one line")
        .containsExactlyInAnyOrderElementsOf(itemised);

    // Settling again (another request id) returns the same settlement and pays nothing more.
    Settlement again = settle(programId);
    assertThat(again).isEqualTo(settlement);
    assertThat(onlyPayout(programId)).isEqualTo(payout);

    long expected = 1_200 + bonusWithheld + MILESTONE_CASH + 200;
    assertThat(ledgerSum).isEqualTo(expected);
    String name = "anOverturnedSuspensionAndFreeze";
    System.out.println(name + ": ledger entries before settlement=" + beforeSettlement.size());
    System.out.println(name + ": ledger sum (minor MYR)=" + ledgerSum);
    System.out.println(name + ": reinstated after the overturn=" + reinstatedTotal);
    System.out.println(name + ": payout amount=" + payout.getAmount().getAmountMinor());
    System.out.println(name + ": payout lines=" + lines);
    System.out.println(name + ": commission held then released=" + heldCommission);
    System.out.println(
        name
            + ": settle calls=2, distinct settlements="
            + java.util.stream.Stream.of(settlement, again)
                .map(Settlement::getSettlementId)
                .distinct()
                .count());
  }

  // ---- steps -----------------------------------------------------------------------------------

  private static Program createAndActivateProgram() {
    Program draft = platform.createProgramme("Suite mega sale " + suffix());
    assertThat(draft.getState()).isEqualTo(ProgramState.PROGRAM_STATE_DRAFT);
    Program active = platform.activateProgramme(draft.getProgramId());
    assertThat(active.getState()).isEqualTo(ProgramState.PROGRAM_STATE_ACTIVE);
    return active;
  }

  /** The sales system reports {@code gmvMinor} of attributed GMV that happened just now. */
  private static RecordPerformanceResponse record(String programId, String creatorId, long gmv) {
    RecordPerformanceResponse response =
        platform
            .incentives("sales-attribution", Role.SERVICE)
            .recordPerformance(
                RecordPerformanceRequest.newBuilder()
                    .setRequestId(Platform.requestId())
                    .setProgramId(programId)
                    .setCreatorId(creatorId)
                    .setOccurredTime(ProtoTime.of(Instant.now()))
                    .setAttributedGmv(Platform.myr(gmv))
                    .setOrderCount(3)
                    .build());
    PerformanceRecord r = response.getRecord();
    assertThat(r.getAttributedGmv().getAmountMinor()).isEqualTo(gmv);
    return response;
  }

  private static EnforcementAction reportAndApply(Creator creator, String code) {
    ReportViolationResponse report =
        platform.report(Platform.requestId(), creator, code, Instant.now());
    EnforcementAction action = platform.awaitApplied(report.getViolation().getActionId());
    assertThat(action.getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    return action;
  }

  private static Enrollment awaitEnrollment(
      String enrollmentId, java.util.function.Predicate<Enrollment> done) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                platform
                    .incentives("dashboards", Role.AUDITOR)
                    .getEnrollment(
                        GetEnrollmentRequest.newBuilder().setEnrollmentId(enrollmentId).build())
                    .getEnrollment(),
            done::test);
  }

  private static GetRewardLedgerResponse ledger(String programId, String creatorId) {
    return platform
        .incentives(creatorId, Role.CREATOR)
        .getRewardLedger(
            GetRewardLedgerRequest.newBuilder()
                .setProgramId(programId)
                .setCreatorId(creatorId)
                .setPageSize(500)
                .build());
  }

  private static Settlement settle(String programId) {
    return platform
        .incentives("manager-mo", Role.INCENTIVE_MANAGER)
        .settleProgram(
            SettleProgramRequest.newBuilder()
                .setRequestId(Platform.requestId())
                .setProgramId(programId)
                .build())
        .getSettlement();
  }

  private static Payout onlyPayout(String programId) {
    List<Payout> payouts =
        platform
            .incentives("payouts", Role.SERVICE)
            .listPayouts(ListPayoutsRequest.newBuilder().setProgramId(programId).build())
            .getPayoutsList();
    assertThat(payouts).hasSize(1);
    return payouts.get(0);
  }

  private static CommissionTerms terms(String creatorId) {
    return platform
        .creators("payouts", Role.SERVICE)
        .getCommissionTerms(GetCommissionTermsRequest.newBuilder().setCreatorId(creatorId).build())
        .getTerms();
  }

  private static Creator creatorOf(String creatorId) {
    return platform
        .creators("payouts", Role.SERVICE)
        .getCreator(GetCreatorRequest.newBuilder().setCreatorId(creatorId).build())
        .getCreator();
  }

  private static CommissionHold holdOf(String actionId) {
    List<CommissionHold> holds =
        platform
            .enforcement("payouts", Role.SERVICE)
            .listCommissionHolds(
                ListCommissionHoldsRequest.newBuilder().setActionId(actionId).build())
            .getHoldsList();
    assertThat(holds).as("the hold of %s", actionId).hasSize(1);
    return holds.get(0);
  }

  private static long sum(List<LedgerEntry> entries) {
    return entries.stream().mapToLong(e -> e.getAmount().getAmountMinor()).sum();
  }

  /** Ledger amounts per reward kind, keyed by the kind's name without its prefix. */
  private static Map<String, Long> byRewardKind(List<LedgerEntry> entries) {
    return entries.stream()
        .collect(
            Collectors.groupingBy(
                e -> e.getRewardKind().name().replace("REWARD_KIND_", ""),
                Collectors.summingLong(e -> e.getAmount().getAmountMinor())));
  }

  private static String suffix() {
    return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }
}
