package io.creatorgov.incentive.grpc;

import static io.creatorgov.incentive.grpc.IncentiveFixtures.create;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.eligibleCreator;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.points;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.program;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.requestId;
import static io.creatorgov.incentive.grpc.IncentiveFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.rpc.PreconditionFailure;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.Restriction;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.CheckEligibilityRequest;
import io.creatorgov.incentive.v1.CheckEligibilityResponse;
import io.creatorgov.incentive.v1.EligibilityCondition;
import io.creatorgov.incentive.v1.EligibilityConditionResult;
import io.creatorgov.incentive.v1.EligibilityOutcome;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.EnrollmentState;
import io.creatorgov.incentive.v1.EnrollmentStateReason;
import io.creatorgov.incentive.v1.GetEnrollmentRequest;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.incentive.v1.ListEnrollmentsRequest;
import io.creatorgov.incentive.v1.ListEnrollmentsResponse;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ReinstateEnrollmentRequest;
import io.creatorgov.incentive.v1.WithdrawRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eligibility and enrolments through the real gRPC API, with creator-service and
 * enforcement-service faked: live evaluation, refusals with every unmet condition, dependencies
 * down, idempotency, concurrency, withdraw and reinstate, access.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakeCreatorService.class)
@QuarkusTestResource(FakeEnforcementService.class)
class EnrollmentGrpcServiceTest {
  private static final String MANAGER = "manager-enrolments";

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @FakeCreatorService.Inject FakeCreatorService.Creators creators;
  @FakeEnforcementService.Inject FakeEnforcementService.Enforcement enforcement;

  @AfterEach
  void peersUp() {
    creators.down = false;
    creators.openTransactions = null;
    enforcement.down = false;
    enforcement.openTransactions = null;
    enforcement.delayMillis = 0;
    creators.getCreatorDelayMillis = 0;
  }

  // ---- eligibility ------------------------------------------------------------------------------

  @Test
  void checkEligibilityReportsEveryUnmetConditionWithExpectedAndActualValues() {
    Program p = activeProgram();
    String creator = newCreatorId();
    creators.register(
        eligibleCreator(creator)
            .setMarket("ID")
            .setStatus(CreatorStatus.CREATOR_STATUS_SUSPENDED)
            .setTier(CreatorTier.CREATOR_TIER_BRONZE)
            .clearCategories()
            .addCategories("gaming")
            .addActiveRestrictions(
                Restriction.newBuilder()
                    .setType(RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE))
            .build());
    enforcement.put(points(creator, "MY", 9));

    CheckEligibilityResponse r = manager().checkEligibility(check(p, creator));

    assertThat(r.getEvaluation().getEligible()).isFalse();
    assertThat(r.getProgramState())
        .isEqualTo(io.creatorgov.incentive.v1.ProgramState.PROGRAM_STATE_ACTIVE);
    assertThat(r.getEnrollmentState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_UNSPECIFIED);
    assertThat(r.getEvaluation().getConditionsList())
        .extracting(EligibilityConditionResult::getCondition)
        .containsExactly(
            EligibilityCondition.ELIGIBILITY_CONDITION_HOME_MARKET,
            EligibilityCondition.ELIGIBILITY_CONDITION_CREATOR_STATUS,
            EligibilityCondition.ELIGIBILITY_CONDITION_MINIMUM_TIER,
            EligibilityCondition.ELIGIBILITY_CONDITION_MAXIMUM_VIOLATION_POINTS,
            EligibilityCondition.ELIGIBILITY_CONDITION_CATEGORIES,
            EligibilityCondition.ELIGIBILITY_CONDITION_NO_CAMPAIGN_RESTRICTION);
    assertThat(r.getEvaluation().getConditionsList())
        .extracting(EligibilityConditionResult::getOutcome)
        .containsOnly(EligibilityOutcome.ELIGIBILITY_OUTCOME_UNMET);
    EligibilityConditionResult tier = r.getEvaluation().getConditions(2);
    assertThat(tier.getExpected().getTier()).isEqualTo(CreatorTier.CREATOR_TIER_SILVER);
    assertThat(tier.getActual().getTier()).isEqualTo(CreatorTier.CREATOR_TIER_BRONZE);
    EligibilityConditionResult pts = r.getEvaluation().getConditions(3);
    assertThat(pts.getExpected().getNumber()).isEqualTo(6);
    assertThat(pts.getActual().getNumber()).isEqualTo(9);
    assertThat(r.getEvaluation().getSnapshot().getActiveViolationPoints()).isEqualTo(9);
    assertThat(r.getEvaluation().getSnapshot().getHomeMarket()).isEqualTo("ID");
    assertThat(r.getEvaluation().getSnapshot().hasStandingReadTime()).isTrue();
  }

