package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.eligibleCreator;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.money;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.points;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.creatorgov.common.v1.ActorKind;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.CreatorStatusChanged;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.creator.v1.RestrictionApplied;
import io.creatorgov.creator.v1.StatusChangeKind;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.enforcement.v1.ActionEvent;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementEventType;
import io.creatorgov.incentive.client.CreatorFeedConsumer;
import io.creatorgov.incentive.client.EnforcementFeedConsumer;
import io.creatorgov.incentive.domain.EnrollmentFact;
import io.creatorgov.incentive.service.FeedReactions;
import io.creatorgov.incentive.service.FeedReactions.Applied;
import io.creatorgov.incentive.service.FeedReactions.FeedPosition;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.BudgetStatus;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.EnrollmentState;
import io.creatorgov.incentive.v1.EnrollmentStateReason;
import io.creatorgov.incentive.v1.GetBudgetStatusRequest;
import io.creatorgov.incentive.v1.GetEnrollmentRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerRequest;
import io.creatorgov.incentive.v1.GetRewardLedgerResponse;
import io.creatorgov.incentive.v1.GmvShareCashReward;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.LedgerEntry;
import io.creatorgov.incentive.v1.LedgerEntryKind;
import io.creatorgov.incentive.v1.LedgerSummary;
import io.creatorgov.incentive.v1.ListPayoutsRequest;
import io.creatorgov.incentive.v1.NonAccrualReason;
import io.creatorgov.incentive.v1.Payout;
import io.creatorgov.incentive.v1.PayoutKind;
import io.creatorgov.incentive.v1.PerformanceRecord;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.RecordPerformanceRequest;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.SettleProgramRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The creator and enforcement feeds drive enrolments through the real consumers, the real database
 * and the fakes' live feeds: pause, disqualify and reinstate (with the withheld earnings accrued
 * only after an overturn or reversal), exactly once across a restart of the consumers, with quiet
 * filtered feeds still advancing the stored tokens.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakeCreatorService.class)
@QuarkusTestResource(FakeEnforcementService.class)
class EnrollmentFeedsTest {
  private static final String MANAGER = "manager-feeds";
  private static final String SOURCE = "orders-service";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;
  @FakeEnforcementService.Inject FakeEnforcementService.Enforcement enforcement;

  @Inject CreatorFeedConsumer creatorConsumer;
  @Inject EnforcementFeedConsumer enforcementConsumer;
  @Inject FeedReactions reactions;

  @BeforeEach
  void following() {
    creators.down = false;
    enforcement.down = false;
    creatorConsumer.start();
    enforcementConsumer.start();
    await().atMost(WAIT).until(() -> creators.openStreams() > 0 && enforcement.openStreams() > 0);
  }

  @AfterEach
  void stillFollowing() {
    creatorConsumer.start();
    enforcementConsumer.start();
  }

  // ---- suspension -------------------------------------------------------------------------------

  @Test
  void aSuspensionPausesAndItsEndReinstatesWithoutAccruingWhatWasWithheld() throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();
    accrue(p, creator, 100_000); // 1 % → 1,000

