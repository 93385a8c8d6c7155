package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.v1.ActionOrigin;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.DeliveryState;
import io.creatorgov.enforcement.v1.DetectionSource;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.HealthRatingView;
import io.creatorgov.enforcement.v1.ListEnforcementActionsRequest;
import io.creatorgov.enforcement.v1.ListEnforcementActionsResponse;
import io.creatorgov.enforcement.v1.ListViolationsRequest;
import io.creatorgov.enforcement.v1.ListViolationsResponse;
import io.creatorgov.enforcement.v1.PointsExpiryMode;
import io.creatorgov.enforcement.v1.PointsLadderView;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.Violation;
import io.creatorgov.enforcement.v1.ViolationState;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * ListViolations, ListEnforcementActions and GetCreatorStanding through the real gRPC API, on real
 * PostgreSQL and Redis, with policy-service (the seed policies) and creator-service faked. MY is a
 * points-ladder market (quarterly reset), ID a health-rating market (start score 200).
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class EnforcementReadsGrpcServiceTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String subject, Role... roles) {
    return api.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub pipeline() {
    return as("moderation-pipeline", Role.SERVICE);
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub auditor() {
    return as("auditor-reads", Role.AUDITOR);
  }

  private String creatorIn(String market) {
    String id = creatorId();
    creatorService.register(id, market);
    return id;
  }

  private ReportViolationResponse reportAt(String creator, String market, String code, Instant at) {
    return pipeline()
        .reportViolation(
            report(creator, market, code).toBuilder().setObservedTime(ProtoTime.of(at)).build());
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  private static ListViolationsRequest.Builder violationsOf(String creator) {
    return ListViolationsRequest.newBuilder().setCreatorId(creator);
  }

  private static ListEnforcementActionsRequest.Builder actionsOf(String creator) {
    return ListEnforcementActionsRequest.newBuilder().setCreatorId(creator);
  }

  /** Every page of a listing, following next_page_token; returns the items in page order. */
  private static <T> List<List<T>> pages(Function<String, Page<T>> call) {
    List<List<T>> pages = new ArrayList<>();
    String token = "";
    do {
      Page<T> page = call.apply(token);
      pages.add(page.items());
      token = page.next();
    } while (!token.isEmpty());
    return pages;
  }

  private record Page<T>(List<T> items, String next) {}

  private Page<Violation> violationPage(ListViolationsRequest.Builder request, String token) {
    ListViolationsResponse r = auditor().listViolations(request.setPageToken(token).build());
    return new Page<>(r.getViolationsList(), r.getNextPageToken());
  }

  private Page<EnforcementAction> actionPage(
      ListEnforcementActionsRequest.Builder request, String token) {
    ListEnforcementActionsResponse r =
        auditor().listEnforcementActions(request.setPageToken(token).build());
    return new Page<>(r.getActionsList(), r.getNextPageToken());
  }

  // ---- ListViolations ---------------------------------------------------------------------------

  @Test
  void violationsAreListedNewestObservationFirstTiesByIdAcrossPages() {
    String creator = creatorIn("MY");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<ReportViolationResponse> reported = new ArrayList<>();
    for (int minutes : List.of(50, 10, 30, 20, 30)) {
      reported.add(reportAt(creator, "MY", "LISTING_SPAM", now.minus(Duration.ofMinutes(minutes))));
    }
    List<String> expected =
        reported.stream()
            .map(ReportViolationResponse::getViolation)
            .sorted(
                Comparator.comparing((Violation v) -> ProtoTime.toInstant(v.getObservedTime()))
                    .thenComparing(Violation::getViolationId)
                    .reversed())
            .map(Violation::getViolationId)
            .toList();

    List<List<Violation>> pages =
        pages(t -> violationPage(violationsOf(creator).setPageSize(2), t));

    assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
    assertThat(pages.stream().flatMap(List::stream).map(Violation::getViolationId))
        .containsExactlyElementsOf(expected);
    // the two observed at the same instant come in violation id order (descending)
    assertThat(expected.get(2)).isGreaterThan(expected.get(3));
  }

  @Test
  void violationFiltersCombineWithAnd() {
    String creator = creatorIn("MY");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Violation spamOld =
        reportAt(creator, "MY", "LISTING_SPAM", now.minus(Duration.ofHours(3))).getViolation();
    Violation spamNew =
        reportAt(creator, "MY", "LISTING_SPAM", now.minus(Duration.ofHours(1))).getViolation();
    ReportViolationRequest byModerator =
        report(creator, "MY", "FAKE_DISCOUNT").toBuilder()
            .setDetectionSource(DetectionSource.DETECTION_SOURCE_MODERATOR)
            .setObservedTime(ProtoTime.of(now.minus(Duration.ofHours(2))))
            .build();
    Violation discount = pipeline().reportViolation(byModerator).getViolation();
    Violation elsewhere =
        reportAt(creatorIn("MY"), "MY", "LISTING_SPAM", now.minus(Duration.ofHours(1)))
            .getViolation();

    assertThat(ids(violationsOf(creator).setViolationCode("LISTING_SPAM")))
        .containsExactly(spamNew.getViolationId(), spamOld.getViolationId());
    assertThat(
            ids(
                violationsOf(creator)
                    .setDetectionSource(DetectionSource.DETECTION_SOURCE_MODERATOR)))
        .containsExactly(discount.getViolationId());
    assertThat(
            ids(
                violationsOf(creator)
                    .setObservedWindow(
                        TimeWindow.newBuilder()
                            .setStartTime(ProtoTime.of(now.minus(Duration.ofHours(3))))
                            .setEndTime(
                                ProtoTime.of(now.minus(Duration.ofHours(1))))))) // end excluded
        .containsExactly(discount.getViolationId(), spamOld.getViolationId());
    assertThat(ids(violationsOf(creator).setState(ViolationState.VIOLATION_STATE_ACTIVE)))
        .hasSize(3);
    assertThat(ids(violationsOf(creator).setState(ViolationState.VIOLATION_STATE_REVERSED)))
        .isEmpty();
    assertThat(ids(violationsOf(creator).setMarket("MY")))
        .hasSize(3)
        .doesNotContain(elsewhere.getViolationId());
    assertThat(ids(violationsOf(creator).setMarket("ID"))).isEmpty();
  }

  private List<String> ids(ListViolationsRequest.Builder request) {
    return auditor().listViolations(request.build()).getViolationsList().stream()
        .map(Violation::getViolationId)
        .toList();
  }

  @Test
  void aCreatorListsOnlyTheirOwnViolationsDefaultingToThemselves() {
    String creator = creatorIn("MY");
    String other = creatorIn("MY");
    Violation own =
        pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM")).getViolation();
    pipeline().reportViolation(report(other, "MY", "LISTING_SPAM"));
    var asCreator = as(creator, Role.CREATOR);

    assertThat(
            asCreator
                .listViolations(ListViolationsRequest.getDefaultInstance())
                .getViolationsList())
        .extracting(Violation::getViolationId)
        .containsExactly(own.getViolationId());
    assertThat(
            asCreator
                .listEnforcementActions(ListEnforcementActionsRequest.getDefaultInstance())
                .getActionsList())
        .extracting(EnforcementAction::getCreatorId)
        .containsOnly(creator)
        .hasSize(1);

    ErrorDetails denied = failure(() -> asCreator.listViolations(violationsOf(other).build()));
    assertThat(denied.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    ErrorDetails deniedActions =
        failure(() -> asCreator.listEnforcementActions(actionsOf(other).build()));
    assertThat(deniedActions.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
  }

  @Test
  void aScopedCallerListsItsMarketsOnlyAndIsRefusedAnotherMarketFilter() {
    String creator = creatorIn("MY");
    pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM"));
    var vietnamOps =
        api.withCallCredentials(
            BearerAuth.of(
                TestAuthKeys.scopedToken("ops-vn", new String[] {"VN"}, Role.CREATOR_OPS)));

    assertThat(vietnamOps.listViolations(violationsOf(creator).build()).getViolationsList())
        .isEmpty();
    assertThat(vietnamOps.listEnforcementActions(actionsOf(creator).build()).getActionsList())
        .isEmpty();
    ErrorDetails outOfScope =
        failure(() -> vietnamOps.listViolations(violationsOf(creator).setMarket("MY").build()));
    assertThat(outOfScope.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(outOfScope.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
  }

  @Test
  void anUnknownMarketFilterIsInvalidButADisabledMarketStillLists() {
    ErrorDetails unknown =
        failure(
            () ->
                auditor()
                    .listViolations(ListViolationsRequest.newBuilder().setMarket("ZZ").build()));
    assertThat(unknown.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.reason()).isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
    assertThat(unknown.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("market");

    assertThat(
            auditor()
                .listEnforcementActions(
                    ListEnforcementActionsRequest.newBuilder().setMarket("HK").build())
                .getActionsList())
        .isEmpty();
  }

  @Test
  void aPageTokenIsBoundToItsQueryAndATamperedOneIsRefused() {
    String creator = creatorIn("MY");
    pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM"));
    pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM"));
    String token =
        auditor().listViolations(violationsOf(creator).setPageSize(1).build()).getNextPageToken();
    assertThat(token).isNotEmpty();

    ErrorDetails otherQuery =
        failure(
            () ->
                auditor()
                    .listViolations(
                        violationsOf(creator)
                            .setPageSize(1)
                            .setViolationCode("FAKE_DISCOUNT")
                            .setPageToken(token)
                            .build()));
    ErrorDetails tampered =
        failure(
            () ->
                auditor()
                    .listViolations(
                        violationsOf(creator).setPageSize(1).setPageToken(token + "x").build()));
    ErrorDetails negative =
        failure(() -> auditor().listViolations(violationsOf(creator).setPageSize(-1).build()));

    for (ErrorDetails e : List.of(otherQuery, tampered)) {
      assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
      assertThat(e.badRequest().orElseThrow().getFieldViolations(0).getField())
          .isEqualTo("page_token");
    }
    assertThat(negative.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    // the same token with a different page size continues the listing
    assertThat(
            auditor()
                .listViolations(violationsOf(creator).setPageSize(5).setPageToken(token).build())
                .getViolationsList())
        .hasSize(1);
  }

  @Test
  void aTimeWindowEndingBeforeItStartsIsInvalid() {
    Instant now = Instant.now();
    ErrorDetails e =
        failure(
            () ->
                auditor()
                    .listEnforcementActions(
                        ListEnforcementActionsRequest.newBuilder()
                            .setStartWindow(
                                TimeWindow.newBuilder()
                                    .setStartTime(ProtoTime.of(now))
                                    .setEndTime(ProtoTime.of(now.minusSeconds(60))))
                            .build()));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.badRequest().orElseThrow().getFieldViolations(0).getField())
        .isEqualTo("start_window.end_time");
  }

  // ---- ListEnforcementActions -------------------------------------------------------------------

  @Test
  void actionsAreListedNewestStartFirstAcrossPages() throws Exception {
    String creator = creatorIn("MY");
    List<String> decided = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      decided.add(
          pipeline()
              .reportViolation(report(creator, "MY", "LISTING_SPAM"))
              .getAction()
              .getActionId());
    }
    // two warnings (applied at decision, never rewritten by the outbox) starting at the same
    // instant: ties by action id, the greater first
    TestSql.execute(
        "UPDATE enforcement_action SET start_at ="
            + " (SELECT start_at FROM enforcement_action WHERE action_id = ?) WHERE action_id = ?",
        decided.get(0),
        decided.get(1));
    List<EnforcementAction> all =
        auditor().listEnforcementActions(actionsOf(creator).build()).getActionsList();
    List<String> listedIds = all.stream().map(EnforcementAction::getActionId).toList();
    assertThat(all.get(listedIds.indexOf(decided.get(0))).getStartTime())
        .isEqualTo(all.get(listedIds.indexOf(decided.get(1))).getStartTime());
    assertThat(decided.get(1)).isGreaterThan(decided.get(0));
    assertThat(listedIds.indexOf(decided.get(1))).isEqualTo(listedIds.indexOf(decided.get(0)) - 1);
    List<String> expected =
        all.stream()
            .sorted(
                Comparator.comparing((EnforcementAction a) -> ProtoTime.toInstant(a.getStartTime()))
                    .thenComparing(EnforcementAction::getActionId)
                    .reversed())
            .map(EnforcementAction::getActionId)
            .toList();

    List<List<EnforcementAction>> pages =
        pages(t -> actionPage(actionsOf(creator).setPageSize(2), t));

    assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
    assertThat(pages.stream().flatMap(List::stream).map(EnforcementAction::getActionId))
        .containsExactlyElementsOf(expected)
        .containsExactlyInAnyOrderElementsOf(decided);
    assertThat(all).extracting(EnforcementAction::getActionId).containsExactlyElementsOf(expected);
  }

  @Test
  void actionFiltersCombineWithAnd() {
    String creator = creatorIn("MY");
    ReportViolationResponse spam =
        pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM"));
    ReportViolationResponse counterfeit =
        pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
    String spamAction = spam.getAction().getActionId();
    String freezeAction = counterfeit.getAction().getActionId();

    assertThat(
            actionIds(
                actionsOf(creator)
                    .setActionType(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_WARNING)))
        .containsExactly(spamAction);
    assertThat(
            actionIds(
                actionsOf(creator)
                    .setState(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED)))
        .contains(spamAction);
    assertThat(
            actionIds(
                actionsOf(creator).setViolationId(counterfeit.getViolation().getViolationId())))
        .containsExactly(freezeAction);
    assertThat(
            actionIds(actionsOf(creator).setOrigin(ActionOrigin.ACTION_ORIGIN_VIOLATION_DECISION)))
        .containsExactlyInAnyOrder(spamAction, freezeAction);
    assertThat(actionIds(actionsOf(creator).setOrigin(ActionOrigin.ACTION_ORIGIN_MANUAL)))
        .isEmpty();
    assertThat(
            actionIds(
                actionsOf(creator)
                    .setStartWindow(
                        TimeWindow.newBuilder()
                            .setStartTime(counterfeit.getAction().getStartTime()))))
        .containsExactly(freezeAction);
    assertThat(actionIds(actionsOf(creator).setMarket("ID"))).isEmpty();
    // once delivered (nothing changes it after that), the listed action is exactly what
    // GetEnforcementAction returns, application progress included
    awaitApplied(freezeAction);
    EnforcementAction listed =
        auditor()
            .listEnforcementActions(
                actionsOf(creator)
                    .setViolationId(counterfeit.getViolation().getViolationId())
                    .build())
            .getActions(0);
    assertThat(listed.getApplication().getState())
        .isEqualTo(DeliveryState.DELIVERY_STATE_DELIVERED);
    assertThat(listed)
        .isEqualTo(
            auditor()
                .getEnforcementAction(
                    GetEnforcementActionRequest.newBuilder().setActionId(freezeAction).build())
                .getAction());
  }

  private List<String> actionIds(ListEnforcementActionsRequest.Builder request) {
    return auditor().listEnforcementActions(request.build()).getActionsList().stream()
        .map(EnforcementAction::getActionId)
        .toList();
  }

  // ---- GetCreatorStanding -----------------------------------------------------------------------

  private CreatorStanding standing(
      EnforcementServiceGrpc.EnforcementServiceBlockingStub stub, String creator, String market) {
    return stub.getCreatorStanding(
            GetCreatorStandingRequest.newBuilder().setCreatorId(creator).setMarket(market).build())
        .getStanding();
  }

  private static PolicyRef standingPolicy(String market) {
    return PolicyRef.newBuilder()
        .setPolicyKey(SeedPolicies.STANDING)
        .setPolicyVersion(SeedPolicies.STANDING_VERSION)
        .setMarket(market)
        .build();
  }

  @Test
  void aCreatorWithoutViolationsHasACleanLadderStanding() {
    String creator = creatorId(); // unknown to creator-service: not checked

    CreatorStanding s = standing(auditor(), creator, "MY");

    assertThat(s.getModelKind()).isEqualTo(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER);
    assertThat(s.getStandingPolicy()).isEqualTo(standingPolicy("MY"));
    assertThat(s.getCreatorId()).isEqualTo(creator);
    assertThat(s.getMarket()).isEqualTo("MY");
    PointsLadderView ladder = s.getPointsLadder();
    assertThat(ladder.getActivePoints()).isZero();
    assertThat(ladder.getExpiringPointsList()).isEmpty();
    assertThat(ladder.getExpiryMode())
        .isEqualTo(PointsExpiryMode.POINTS_EXPIRY_MODE_QUARTERLY_RESET);
    assertThat(ProtoTime.toInstant(ladder.getNextResetTime()))
        .isEqualTo(nextQuarter("Asia/Kuala_Lumpur"));
    assertThat(ladder.hasHighestThresholdReached()).isFalse();
    assertThat(ladder.getNextThreshold().getValue()).isEqualTo(3);
    assertThat(ladder.getNextThreshold().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_TRAFFIC_RESTRICTION);
    assertThat(ProtoTime.toDuration(ladder.getNextThreshold().getDuration()))
        .isEqualTo(Duration.ofDays(7));
    assertThat(ladder.getNextThreshold().getRestrictionTypesList())
        .containsExactly(
            RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED,
            RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE);
    assertThat(ladder.getPointsToNextThreshold()).isEqualTo(3);
    assertThat(s.getActiveViolationCount()).isZero();
    assertThat(s.getActionsInForceList()).isEmpty();
    assertThat(s.getOpenAppealsList()).isEmpty();
    assertThat(ProtoTime.toInstant(s.getAsOfTime()))
        .isBetween(Instant.now().minusSeconds(30), Instant.now());
  }

  private static Instant nextQuarter(String zone) {
    ZoneId z = ZoneId.of(zone);
    LocalDate today = LocalDate.now(z);
    int month = ((today.getMonthValue() - 1) / 3) * 3 + 1;
    return today.withMonth(month).withDayOfMonth(1).plusMonths(3).atStartOfDay(z).toInstant();
  }

  @Test
  void aLadderStandingCountsPointsShowsThresholdsAndTheActionsInForce() throws Exception {
    String creator = creatorIn("MY");
    ReportViolationResponse spam =
        pipeline().reportViolation(report(creator, "MY", "LISTING_SPAM"));
    ReportViolationResponse counterfeit =
        pipeline().reportViolation(report(creator, "MY", "COUNTERFEIT_GOODS"));
    ReportViolationResponse discount =
        pipeline().reportViolation(report(creator, "MY", "FAKE_DISCOUNT"));
    // once both are delivered (nothing rewrites the rows after that), the discount's action has
    // run its course: no longer in force
    for (ReportViolationResponse r : List.of(counterfeit, discount)) {
      awaitApplied(r.getAction().getActionId());
    }
    TestSql.execute(
        "UPDATE enforcement_action SET end_at = now() - interval '1 minute' WHERE action_id = ?",
        discount.getAction().getActionId());

    CreatorStanding s = standing(as(creator, Role.CREATOR), creator, "MY");

    PointsLadderView ladder = s.getPointsLadder();
    int points = discount.getStandingChange().getPoints().getPointsAfter();
    assertThat(ladder.getActivePoints()).isEqualTo(points);
    assertThat(ladder.getExpiringPointsList())
        .extracting(e -> e.getViolationId())
        .containsExactlyInAnyOrder(
            spam.getViolation().getViolationId(),
            counterfeit.getViolation().getViolationId(),
            discount.getViolation().getViolationId());
    assertThat(ladder.getHighestThresholdReached().getValue()).isEqualTo(6);
    assertThat(ladder.getNextThreshold().getValue()).isEqualTo(9);
    assertThat(ladder.getNextThreshold().getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE);
    assertThat(ladder.getPointsToNextThreshold()).isEqualTo(9 - points);
    assertThat(s.getActiveViolationCount()).isEqualTo(3);
    // the warning never; the 30-day commission freeze (PENDING) yes; the ended action no
    assertThat(s.getActionsInForceList())
        .extracting(EnforcementAction::getActionId)
        .containsExactly(counterfeit.getAction().getActionId());
    assertThat(s.getActionsInForce(0).getState())
        .isEqualTo(EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
    assertThat(s.getActionsInForce(0).getActionType())
        .isEqualTo(EnforcementActionType.ENFORCEMENT_ACTION_TYPE_COMMISSION_FREEZE);
  }

  private void awaitApplied(String actionId) {
    var get = GetEnforcementActionRequest.newBuilder().setActionId(actionId).build();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                auditor().getEnforcementAction(get).getAction().getState()
                    == EnforcementActionState.ENFORCEMENT_ACTION_STATE_APPLIED);
  }

  @Test
  void aHealthRatingStandingShowsScoreAndMilestones() {
    String creator = creatorIn("ID");
    assertThat(standing(auditor(), creator, "ID").getHealthRating().getScore()).isEqualTo(200);
    pipeline().reportViolation(report(creator, "ID", "LISTING_SPAM"));
    ReportViolationResponse counterfeit =
        pipeline().reportViolation(report(creator, "ID", "COUNTERFEIT_GOODS"));

    CreatorStanding s = standing(as("incentives", Role.INCENTIVE_MANAGER), creator, "ID");

    assertThat(s.getModelKind()).isEqualTo(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING);
    assertThat(s.getStandingPolicy()).isEqualTo(standingPolicy("ID"));
    HealthRatingView health = s.getHealthRating();
    assertThat(health.getScore()).isEqualTo(140);
    assertThat(health.getStartScore()).isEqualTo(200);
    assertThat(health.getLowestMilestoneReached().getValue()).isEqualTo(150);
    assertThat(health.getNextMilestone().getValue()).isEqualTo(100);
    assertThat(health.getScoreAboveNextMilestone()).isEqualTo(40);
    assertThat(s.getActiveViolationCount()).isEqualTo(2);
    assertThat(s.getActionsInForceList())
        .extracting(EnforcementAction::getActionId)
        .containsExactly(counterfeit.getAction().getActionId());
  }

  @Test
  void aCreatorReadsOnlyTheirOwnStandingInScopedMarkets() {
    String creator = creatorIn("MY");

    assertThat(standing(as(creator, Role.CREATOR), creator, "MY").getCreatorId())
        .isEqualTo(creator);
    ErrorDetails notOwner = failure(() -> standing(as(creator, Role.CREATOR), creatorId(), "MY"));
    assertThat(notOwner.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(notOwner.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
    ErrorDetails outOfScope =
        failure(
            () ->
                standing(
                    api.withCallCredentials(
                        BearerAuth.of(
                            TestAuthKeys.scopedToken(
                                "ops-vn", new String[] {"VN"}, Role.CREATOR_OPS))),
                    creator,
                    "MY"));
    assertThat(outOfScope.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
    ErrorDetails disabled = failure(() -> standing(auditor(), creator, "HK"));
    assertThat(disabled.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(disabled.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_DISABLED);
  }
}
