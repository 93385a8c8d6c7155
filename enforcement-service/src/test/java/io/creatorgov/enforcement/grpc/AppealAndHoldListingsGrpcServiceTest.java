package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.AppealState;
import io.creatorgov.enforcement.v1.CommissionHold;
import io.creatorgov.enforcement.v1.CommissionHoldState;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.GetAppealRequest;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.ListAppealsRequest;
import io.creatorgov.enforcement.v1.ListAppealsResponse;
import io.creatorgov.enforcement.v1.ListCommissionHoldsRequest;
import io.creatorgov.enforcement.v1.ListCommissionHoldsResponse;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionRequest;
import io.creatorgov.enforcement.v1.StartAppealReviewRequest;
import io.creatorgov.enforcement.v1.WithdrawAppealRequest;
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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * ListAppeals, ListCommissionHolds and the open appeals of GetCreatorStanding through the real gRPC
 * API on real PostgreSQL, with policy-service (the seed policies) and creator-service faked. A
 * counterfeit in MY decides a COMMISSION_FREEZE, which opens a commission hold and can be appealed.
 * Other test classes share the database, so listings over a whole market are checked for their
 * order and for the rows this class made, never for an exact content.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class AppealAndHoldListingsGrpcServiceTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String token) {
    return api.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return as(TestAuthKeys.token("moderation-pipeline", Role.SERVICE));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub reviewer() {
    return as(TestAuthKeys.token("reviewer-lists", Role.APPEALS_REVIEWER));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub payouts() {
    return as(TestAuthKeys.token("payouts-system", Role.SERVICE));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub ops() {
    return as(TestAuthKeys.token("ops-lists", Role.CREATOR_OPS));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub self(String creator) {
    return as(TestAuthKeys.token(creator, Role.CREATOR));
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub vietnamOps() {
    return as(TestAuthKeys.scopedToken("ops-vn", new String[] {"VN"}, Role.CREATOR_OPS));
  }

  /** A fresh creator in MY with one counterfeit: a COMMISSION_FREEZE with its hold. */
  private ReportViolationResponse counterfeit() {
    String creator = creatorId();
    creatorService.register(creator, "MY");
    return counterfeit(creator);
  }

  private ReportViolationResponse counterfeit(String creator) {
    return pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
  }

  private Appeal file(ReportViolationResponse r) {
    return self(r.getViolation().getCreatorId())
        .fileAppeal(
            FileAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setActionId(r.getAction().getActionId())
                .setStatement("the goods were genuine")
                .build())
        .getAppeal();
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  /** Sets a row's created_at, to place it in the listing order. */
  private static void createdAt(String table, String idColumn, String id, Instant at)
      throws Exception {
    assertThat(
            TestSql.execute(
                "UPDATE " + table + " SET created_at = ? WHERE " + idColumn + " = ?",
                at.atOffset(ZoneOffset.UTC),
                id))
        .isEqualTo(1);
  }

  private record Page<T>(List<T> items, String next) {}

  /** Every page of a listing, following next_page_token. */
  private static <T> List<List<T>> pages(Function<String, Page<T>> call) {
    List<List<T>> pages = new ArrayList<>();
    String token = "";
    do {
      Page<T> page = call.apply(token);
      pages.add(page.items());
      token = page.next();
      // a keyset that does not advance would page forever: fail instead
      assertThat(pages).as("pages followed").hasSizeLessThan(1_000);
    } while (!token.isEmpty());
    return pages;
  }

  private Page<Appeal> appealPage(ListAppealsRequest.Builder request, String token) {
    ListAppealsResponse r = reviewer().listAppeals(request.setPageToken(token).build());
    return new Page<>(r.getAppealsList(), r.getNextPageToken());
  }

  private Page<CommissionHold> holdPage(ListCommissionHoldsRequest.Builder request, String token) {
    ListCommissionHoldsResponse r =
        payouts().listCommissionHolds(request.setPageToken(token).build());
    return new Page<>(r.getHoldsList(), r.getNextPageToken());
  }

  private List<String> appealIds(ListAppealsRequest.Builder request) {
    return reviewer().listAppeals(request.build()).getAppealsList().stream()
        .map(Appeal::getAppealId)
        .toList();
  }

  private List<String> holdIds(ListCommissionHoldsRequest.Builder request) {
    return payouts().listCommissionHolds(request.build()).getHoldsList().stream()
        .map(CommissionHold::getHoldId)
        .toList();
  }

  /** Asserts full pages but the last, no item twice, and ascending (time, id) across pages. */
  private static <T> List<T> assertPagedInOrder(
      List<List<T>> pages, int size, Function<T, Instant> time, Function<T, String> id) {
    for (int i = 0; i < pages.size() - 1; i++) {
      assertThat(pages.get(i)).as("page %d is full", i).hasSize(size);
    }
    List<T> all = pages.stream().flatMap(List::stream).toList();
    Set<String> seen = new HashSet<>();
    for (T item : all) {
      assertThat(seen.add(id.apply(item))).as("%s listed once", id.apply(item)).isTrue();
    }
    assertThat(all).isSortedAccordingTo(Comparator.comparing(time).thenComparing(id::apply));
    return all;
  }

  // ---- ListAppeals ------------------------------------------------------------------------------

  @Test
  void appealsAreListedOldestFilingFirstTiesByIdAcrossPages() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Appeal newest = file(counterfeit());
    Appeal tieA = file(counterfeit());
    Appeal tieB = file(counterfeit());
    createdAt("appeal", "appeal_id", newest.getAppealId(), now.minus(Duration.ofHours(1)));
    createdAt("appeal", "appeal_id", tieA.getAppealId(), now.minus(Duration.ofHours(2)));
    createdAt("appeal", "appeal_id", tieB.getAppealId(), now.minus(Duration.ofHours(2)));
    List<String> tied = List.of(tieA.getAppealId(), tieB.getAppealId()).stream().sorted().toList();

    List<Appeal> all =
        assertPagedInOrder(
            pages(
                t ->
                    appealPage(
                        ListAppealsRequest.newBuilder()
                            .setMarket("MY")
                            .setState(AppealState.APPEAL_STATE_OPEN)
                            .setPageSize(2),
                        t)),
            2,
            a -> ProtoTime.toInstant(a.getCreateTime()),
            Appeal::getAppealId);

    assertThat(all)
        .extracting(Appeal::getAppealId)
        .containsSubsequence(tied.get(0), tied.get(1), newest.getAppealId());
    assertThat(all).allSatisfy(a -> assertThat(a.getMarket()).isEqualTo("MY"));
    assertThat(all)
        .allSatisfy(a -> assertThat(a.getState()).isEqualTo(AppealState.APPEAL_STATE_OPEN));
  }

  @Test
  void appealFiltersCombineWithAndAndADecidedAppealIsListedAsItIsRead() {
    ReportViolationResponse open = counterfeit();
    ReportViolationResponse reviewed = counterfeit();
    ReportViolationResponse withdrawn = counterfeit();
    Appeal a1 = file(open);
    Appeal a2 = file(reviewed);
    Appeal a3 = file(withdrawn);
    reviewer()
        .startAppealReview(
            StartAppealReviewRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(a2.getAppealId())
                .build());
    self(a3.getCreatorId())
        .withdrawAppeal(
            WithdrawAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(a3.getAppealId())
                .build());

    assertThat(appealIds(ListAppealsRequest.newBuilder().setCreatorId(a2.getCreatorId())))
        .containsExactly(a2.getAppealId());
    assertThat(
            appealIds(
                ListAppealsRequest.newBuilder()
                    .setMarket("MY")
                    .setState(AppealState.APPEAL_STATE_UNDER_REVIEW)
                    .setPageSize(500)))
        .contains(a2.getAppealId())
        .doesNotContain(a1.getAppealId(), a3.getAppealId());
    assertThat(
            appealIds(
                ListAppealsRequest.newBuilder().setActionId(withdrawn.getAction().getActionId())))
        .containsExactly(a3.getAppealId());
    assertThat(
            appealIds(
                ListAppealsRequest.newBuilder()
                    .setCreatorId(a1.getCreatorId())
                    .setState(AppealState.APPEAL_STATE_WITHDRAWN)))
        .isEmpty();
    assertThat(
            appealIds(
                ListAppealsRequest.newBuilder().setCreatorId(a1.getCreatorId()).setMarket("ID")))
        .isEmpty();

    reviewer()
        .decideAppeal(
            DecideAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(a2.getAppealId())
                .setOutcome(AppealOutcome.APPEAL_OUTCOME_UPHOLD)
                .setReasoning("the invoice does not match the goods")
                .build());
    Appeal listed =
        reviewer()
            .listAppeals(ListAppealsRequest.newBuilder().setCreatorId(a2.getCreatorId()).build())
            .getAppeals(0);
    Appeal read =
        reviewer()
            .getAppeal(GetAppealRequest.newBuilder().setAppealId(a2.getAppealId()).build())
            .getAppeal();
    assertThat(listed.getState()).isEqualTo(AppealState.APPEAL_STATE_UPHELD);
    assertThat(listed.getDecision().getConsequencesList()).isNotEmpty();
    assertThat(listed).isEqualTo(read);
  }

  @Test
  void aCreatorListsOnlyTheirOwnAppealsAndHoldsDefaultingToThemselves() {
    ReportViolationResponse mine = counterfeit();
    ReportViolationResponse theirs = counterfeit();
    Appeal own = file(mine);
    file(theirs);
    String creator = mine.getViolation().getCreatorId();
    String other = theirs.getViolation().getCreatorId();

    assertThat(self(creator).listAppeals(ListAppealsRequest.getDefaultInstance()).getAppealsList())
        .extracting(Appeal::getAppealId)
        .containsExactly(own.getAppealId());
    assertThat(
            self(creator)
                .listCommissionHolds(ListCommissionHoldsRequest.getDefaultInstance())
                .getHoldsList())
        .extracting(CommissionHold::getHoldId)
        .containsExactly(mine.getAction().getCommissionHold().getHoldId());

    for (ErrorDetails denied :
        List.of(
            failure(
                () ->
                    self(creator)
                        .listAppeals(ListAppealsRequest.newBuilder().setCreatorId(other).build())),
            failure(
                () ->
                    self(creator)
                        .listCommissionHolds(
                            ListCommissionHoldsRequest.newBuilder()
                                .setCreatorId(other)
                                .build())))) {
      assertThat(denied.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(denied.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    }
  }

  @Test
  void aScopedCallerListsItsMarketsOnlyAndAnUnknownMarketOrAForeignTokenIsRefused() {
    ReportViolationResponse r = counterfeit();
    file(r);
    String creator = r.getViolation().getCreatorId();

    assertThat(
            vietnamOps()
                .listAppeals(ListAppealsRequest.newBuilder().setCreatorId(creator).build())
                .getAppealsList())
        .isEmpty();
    assertThat(
            vietnamOps()
                .listCommissionHolds(
                    ListCommissionHoldsRequest.newBuilder().setCreatorId(creator).build())
                .getHoldsList())
        .isEmpty();
    ErrorDetails outOfScope =
        failure(
            () ->
                vietnamOps()
                    .listCommissionHolds(
                        ListCommissionHoldsRequest.newBuilder().setMarket("MY").build()));
    assertThat(outOfScope.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);

    ErrorDetails unknown =
        failure(
            () -> reviewer().listAppeals(ListAppealsRequest.newBuilder().setMarket("ZZ").build()));
    assertThat(unknown.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.reason()).isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
    // a disabled market still lists its history
    assertThat(appealIds(ListAppealsRequest.newBuilder().setMarket("HK"))).isEmpty();

    // a page token belongs to its listing: an appeals token does not continue the holds
    file(counterfeit(creator));
    String token =
        reviewer()
            .listAppeals(
                ListAppealsRequest.newBuilder().setCreatorId(creator).setPageSize(1).build())
            .getNextPageToken();
    assertThat(token).isNotEmpty();
    ErrorDetails foreign =
        failure(
            () ->
                payouts()
                    .listCommissionHolds(
                        ListCommissionHoldsRequest.newBuilder()
                            .setCreatorId(creator)
                            .setPageSize(1)
                            .setPageToken(token)
                            .build()));
    assertThat(foreign.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
  }

  // ---- ListCommissionHolds ----------------------------------------------------------------------

  @Test
  void holdsAreListedOldestCreationFirstAndFilterIntoThePayoutsWorkList() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ReportViolationResponse r1 = counterfeit();
    ReportViolationResponse r2 = counterfeit();
    ReportViolationResponse r3 = counterfeit();
    ReportViolationResponse released = counterfeit();
    String h1 = r1.getAction().getCommissionHold().getHoldId();
    String h2 = r2.getAction().getCommissionHold().getHoldId();
    String h3 = r3.getAction().getCommissionHold().getHoldId();
    String h4 = released.getAction().getCommissionHold().getHoldId();
    createdAt("commission_hold", "hold_id", h1, now.minus(Duration.ofHours(1)));
    createdAt("commission_hold", "hold_id", h2, now.minus(Duration.ofHours(2)));
    createdAt("commission_hold", "hold_id", h3, now.minus(Duration.ofHours(2)));
    ops()
        .reverseEnforcementAction(
            ReverseEnforcementActionRequest.newBuilder()
                .setRequestId(requestId())
                .setActionId(released.getAction().getActionId())
                .setBasis(ReversalBasis.REVERSAL_BASIS_COURT_ORDER)
                .setReason("court order 7/2026")
                .build());
    List<String> tied = List.of(h2, h3).stream().sorted().toList();

    List<CommissionHold> workList =
        assertPagedInOrder(
            pages(
                t ->
                    holdPage(
                        ListCommissionHoldsRequest.newBuilder()
                            .setMarket("MY")
                            .setState(CommissionHoldState.COMMISSION_HOLD_STATE_HELD)
                            .setPageSize(2),
                        t)),
            2,
            h -> ProtoTime.toInstant(h.getCreateTime()),
            CommissionHold::getHoldId);

    assertThat(workList)
        .extracting(CommissionHold::getHoldId)
        .containsSubsequence(tied.get(0), tied.get(1), h1)
        .doesNotContain(h4);
    assertThat(workList)
        .allSatisfy(
            h -> {
              assertThat(h.getMarket()).isEqualTo("MY");
              assertThat(h.getState()).isEqualTo(CommissionHoldState.COMMISSION_HOLD_STATE_HELD);
            });
    assertThat(
            holdIds(
                ListCommissionHoldsRequest.newBuilder()
                    .setActionId(released.getAction().getActionId())
                    .setState(CommissionHoldState.COMMISSION_HOLD_STATE_RELEASED)))
        .containsExactly(h4);
    assertThat(
            holdIds(
                ListCommissionHoldsRequest.newBuilder()
                    .setCreatorId(r1.getViolation().getCreatorId())))
        .containsExactly(h1);
    assertThat(
            holdIds(
                ListCommissionHoldsRequest.newBuilder()
                    .setCreatorId(r1.getViolation().getCreatorId())
                    .setState(CommissionHoldState.COMMISSION_HOLD_STATE_FORFEITED)))
        .isEmpty();
  }

  // ---- GetCreatorStanding -----------------------------------------------------------------------

  @Test
  void aStandingShowsTheCreatorsOpenAndUnderReviewAppealsInTheMarketOldestFirst() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ReportViolationResponse first = counterfeit();
    String creator = first.getViolation().getCreatorId();
    Appeal later = file(first);
    Appeal earlier = file(counterfeit(creator));
    Appeal withdrawn = file(counterfeit(creator));
    createdAt("appeal", "appeal_id", later.getAppealId(), now.minus(Duration.ofHours(1)));
    createdAt("appeal", "appeal_id", earlier.getAppealId(), now.minus(Duration.ofHours(2)));
    reviewer()
        .startAppealReview(
            StartAppealReviewRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(earlier.getAppealId())
                .build());
    self(creator)
        .withdrawAppeal(
            WithdrawAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(withdrawn.getAppealId())
                .build());
    file(counterfeit()); // another creator's appeal

    CreatorStanding standing =
        self(creator)
            .getCreatorStanding(
                GetCreatorStandingRequest.newBuilder()
                    .setCreatorId(creator)
                    .setMarket("MY")
                    .build())
            .getStanding();

    assertThat(standing.getOpenAppealsList())
        .extracting(Appeal::getAppealId, Appeal::getState)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                earlier.getAppealId(), AppealState.APPEAL_STATE_UNDER_REVIEW),
            org.assertj.core.groups.Tuple.tuple(
                later.getAppealId(), AppealState.APPEAL_STATE_OPEN));
    assertThat(standing.getOpenAppeals(1))
        .isEqualTo(
            reviewer()
                .getAppeal(GetAppealRequest.newBuilder().setAppealId(later.getAppealId()).build())
                .getAppeal());
  }
}