    creators.publish(
        statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED, "act_s1"));
    Enrollment paused = awaitState(e, EnrollmentState.ENROLLMENT_STATE_PAUSED);
    assertThat(paused.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_CREATOR_SUSPENDED);
    assertThat(paused.getEnforcementActionId()).isEqualTo("act_s1");
    assertThat(paused.getLastUpdated().getActor().getKind()).isEqualTo(ActorKind.ACTOR_KIND_SYSTEM);
    assertThat(paused.getInactiveIntervalsList()).hasSize(1);

    PerformanceRecord withheld = accrue(p, creator, 200_000);
    assertThat(withheld.getNonAccrualReason())
        .isEqualTo(NonAccrualReason.NON_ACCRUAL_REASON_ENROLLMENT_PAUSED);

    creators.publish(
        statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_SUSPENSION_EXPIRED, "act_s1"));
    Enrollment back = awaitState(e, EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(back.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_SUSPENSION_ENDED);
    assertThat(back.getInactiveIntervalsList()).hasSize(1);
    assertThat(back.getInactiveIntervals(0).hasEndTime()).isTrue();

    GetRewardLedgerResponse ledger = ledger(p, creator);
    assertThat(ledger.getEntriesList())
        .extracting(LedgerEntry::getKind, x -> x.getAmount().getAmountMinor())
        .containsExactly(tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_ACCRUAL, 1_000L));
    assertThat(budget(p).getCommitted().getAmountMinor()).isEqualTo(1_000);
    assertThat(enrollmentEvents(e)).isEqualTo(3); // enrolled, paused, enrolled
  }

  // ---- ban and appeal ---------------------------------------------------------------------------

  @Test
  void aBanDisqualifiesAndItsOverturnReinstatesAfterAppealAccruingTheWithheldRecords()
      throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();
    PerformanceRecord r1 = accrue(p, creator, 100_000);

    creators.publish(statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_BANNED, "act_b1"));
    Enrollment out = awaitState(e, EnrollmentState.ENROLLMENT_STATE_DISQUALIFIED);
    assertThat(out.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_CREATOR_BANNED);
    PerformanceRecord r2 = accrue(p, creator, 200_000);
    PerformanceRecord r3 = accrue(p, creator, 300_000);
    assertThat(List.of(r2.getNonAccrualReason(), r3.getNonAccrualReason()))
        .containsOnly(NonAccrualReason.NON_ACCRUAL_REASON_ENROLLMENT_ENDED);
    assertThat(budget(p).getCommitted().getAmountMinor()).isEqualTo(1_000);

    // the creator feed's UNBANNED cites the appeal: the enforcement feed's overturn acts on it
    creators.publish(
        statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_UNBANNED, "act_b1").toBuilder()
            .setStatusChanged(
                CreatorStatusChanged.newBuilder()
                    .setEntry(
                        entry(creator, StatusChangeKind.STATUS_CHANGE_KIND_UNBANNED, "act_b1")
                            .setAppealId("apl_1")))
            .build());
    enforcement.publish(
        undone(creator, "act_b1", EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED));

    Enrollment back = awaitState(e, EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(back.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_REINSTATED_AFTER_APPEAL);
    assertThat(back.getEnforcementActionId()).isEqualTo("act_b1");
    assertThat(ledger(p, creator).getEntriesList())
        .extracting(
            LedgerEntry::getKind, x -> x.getAmount().getAmountMinor(), LedgerEntry::getRecordId)
        .containsExactly(
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_ACCRUAL, 1_000L, r1.getRecordId()),
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT, 2_000L, r2.getRecordId()),
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT, 3_000L, r3.getRecordId()));
    GetRewardLedgerResponse ledger = ledger(p, creator);
    assertThat(ledger.getEntries(1).getEnforcementActionId()).isEqualTo("act_b1");
    assertThat(ledger.getEntries(1).getSourceRequestId()).startsWith("ee_");
    assertThat(ledger.getEntries(0).getEnforcementActionId()).isEmpty();
    // balance = accrued + reinstated
    assertThat(ledger.getSummary().getAccrued().getAmountMinor()).isEqualTo(1_000);
    assertThat(ledger.getSummary().getReinstated().getAmountMinor()).isEqualTo(5_000);
    assertThat(ledger.getSummary().getBalance().getAmountMinor()).isEqualTo(6_000);
    BudgetStatus budget = budget(p);
    assertThat(budget.getCommitted().getAmountMinor()).isEqualTo(6_000);
    assertThat(budget.getRemaining().getAmountMinor()).isEqualTo(1_000_000 - 6_000);

    // accrual after reinstatement is normal again
    assertThat(accrue(p, creator, 100_000).getGrantedAmount().getAmountMinor()).isEqualTo(1_000);
  }

  @Test
  void reinstatedEarningsStayWithinTheBudgetAndTheCap() throws Exception {
    Program p = activeProgram(1_000_000, 2_500L);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();
    accrue(p, creator, 100_000); // 1,000 of the 2,500 cap

    creators.publish(statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_BANNED, "act_b2"));
    awaitState(e, EnrollmentState.ENROLLMENT_STATE_DISQUALIFIED);
    accrue(p, creator, 100_000);
    accrue(p, creator, 200_000);
    enforcement.publish(
        undone(creator, "act_b2", EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_MODIFIED));
    awaitState(e, EnrollmentState.ENROLLMENT_STATE_ENROLLED);

    assertThat(ledger(p, creator).getEntriesList())
        .extracting(LedgerEntry::getKind, x -> x.getAmount().getAmountMinor())
        .containsExactly(
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_ACCRUAL, 1_000L),
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT, 1_000L),
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT, 500L)); // the cap's rest
    assertThat(budget(p).getCommitted().getAmountMinor()).isEqualTo(2_500);
  }

  // ---- reversal ---------------------------------------------------------------------------------

  @Test
  void aReversedSuspensionReinstatesAfterReversalAccruingWhatWasWithheld() throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();

    creators.publish(
        statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED, "act_r1"));
    awaitState(e, EnrollmentState.ENROLLMENT_STATE_PAUSED);
    PerformanceRecord withheld = accrue(p, creator, 400_000);
    enforcement.publish(
        undone(creator, "act_r1", EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_REVERSED));

    Enrollment back = awaitState(e, EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(back.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_REINSTATED_AFTER_REVERSAL);
    assertThat(ledger(p, creator).getEntriesList())
        .extracting(
            LedgerEntry::getKind, x -> x.getAmount().getAmountMinor(), LedgerEntry::getRecordId)
        .containsExactly(
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT, 4_000L, withheld.getRecordId()));
  }

  @Test
  void aBanOverturnedAfterSettlementPaysTheWithheldEarningsByOneAdjustmentAndTheLedgerAddsUp()
      throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();
    String ban = "act_ban_" + creator; // action ids are unique on the enforcement feed
    accrue(p, creator, 100_000); // 1 % → 1,000

    creators.publish(statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_BANNED, ban));
    awaitState(e, EnrollmentState.ENROLLMENT_STATE_DISQUALIFIED);
    PerformanceRecord withheld = accrue(p, creator, 250_000);
    assertThat(withheld.getNonAccrualReason())
        .isEqualTo(NonAccrualReason.NON_ACCRUAL_REASON_ENROLLMENT_ENDED);
    manager()
        .endProgram(
            EndProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .build());
    manager()
        .settleProgram(
            SettleProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .build());
    assertThat(payouts(p, creator, PayoutKind.PAYOUT_KIND_ADJUSTMENT)).isEmpty();

    enforcement.publish(
        undone(creator, ban, EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED));

    await()
        .atMost(WAIT)
        .until(() -> payouts(p, creator, PayoutKind.PAYOUT_KIND_ADJUSTMENT).size() == 1);
    Payout adjustment = payouts(p, creator, PayoutKind.PAYOUT_KIND_ADJUSTMENT).get(0);
    assertThat(adjustment.getAmount().getAmountMinor()).isEqualTo(2_500);
    // the programme is over: reinstated, the enrolment completes instead of accruing again
    assertThat(awaitState(e, EnrollmentState.ENROLLMENT_STATE_COMPLETED).getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_REINSTATED_AFTER_APPEAL);
    LedgerSummary summary = ledger(p, creator).getSummary();
    assertThat(summary.getReinstated().getAmountMinor()).isEqualTo(2_500);
    assertThat(summary.getBalance().getAmountMinor()).isZero();
    assertThat(
            summary.getAccrued().getAmountMinor()
                + summary.getReinstated().getAmountMinor()
                - summary.getForfeited().getAmountMinor()
                - summary.getPaid().getAmountMinor())
        .as("accrued + reinstated - forfeited - paid = balance")
        .isEqualTo(summary.getBalance().getAmountMinor());
    long paidOut =
        payouts(p, creator, PayoutKind.PAYOUT_KIND_UNSPECIFIED).stream()
            .mapToLong(x -> x.getAmount().getAmountMinor())
            .sum();
    assertThat(paidOut)
        .as("every payout is in the ledger")
        .isEqualTo(summary.getPaid().getAmountMinor());
  }

  // ---- restrictions and what is ignored ---------------------------------------------------------

  @Test
  void aCampaignIneligibleRestrictionDisqualifies() throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();

    creators.publish(restriction(creator, RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED, "act_x"));
    creators.publish(
        restriction(creator, RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE, "act_c1"));

    Enrollment out = awaitState(e, EnrollmentState.ENROLLMENT_STATE_DISQUALIFIED);
    assertThat(out.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_CAMPAIGN_INELIGIBLE);
    assertThat(out.getEnforcementActionId()).isEqualTo("act_c1");
    assertThat(enrollmentEvents(e)).isEqualTo(2);
  }

  @Test
  void eventsOfUnknownCreatorsAndUnrelatedActionsOnlyAdvanceTheCheckpoints() throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();

    creators.publish(
        statusChanged("cr_nobody", StatusChangeKind.STATUS_CHANGE_KIND_BANNED, "act_n"));
    enforcement.publish(
        undone(
            creator, "act_other", EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED));
    EnforcementEvent appeal =
        enforcement.publish(
            EnforcementEvent.newBuilder()
                .setEventType(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_APPEAL_DECIDED)
                .setCreatorId(creator)
                .setMarket("MY")
                .build());
    CreatorEvent last =
        creators.publish(
            statusChanged("cr_nobody2", StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED, "act_n2"));

    await().atMost(WAIT).until(() -> storedSequence("creator") == last.getEnvelope().getSequence());
    await()
        .atMost(WAIT)
        .until(() -> storedSequence("enforcement") == appeal.getEnvelope().getSequence());
    assertThat(enrollment(e).getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(enrollmentEvents(e)).isEqualTo(1);
  }

  // ---- restarts, redelivery, quiet feeds --------------------------------------------------------

  @Test
  void eventsPublishedWhileTheConsumersAreStoppedAreAppliedOnceFromTheStoredTokenAfterRestart()
      throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment a = enrolled(p);
    Enrollment b = enrolled(p);
    creators.publish(
        statusChanged(a.getCreatorId(), StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED, "act_a"));
    awaitState(a, EnrollmentState.ENROLLMENT_STATE_PAUSED);
    creators.checkpoint();
    enforcement.checkpoint();
    await().atMost(WAIT).until(() -> storedSequence("creator") == creators.feedSize());
    await().atMost(WAIT).until(() -> storedSequence("enforcement") == enforcement.feedSize());
    String creatorToken = storedToken("creator");
    String enforcementToken = storedToken("enforcement");

    creatorConsumer.stop();
    enforcementConsumer.stop();
    await().atMost(WAIT).until(() -> creators.openStreams() == 0 && enforcement.openStreams() == 0);
    int creatorStreams = creators.streamRequests.size();
    int enforcementStreams = enforcement.streamRequests.size();

    creators.publish(
        statusChanged(b.getCreatorId(), StatusChangeKind.STATUS_CHANGE_KIND_BANNED, "act_b"));
    PerformanceRecord withheld = accrue(p, a.getCreatorId(), 500_000);
    enforcement.publish(
        undone(
            a.getCreatorId(),
            "act_a",
            EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED));
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(enrollment(b).getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(enrollment(a).getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_PAUSED);

    creatorConsumer.start();
    enforcementConsumer.start();

    awaitState(b, EnrollmentState.ENROLLMENT_STATE_DISQUALIFIED);
    awaitState(a, EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    // resumed from the PERSISTED tokens, not from now and not from the start
    assertThat(creators.streamRequests.get(creatorStreams).getResumeToken())
        .isEqualTo(creatorToken);
    assertThat(creators.streamRequests.get(creatorStreams).getStartFromNow()).isFalse();
    assertThat(enforcement.streamRequests.get(enforcementStreams).getResumeToken())
        .isEqualTo(enforcementToken);
    assertThat(ledger(p, a.getCreatorId()).getEntriesList())
        .extracting(LedgerEntry::getKind, LedgerEntry::getRecordId)
        .containsExactly(
            tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT, withheld.getRecordId()));
    assertThat(enrollmentEvents(a)).isEqualTo(3);
    assertThat(enrollmentEvents(b)).isEqualTo(2);
  }

  @Test
  void anEventDeliveredAgainAfterTheCheckpointWasLostIsAppliedOnlyOnce() throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();
    creators.publish(statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_BANNED, "act_d"));
    awaitState(e, EnrollmentState.ENROLLMENT_STATE_DISQUALIFIED);
    accrue(p, creator, 300_000);
    enforcement.checkpoint();
    await().atMost(WAIT).until(() -> storedSequence("enforcement") == enforcement.feedSize());
    String before = storedToken("enforcement");
    long sequenceBefore = storedSequence("enforcement");
    EnforcementEvent overturn =
        enforcement.publish(
            undone(
                creator, "act_d", EnforcementEventType.ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED));
    awaitState(e, EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    await()
        .atMost(WAIT)
        .until(() -> storedSequence("enforcement") == overturn.getEnvelope().getSequence());

    // as if the commit of the checkpoint had been lost: the consumer reads the overturn again
    enforcementConsumer.stop();
    TestSql.execute(
        "UPDATE feed_checkpoint SET resume_token = ?, last_sequence = ? WHERE feed = 'enforcement'",
        before,
        sequenceBefore);
    int streams = enforcement.streamRequests.size();
    enforcementConsumer.start();
    await()
        .atMost(WAIT)
        .until(() -> storedSequence("enforcement") == overturn.getEnvelope().getSequence());
    assertThat(enforcement.streamRequests.get(streams).getResumeToken()).isEqualTo(before);

    assertThat(ledger(p, creator).getEntriesList())
        .extracting(LedgerEntry::getKind, x -> x.getAmount().getAmountMinor())
        .containsExactly(tuple(LedgerEntryKind.LEDGER_ENTRY_KIND_REINSTATEMENT, 3_000L));
    assertThat(budget(p).getCommitted().getAmountMinor()).isEqualTo(3_000);
    assertThat(enrollmentEvents(e)).isEqualTo(3);
  }

  @Test
  void anItemAtOrBelowTheStoredSequenceIsRecognisedAsAlreadyAppliedAndChangesNothing()
      throws Throwable {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();
    creatorConsumer.stop();
    await().atMost(WAIT).until(() -> creators.openStreams() == 0);
    long at = storedSequence("creator") + 100;
    var suspended = new EnrollmentFact.CreatorSuspended(creator, "act_q");
    FeedPosition first = new FeedPosition(Long.toString(at), at, "ce_q1");

    Applied once = apply(first, suspended);
    Applied ended =
        apply(
            new FeedPosition(Long.toString(at + 1), at + 1, "ce_q2"),
            new EnrollmentFact.SuspensionEnded(creator, "act_q"));
    // the suspension delivered again (a second instance, a crash before the acknowledgement)
    Applied again = apply(first, suspended);

    assertThat(once).isEqualTo(new Applied(false, 1));
    assertThat(ended).isEqualTo(new Applied(false, 1));
    assertThat(again).isEqualTo(new Applied(true, 0));
    assertThat(enrollment(e).getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(storedSequence("creator")).isEqualTo(at + 1);
    assertThat(enrollmentEvents(e)).isEqualTo(3);
    // put the stored position back where the fake's feed is, for the consumer
    TestSql.execute(
        "UPDATE feed_checkpoint SET resume_token = ?, last_sequence = ? WHERE feed = 'creator'",
        Long.toString(creators.feedSize()),
        creators.feedSize());
  }

  private Applied apply(FeedPosition position, EnrollmentFact fact) throws Throwable {
    return VertxContextSupport.subscribeAndAwait(
        () -> reactions.apply(FeedReactions.CREATOR_FEED, position, fact));
  }

  @Test
  void anExpiredTokenIsRecoveredFromTheCreatorsCurrentStatusThenTheFeedIsFollowedFromNow()
      throws Exception {
    Program p = activeProgram(1_000_000, null);
    Enrollment e = enrolled(p);
    String creator = e.getCreatorId();
    creators.checkpoint();
    await().atMost(WAIT).until(() -> storedSequence("creator") == creators.feedSize());
    String stale = storedToken("creator");
    creatorConsumer.stop();
    await().atMost(WAIT).until(() -> creators.openStreams() == 0);

    // away past the retention: the suspension's event is gone for this consumer
    creators.register(
        eligibleCreator(creator).setStatus(CreatorStatus.CREATOR_STATUS_SUSPENDED).build());
    creators.publish(
        statusChanged(creator, StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED, "act_gone"));
    creators.tokensExpiredBelow = creators.feedSize() + 1;
    int streams = creators.streamRequests.size();
    try {
      creatorConsumer.start();

      Enrollment paused = awaitState(e, EnrollmentState.ENROLLMENT_STATE_PAUSED);
      assertThat(paused.getStateReason())
          .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_CREATOR_SUSPENDED);
      await().atMost(WAIT).until(() -> creatorConsumer.following());
      assertThat(creators.streamRequests.get(streams).getResumeToken()).isEqualTo(stale);
      var resumed = creators.streamRequests.get(creators.streamRequests.size() - 1);
      assertThat(resumed.getStartFromNow()).isTrue();
      assertThat(
              queryLong(
                  "SELECT COUNT(*) FROM feed_checkpoint WHERE feed = 'creator'"
                      + " AND token_expired_time IS NULL AND reconciled_time IS NOT NULL"))
          .isEqualTo(1);
    } finally {
      creators.tokensExpiredBelow = 0;
    }
  }

  @Test
  void aQuietFilteredFeedStillAdvancesTheStoredTokenWithItsCheckpoints() throws Exception {
    // events the consumers filter out server-side: nothing is delivered but checkpoints
    for (int i = 0; i < 5; i++) {
      creators.publish(
          CreatorEvent.newBuilder()
              .setEventType(CreatorEventType.CREATOR_EVENT_TYPE_TIER_CHANGED)
              .setCreatorId("cr_quiet")
              .setMarket("MY")
              .build());
      enforcement.publish(
          EnforcementEvent.newBuilder()
              .setEventType(EnforcementEventType.ENFORCEMENT_EVENT_TYPE_VIOLATION_RECORDED)
              .setCreatorId("cr_quiet")
              .setMarket("MY")
              .build());
    }
    creators.checkpoint();
    enforcement.checkpoint();

    await().atMost(WAIT).until(() -> storedSequence("creator") == creators.feedSize());
    await().atMost(WAIT).until(() -> storedSequence("enforcement") == enforcement.feedSize());
    assertThat(storedToken("creator")).isEqualTo(Long.toString(creators.feedSize()));
    assertThat(storedToken("enforcement")).isEqualTo(Long.toString(enforcement.feedSize()));
  }

  @Test
  void readinessReportsEachConsumerWithoutFailingWhenOneIsStopped() {
    creators.checkpoint();
    enforcement.checkpoint();
    await()
        .atMost(WAIT)
        .until(() -> creatorConsumer.following() && enforcementConsumer.following());
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'feed-consumers' }.data.creator", equalTo("following"))
        .body("checks.find { it.name == 'feed-consumers' }.data.enforcement", equalTo("following"));

    enforcementConsumer.stop();
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'feed-consumers' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'feed-consumers' }.data.enforcement", equalTo("stopped"));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private Program activeProgram(long total, Long cap) {
    ProgramBudget.Builder budget = ProgramBudget.newBuilder().setTotal(money(total, "MYR"));
    if (cap != null) {
      budget.setPerCreatorCap(money(cap, "MYR"));
    }
    Program.Builder program =
        program(uniqueName("Feeds"))
            .clearRewards()
            .addRewards(
                RewardRule.newBuilder()
                    .setGmvShareCash(GmvShareCashReward.newBuilder().setShareBps(100)))
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

  private Enrollment enrolled(Program p) {
    String creator = "cr_" + UUID.randomUUID().toString().substring(0, 12);
    creators.register(eligibleCreator(creator).build());
    enforcement.put(points(creator, "MY", 0));
    return manager()
        .enroll(
            EnrollRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .setCreatorId(creator)
                .build())
        .getEnrollment();
  }

  /** A record an hour into the window (after any pause the test made). */
  private PerformanceRecord accrue(Program p, String creator, long gmvMinor) {
    Instant at = ProtoTime.toInstant(p.getWindow().getStartTime()).plus(Duration.ofHours(1));
    return source()
        .recordPerformance(
            RecordPerformanceRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(p.getProgramId())
                .setCreatorId(creator)
                .setOccurredTime(ProtoTime.of(at))
                .setAttributedGmv(money(gmvMinor, "MYR"))
                .setSourceReference("batch-" + UUID.randomUUID())
                .build())
        .getRecord();
  }

  private static StatusHistoryEntry.Builder entry(
      String creator, StatusChangeKind kind, String action) {
    return StatusHistoryEntry.newBuilder()
        .setCreatorId(creator)
        .setKind(kind)
        .setToStatus(
            switch (kind) {
              case STATUS_CHANGE_KIND_SUSPENDED -> CreatorStatus.CREATOR_STATUS_SUSPENDED;
              case STATUS_CHANGE_KIND_BANNED -> CreatorStatus.CREATOR_STATUS_BANNED;
              default -> CreatorStatus.CREATOR_STATUS_ACTIVE;
            })
        .setEnforcementActionId(action);
  }

  private static CreatorEvent statusChanged(String creator, StatusChangeKind kind, String action) {
    return CreatorEvent.newBuilder()
        .setEventType(CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED)
        .setCreatorId(creator)
        .setMarket("MY")
        .setStatusChanged(CreatorStatusChanged.newBuilder().setEntry(entry(creator, kind, action)))
        .build();
  }

  private static CreatorEvent restriction(String creator, RestrictionType type, String action) {
    return CreatorEvent.newBuilder()
        .setEventType(CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_APPLIED)
        .setCreatorId(creator)
        .setMarket("MY")
        .setRestrictionApplied(
            RestrictionApplied.newBuilder()
                .setRestriction(
                    Restriction.newBuilder()
                        .setRestrictionId("rst_" + UUID.randomUUID())
                        .setCreatorId(creator)
                        .setType(type)
                        .setEnforcementActionId(action)))
        .build();
  }

  private static EnforcementEvent undone(String creator, String action, EnforcementEventType type) {
    ActionEvent payload =
        ActionEvent.newBuilder()
            .setAction(
                EnforcementAction.newBuilder()
                    .setActionId(action)
                    .setCreatorId(creator)
                    .setMarket("MY"))
            .build();
    EnforcementEvent.Builder e =
        EnforcementEvent.newBuilder().setEventType(type).setCreatorId(creator).setMarket("MY");
    switch (type) {
      case ENFORCEMENT_EVENT_TYPE_ACTION_OVERTURNED -> e.setActionOverturned(payload);
      case ENFORCEMENT_EVENT_TYPE_ACTION_MODIFIED -> e.setActionModified(payload);
      case ENFORCEMENT_EVENT_TYPE_ACTION_REVERSED -> e.setActionReversed(payload);
      default -> throw new IllegalArgumentException(type.name());
    }
    return e.build();
  }

  private Enrollment enrollment(Enrollment e) {
    return manager()
        .getEnrollment(
            GetEnrollmentRequest.newBuilder().setEnrollmentId(e.getEnrollmentId()).build())
        .getEnrollment();
  }

  private Enrollment awaitState(Enrollment e, EnrollmentState state) {
    await().atMost(WAIT).until(() -> enrollment(e).getState() == state);
    return enrollment(e);
  }

  private List<Payout> payouts(Program p, String creator, PayoutKind kind) {
    return manager()
        .listPayouts(
            ListPayoutsRequest.newBuilder()
                .setProgramId(p.getProgramId())
                .setCreatorId(creator)
                .setKind(kind)
                .build())
        .getPayoutsList();
  }

  private GetRewardLedgerResponse ledger(Program p, String creator) {
    return manager()
        .getRewardLedger(
            GetRewardLedgerRequest.newBuilder()
                .setProgramId(p.getProgramId())
                .setCreatorId(creator)
                .build());
  }

  private BudgetStatus budget(Program p) {
    return manager()
        .getBudgetStatus(GetBudgetStatusRequest.newBuilder().setProgramId(p.getProgramId()).build())
        .getBudgetStatus();
  }

  /** ENROLLMENT_CHANGED events of the enrolment on the incentive feed. */
  private static long enrollmentEvents(Enrollment e) throws Exception {
    return queryLong(
        "SELECT COUNT(*) FROM incentive_event WHERE event_type = ? AND creator_id = ?"
            + " AND program_id = ?",
        "INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED",
        e.getCreatorId(),
        e.getProgramId());
  }

  private static long storedSequence(String feed) throws Exception {
    return queryLong(
        "SELECT COALESCE(MAX(last_sequence), -1) FROM feed_checkpoint WHERE feed = ?", feed);
  }

  private static String storedToken(String feed) throws Exception {
    try (Connection c = TestSql.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT resume_token FROM feed_checkpoint WHERE feed = ?")) {
      s.setString(1, feed);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : "";
      }
    }
  }

  private static long queryLong(String sql, Object... parameters) throws Exception {
    try (Connection c = TestSql.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
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