  @Test
  void enrollRefusesANonEligibleCreatorWithOneViolationPerUnmetConditionAndStoresNothing() {
    Program p = activeProgram();
    String creator = newCreatorId();
    creators.register(
        eligibleCreator(creator)
            .setTier(CreatorTier.CREATOR_TIER_BRONZE)
            .clearCategories()
            .addCategories("gaming")
            .build());
    enforcement.put(points(creator, "MY", 7));

    ErrorDetails e = failure(() -> creator(creator).enroll(enroll(p, creator)));

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_ELIGIBLE);
    assertThat(e.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry(
            "unmet_conditions",
            "ELIGIBILITY_CONDITION_MINIMUM_TIER,ELIGIBILITY_CONDITION_MAXIMUM_VIOLATION_POINTS,"
                + "ELIGIBILITY_CONDITION_CATEGORIES");
    List<PreconditionFailure.Violation> violations =
        e.preconditionFailure().orElseThrow().getViolationsList();
    assertThat(violations)
        .extracting(PreconditionFailure.Violation::getType)
        .containsExactly(
            "ELIGIBILITY_CONDITION_MINIMUM_TIER",
            "ELIGIBILITY_CONDITION_MAXIMUM_VIOLATION_POINTS",
            "ELIGIBILITY_CONDITION_CATEGORIES");
    assertThat(violations)
        .extracting(PreconditionFailure.Violation::getSubject)
        .containsOnly("creators/" + creator);
    assertThat(violations.get(0).getDescription()).contains("BRONZE").contains("SILVER");
    assertThat(violations.get(1).getDescription()).contains("7").contains("6");
    assertThat(enrollmentsOf(creator)).isZero();
  }

