package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.enforcement.config.AdjustableClock;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.PointsExpiryMode;
import io.creatorgov.enforcement.v1.PointsLadderView;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Points and scores that change with time alone, through the real gRPC API under the seed policies:
 * the enforcement clock is frozen and moved forward instead of sleeping. JP is a points-ladder
 * market with a rolling 90-day window, MY one with a quarterly reset (quarters start in January, at
 * local midnight in Asia/Kuala_Lumpur), TH a health-rating market with a weekly earn-back of 10.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class StandingOverTimeGrpcServiceTest {

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  /** Enforcement time: frozen by each test here, back to the system clock after it. */
  @Inject AdjustableClock clock;

  /** Other test classes share the application: they must find real time again. */
  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String subject, Role... roles) {
    return api.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private String creatorIn(String market) {
    String id = creatorId();
    creatorService.register(id, market);
    return id;
  }

  /** A report of {@code code} observed a minute before enforcement's now. */
  private ReportViolationResponse reportNow(String creator, String market, String code) {
    Instant observed = clock.instant().minusSeconds(60);
    return as("moderation-pipeline", Role.SERVICE)
        .reportViolation(
            report(creator, market, code).toBuilder()
                .setObservedTime(ProtoTime.of(observed))
                .build());
  }

  private CreatorStanding standing(String creator, String market) {
    return as("auditor-time", Role.AUDITOR)
        .getCreatorStanding(
            GetCreatorStandingRequest.newBuilder().setCreatorId(creator).setMarket(market).build())
        .getStanding();
  }

  private static Instant observedTime(ReportViolationResponse r) {
    return ProtoTime.toInstant(r.getViolation().getObservedTime());
  }

  @Test
  void rollingWindowPointsStopCountingOnceTheWindowHasPassed() {
    String creator = creatorIn("JP");
    clock.freezeAt(Instant.parse("2027-01-10T03:00:00Z"));
    ReportViolationResponse first = reportNow(creator, "JP", "COUNTERFEIT_GOODS");
    int points = first.getViolation().getStandingImpact().getPoints().getPointsAdded();
    assertThat(points).isPositive();
    Instant expires = observedTime(first).plus(Duration.ofDays(90));

    PointsLadderView counting = standing(creator, "JP").getPointsLadder();
    assertThat(counting.getExpiryMode())
        .isEqualTo(PointsExpiryMode.POINTS_EXPIRY_MODE_ROLLING_WINDOW);
    assertThat(counting.getActivePoints()).isEqualTo(points);
    assertThat(counting.getExpiringPointsList())
        .extracting(e -> ProtoTime.toInstant(e.getExpireTime()))
        .containsExactly(expires);

    // a second before the window ends the points still count ...
    clock.freezeAt(expires.minusSeconds(1));
    assertThat(standing(creator, "JP").getPointsLadder().getActivePoints()).isEqualTo(points);

    // ... at its end they no longer do
    clock.freezeAt(expires);
    CreatorStanding expired = standing(creator, "JP");
    assertThat(expired.getPointsLadder().getActivePoints()).isZero();
    assertThat(expired.getPointsLadder().getExpiringPointsList()).isEmpty();
    assertThat(expired.getActiveViolationCount()).isZero();
    assertThat(ProtoTime.toInstant(expired.getAsOfTime())).isEqualTo(expires);

    // and the next decision starts from zero
    clock.advance(Duration.ofHours(1));
    ReportViolationResponse next = reportNow(creator, "JP", "LISTING_SPAM");
    assertThat(next.getStandingChange().getPoints().getPointsBefore()).isZero();
    assertThat(next.getStandingChange().getPoints().getPointsAfter())
        .isEqualTo(next.getViolation().getStandingImpact().getPoints().getPointsAdded());
  }

  @Test
  void quarterlyResetClearsPointsAtLocalMidnightOfTheNextQuarter() {
    String creator = creatorIn("MY");
    ZoneId kualaLumpur = ZoneId.of("Asia/Kuala_Lumpur");
    // 1 April 2027 00:00 in Kuala Lumpur (UTC+8) is 31 March 16:00 UTC
    Instant reset = LocalDateTime.parse("2027-04-01T00:00:00").atZone(kualaLumpur).toInstant();
    assertThat(reset).isEqualTo(Instant.parse("2027-03-31T16:00:00Z"));
    clock.freezeAt(Instant.parse("2027-03-20T04:00:00Z"));
    ReportViolationResponse first = reportNow(creator, "MY", "FAKE_DISCOUNT");
    int points = first.getStandingChange().getPoints().getPointsAfter();
    assertThat(points).isPositive();

    PointsLadderView counting = standing(creator, "MY").getPointsLadder();
    assertThat(counting.getExpiryMode())
        .isEqualTo(PointsExpiryMode.POINTS_EXPIRY_MODE_QUARTERLY_RESET);
    assertThat(counting.getActivePoints()).isEqualTo(points);
    assertThat(ProtoTime.toInstant(counting.getNextResetTime())).isEqualTo(reset);

    // 23:59:59 on 31 March in Kuala Lumpur (already 1 April in Tokyo, still March in UTC): counting
    clock.freezeAt(reset.minusSeconds(1));
    assertThat(standing(creator, "MY").getPointsLadder().getActivePoints()).isEqualTo(points);

    // local midnight: the new quarter starts clean, and the next reset is 1 July local midnight
    clock.freezeAt(reset);
    PointsLadderView reset1 = standing(creator, "MY").getPointsLadder();
    assertThat(reset1.getActivePoints()).isZero();
    assertThat(reset1.getExpiringPointsList()).isEmpty();
    assertThat(ProtoTime.toInstant(reset1.getNextResetTime()))
        .isEqualTo(LocalDateTime.parse("2027-07-01T00:00:00").atZone(kualaLumpur).toInstant());

    clock.advance(Duration.ofMinutes(5));
    ReportViolationResponse next = reportNow(creator, "MY", "LISTING_SPAM");
    assertThat(next.getStandingChange().getPoints().getPointsBefore()).isZero();
  }

  @Test
  void aHealthRatingEarnsBackAfterACompliantWeek() {
    String creator = creatorIn("TH");
    clock.freezeAt(Instant.parse("2027-02-01T03:00:00Z"));
    ReportViolationResponse spam = reportNow(creator, "TH", "LISTING_SPAM");
    int after = spam.getStandingChange().getScore().getScoreAfter();
    assertThat(after).isLessThan(200);
    assertThat(standing(creator, "TH").getHealthRating().getScore()).isEqualTo(after);

    // weeks count from first seen (the observation); the first holds the violation, so only the
    // second, compliant one earns 10 back, once it is complete
    Instant secondWeekEnds = observedTime(spam).plus(Duration.ofDays(14));
    clock.freezeAt(secondWeekEnds.minusSeconds(1));
    assertThat(standing(creator, "TH").getHealthRating().getScore()).isEqualTo(after);

    clock.freezeAt(secondWeekEnds);
    assertThat(standing(creator, "TH").getHealthRating().getScore()).isEqualTo(after + 10);

    clock.advance(Duration.ofDays(7));
    assertThat(standing(creator, "TH").getHealthRating().getScore()).isEqualTo(after + 20);
  }
}