  @Test
  void creatorServiceDownIsUnavailableNamingItAndNothingIsStored() {
    Program p = activeProgram();
    String creator = eligible();
    creators.down = true;

    ErrorDetails check = failure(() -> manager().checkEligibility(check(p, creator)));
    ErrorDetails enrol = failure(() -> manager().enroll(enroll(p, creator)));

    for (ErrorDetails e : List.of(check, enrol)) {
      assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE);
      assertThat(e.errorInfo().orElseThrow().getMetadataMap())
          .containsEntry("dependency", "creator-service");
    }
    assertThat(enrollmentsOf(creator)).isZero();
    creators.down = false;
    awaitUp(p, creator);
  }

  @Test
  void enforcementServiceDownIsUnavailableNamingItAndNothingIsStored() {
    Program p = activeProgram();
    String creator = eligible();
    enforcement.down = true;

    ErrorDetails e = failure(() -> manager().enroll(enroll(p, creator)));

    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE);
    assertThat(e.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("dependency", "enforcement-service");
    assertThat(enrollmentsOf(creator)).isZero();
    enforcement.down = false;
    awaitUp(p, creator);
  }

  // ---- Enroll -----------------------------------------------------------------------------------

  @Test
  void anEligibleCreatorEnrolsWithTheEvaluationStoredAndAnEventOnTheFeed() {
    Program p = activeProgram();
    String creator = eligible();

    Enrollment e = creator(creator).enroll(enroll(p, creator)).getEnrollment();

    assertThat(e.getEnrollmentId()).startsWith("enr_");
    assertThat(e.getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(e.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_ENROLLED);
    assertThat(e.getMarket()).isEqualTo("MY");
    assertThat(e.getEligibilityAtEnrollment().getEligible()).isTrue();
    assertThat(e.getEligibilityAtEnrollment().getConditionsCount()).isEqualTo(6);
    assertThat(e.getCreated().getRequestId()).isNotEmpty();
    assertThat(get(e.getEnrollmentId())).isEqualTo(e);
    assertThat(
            count(
                "SELECT count(*) FROM incentive_event WHERE creator_id = ? AND event_type ="
                    + " 'INCENTIVE_EVENT_TYPE_ENROLLMENT_CHANGED'",
                creator))
        .isEqualTo(1);
    CheckEligibilityResponse again = creator(creator).checkEligibility(check(p, creator));
    assertThat(again.getEnrollmentState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    ErrorDetails twice = failure(() -> manager().enroll(enroll(p, creator)));
    assertThat(twice.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void enrolmentIsIdempotentByRequestIdEvenWhileThePeersAreDown() {
    Program p = activeProgram();
    String creator = eligible();
    EnrollRequest request = enroll(p, creator);
    Enrollment first = creator(creator).enroll(request).getEnrollment();

    assertThat(creator(creator).enroll(request).getEnrollment()).isEqualTo(first);

    creators.down = true;
    enforcement.down = true;
    assertThat(creator(creator).enroll(request).getEnrollment())
        .as("a replay is answered from the store, without reading the peers")
        .isEqualTo(first);
    creators.down = false;
    enforcement.down = false;

    Program other = activeProgram();
    ErrorDetails reused =
        failure(
            () ->
                creator(creator)
                    .enroll(request.toBuilder().setProgramId(other.getProgramId()).build()));
    assertThat(reused.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reused.reason()).isEqualTo(ErrorReason.ERROR_REASON_REQUEST_ID_REUSED);
    assertThat(enrollmentsOf(creator)).isEqualTo(1);
  }

  @Test
  void concurrentEnrolmentsOfOneCreatorWithDifferentRequestIdsGiveExactlyOneEnrolment()
      throws Exception {
    Program p = activeProgram();
    String creator = eligible();
    int callers = 6;
    // every caller waits in the standing read until all are there, so they pass the
    // "not enrolled yet" check together and race for the row
    enforcement.delayMillis = 300;
    CyclicBarrier start = new CyclicBarrier(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<Object>> results = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  try {
                    return manager().enroll(enroll(p, creator)).getEnrollment();
                  } catch (RuntimeException e) {
                    return ErrorDetails.of(e);
                  }
                }));
      }
      List<Enrollment> enrolled = new ArrayList<>();
      List<ErrorDetails> refused = new ArrayList<>();
      for (Future<Object> f : results) {
        Object r = f.get(60, TimeUnit.SECONDS);
        if (r instanceof Enrollment e) {
          enrolled.add(e);
        } else {
          refused.add((ErrorDetails) r);
        }
      }
      assertThat(enrolled).hasSize(1);
      assertThat(refused)
          .hasSize(callers - 1)
          .allSatisfy(
              e -> assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_ALREADY_EXISTS));
      assertThat(enrollmentsOf(creator)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void enrolmentNeedsAnActiveProgramme() {
    Program draft = manager().createProgram(create(program(uniqueName("Draft")))).getProgram();
    String creator = eligible();

    ErrorDetails e = failure(() -> manager().enroll(enroll(draft, creator)));

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_PROGRAM_NOT_ACTIVE);
    ErrorDetails hidden = failure(() -> creator(creator).enroll(enroll(draft, creator)));
    assertThat(hidden.code())
        .as("creators never see DRAFT programmes")
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  // ---- Withdraw and ReinstateEnrollment ---------------------------------------------------------

  @Test
  void aCreatorWithdrawsOnceAndCannotEnrolAgain() {
    Program p = activeProgram();
    String creator = eligible();
    Enrollment e = creator(creator).enroll(enroll(p, creator)).getEnrollment();

    Enrollment withdrawn =
        creator(creator)
            .withdraw(
                WithdrawRequest.newBuilder()
                    .setRequestId(requestId())
                    .setEnrollmentId(e.getEnrollmentId())
                    .setEtag(e.getEtag())
                    .setReason("too busy")
                    .build())
            .getEnrollment();

    assertThat(withdrawn.getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_WITHDRAWN);
    assertThat(withdrawn.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_WITHDRAWN_BY_CREATOR);
    assertThat(withdrawn.getStateMessage()).isEqualTo("too busy");
    assertThat(withdrawn.getEtag()).isNotEqualTo(e.getEtag());

    ErrorDetails again = failure(() -> manager().withdraw(withdraw(e)));
    assertThat(again.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(again.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "WITHDRAWN");
    ErrorDetails reenrol = failure(() -> creator(creator).enroll(enroll(p, creator)));
    assertThat(reenrol.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(reenrol.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "WITHDRAWN");
    ErrorDetails stale =
        failure(() -> manager().withdraw(withdraw(e).toBuilder().setEtag(e.getEtag()).build()));
    assertThat(stale.reason()).isEqualTo(ErrorReason.ERROR_REASON_ETAG_MISMATCH);
  }

  @Test
  void anOperatorReinstatesADisqualifiedEnrolmentAfterALiveEvaluation() throws Exception {
    Program p = activeProgram();
    String creator = eligible();
    Enrollment e = creator(creator).enroll(enroll(p, creator)).getEnrollment();
    TestSql.execute(
        "UPDATE enrollment SET state = 'DISQUALIFIED', state_reason = 'CREATOR_BANNED',"
            + " state_change_time = now() - interval '1 hour', row_version = row_version + 1"
            + " WHERE enrollment_id = ?",
        e.getEnrollmentId());
    assertThat(get(e.getEnrollmentId()).getInactiveIntervalsList())
        .singleElement()
        .satisfies(i -> assertThat(i.hasEndTime()).as("open while disqualified").isFalse());

    Enrollment back =
        manager().reinstateEnrollment(reinstate(e, "disqualified by mistake")).getEnrollment();

    assertThat(back.getState()).isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
    assertThat(back.getStateReason())
        .isEqualTo(EnrollmentStateReason.ENROLLMENT_STATE_REASON_REINSTATED_BY_OPERATOR);
    assertThat(back.getStateMessage()).isEqualTo("disqualified by mistake");
    assertThat(back.getInactiveIntervalsList())
        .singleElement()
        .satisfies(i -> assertThat(i.hasEndTime()).isTrue());
    assertThat(back.getLastUpdated().getActor().getSubject()).isEqualTo(MANAGER);

    ErrorDetails enrolled = failure(() -> manager().reinstateEnrollment(reinstate(e, "again")));
    assertThat(enrolled.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(enrolled.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "ENROLLED");
  }

  @Test
  void reinstatementNeedsTheCreatorEligibleAgain() throws Exception {
    Program p = activeProgram();
    String creator = eligible();
    Enrollment e = creator(creator).enroll(enroll(p, creator)).getEnrollment();
    TestSql.execute(
        "UPDATE enrollment SET state = 'PAUSED', state_reason = 'CREATOR_SUSPENDED'"
            + " WHERE enrollment_id = ?",
        e.getEnrollmentId());
    creators.register(
        eligibleCreator(creator).setStatus(CreatorStatus.CREATOR_STATUS_SUSPENDED).build());

    ErrorDetails refused = failure(() -> manager().reinstateEnrollment(reinstate(e, "appeal won")));

    assertThat(refused.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_ELIGIBLE);
    assertThat(refused.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("unmet_conditions", "ELIGIBILITY_CONDITION_CREATOR_STATUS");
  }

  // ---- ListEnrollments --------------------------------------------------------------------------

  @Test
  void enrolmentsAreListedOldestFirstByProgrammeAndByCreatorWithPaging() {
    Program p = activeProgram();
    Program q = activeProgram();
    List<String> ids = new ArrayList<>();
    String first = null;
    for (int i = 0; i < 3; i++) {
      String creator = eligible();
      first = first == null ? creator : first;
      ids.add(manager().enroll(enroll(p, creator)).getEnrollment().getEnrollmentId());
    }
    String second = manager().enroll(enroll(q, first)).getEnrollment().getEnrollmentId();

    ListEnrollmentsResponse page1 =
        manager()
            .listEnrollments(
                ListEnrollmentsRequest.newBuilder()
                    .setProgramId(p.getProgramId())
                    .setPageSize(2)
                    .build());
    ListEnrollmentsResponse page2 =
        manager()
            .listEnrollments(
                ListEnrollmentsRequest.newBuilder()
                    .setProgramId(p.getProgramId())
                    .setPageSize(2)
                    .setPageToken(page1.getNextPageToken())
                    .build());

    assertThat(page1.getEnrollmentsList())
        .extracting(Enrollment::getEnrollmentId)
        .containsExactly(ids.get(0), ids.get(1));
    assertThat(page2.getEnrollmentsList())
        .extracting(Enrollment::getEnrollmentId)
        .containsExactly(ids.get(2));
    assertThat(page2.getNextPageToken()).isEmpty();

    ListEnrollmentsResponse own =
        creator(first).listEnrollments(ListEnrollmentsRequest.getDefaultInstance());
    assertThat(own.getEnrollmentsList())
        .as("a creator's listing defaults to their own enrolments")
        .extracting(Enrollment::getEnrollmentId)
        .containsExactly(ids.get(0), second);
    ListEnrollmentsResponse enrolledInQ =
        manager()
            .listEnrollments(
                ListEnrollmentsRequest.newBuilder()
                    .setCreatorId(first)
                    .setState(EnrollmentState.ENROLLMENT_STATE_ENROLLED)
                    .setProgramId(q.getProgramId())
                    .build());
    assertThat(enrolledInQ.getEnrollmentsList())
        .extracting(Enrollment::getEnrollmentId)
        .containsExactly(second);
  }

  // ---- access -----------------------------------------------------------------------------------

  @Test
  void wrongRolesAndOtherCreatorsAreRefused() {
    Program p = activeProgram();
    String creator = eligible();
    String other = eligible();
    Enrollment e = creator(creator).enroll(enroll(p, creator)).getEnrollment();

    assertThat(failure(() -> auditor().enroll(enroll(p, other))).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(failure(() -> creator(creator).reinstateEnrollment(reinstate(e, "x"))).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(failure(() -> auditor().withdraw(withdraw(e))).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
    assertThat(failure(() -> creator(other).enroll(enroll(p, creator))).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(failure(() -> creator(other).checkEligibility(check(p, creator))).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(
            failure(
                    () ->
                        creator(other)
                            .getEnrollment(
                                GetEnrollmentRequest.newBuilder()
                                    .setEnrollmentId(e.getEnrollmentId())
                                    .build()))
                .reason())
        .isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(failure(() -> creator(other).withdraw(withdraw(e))).reason())
        .isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(
            failure(
                    () ->
                        creator(other)
                            .listEnrollments(
                                ListEnrollmentsRequest.newBuilder().setCreatorId(creator).build()))
                .reason())
        .isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    assertThat(
            failure(
                    () ->
                        as(TestAuthKeys.scopedToken(
                                "manager-vn", new String[] {"VN"}, Role.INCENTIVE_MANAGER))
                            .withdraw(withdraw(e)))
                .reason())
        .isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
    assertThat(get(e.getEnrollmentId()).getState())
        .isEqualTo(EnrollmentState.ENROLLMENT_STATE_ENROLLED);
  }

  // ---- no transaction across a remote call (ADR 0004) -------------------------------------------

  @Test
  void noTransactionIsOpenWhileEligibilityIsReadFromThePeers() throws Exception {
    Program p = activeProgram();
    String creator = eligible();
    IntSupplier open = EnrollmentGrpcServiceTest::idleInTransaction;
    creators.openTransactions = open;
    enforcement.openTransactions = open;
    int standingCalls = enforcement.standingCalls.get();
    Enrollment e;
    try {
      manager().checkEligibility(check(p, creator));
      e = manager().enroll(enroll(p, creator)).getEnrollment();
      TestSql.execute(
          "UPDATE enrollment SET state = 'PAUSED', state_reason = 'CREATOR_SUSPENDED'"
              + " WHERE enrollment_id = ?",
          e.getEnrollmentId());
      manager().reinstateEnrollment(reinstate(e, "suspension lifted by hand"));
    } finally {
      creators.openTransactions = null;
      enforcement.openTransactions = null;
    }

    assertThat(enforcement.standingCalls.get() - standingCalls).isEqualTo(3);
    assertThat(creators.callsWithATransactionOpen.get()).isZero();
    assertThat(enforcement.callsWithATransactionOpen.get()).isZero();
  }

  /** Sessions idle inside a transaction holding a lock on a table an enrolment command writes. */
  private static int idleInTransaction() {
    try (Connection c = TestSql.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(DISTINCT a.pid) FROM pg_stat_activity a"
                    + " JOIN pg_locks l ON l.pid = a.pid"
                    + " JOIN pg_class r ON r.oid = l.relation"
                    + " WHERE a.datname = current_database()"
                    + " AND a.state LIKE 'idle in transaction%' AND a.pid <> pg_backend_pid()"
                    + " AND r.relname IN ('program', 'enrollment', 'kit_idempotency_record')")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- arrangements -----------------------------------------------------------------------------

  private Program activeProgram() {
    Program draft = manager().createProgram(create(program(uniqueName("Enrol")))).getProgram();
    return manager()
        .activateProgram(
            ActivateProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(draft.getProgramId())
                .build())
        .getProgram();
  }

  private static String newCreatorId() {
    return "cr_" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** A new creator meeting every condition of the fixture programme, with a clean standing. */
  private String eligible() {
    String creator = newCreatorId();
    creators.register(eligibleCreator(creator).build());
    enforcement.put(points(creator, "MY", 0));
    return creator;
  }

  /** Waits until the circuit a down-test opened lets calls through again. */
  private void awaitUp(Program p, String creator) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> manager().checkEligibility(check(p, creator)).hasEvaluation());
  }

  private static CheckEligibilityRequest check(Program p, String creator) {
    return CheckEligibilityRequest.newBuilder()
        .setProgramId(p.getProgramId())
        .setCreatorId(creator)
        .build();
  }

  private static EnrollRequest enroll(Program p, String creator) {
    return EnrollRequest.newBuilder()
        .setRequestId(requestId())
        .setProgramId(p.getProgramId())
        .setCreatorId(creator)
        .build();
  }

  private static WithdrawRequest withdraw(Enrollment e) {
    return WithdrawRequest.newBuilder()
        .setRequestId(requestId())
        .setEnrollmentId(e.getEnrollmentId())
        .build();
  }

  private static ReinstateEnrollmentRequest reinstate(Enrollment e, String reason) {
    return ReinstateEnrollmentRequest.newBuilder()
        .setRequestId(requestId())
        .setEnrollmentId(e.getEnrollmentId())
        .setReason(reason)
        .build();
  }

  private Enrollment get(String enrollmentId) {
    return manager()
        .getEnrollment(GetEnrollmentRequest.newBuilder().setEnrollmentId(enrollmentId).build())
        .getEnrollment();
  }

  private static int enrollmentsOf(String creator) {
    return count("SELECT count(*) FROM enrollment WHERE creator_id = ?", creator);
  }

  private static int count(String sql, String parameter) {
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

  private static ErrorDetails failure(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).as("the call fails").isNotNull();
    return ErrorDetails.of(thrown);
  }

  private IncentiveServiceBlockingStub as(String token) {
    return client.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private IncentiveServiceBlockingStub manager() {
    return as(TestAuthKeys.token(MANAGER, Role.INCENTIVE_MANAGER));
  }

  private IncentiveServiceBlockingStub auditor() {
    return as(TestAuthKeys.token("auditor-enrolments", Role.AUDITOR));
  }

  private IncentiveServiceBlockingStub creator(String creatorId) {
    return as(TestAuthKeys.token(creatorId, Role.CREATOR));
  }
}
