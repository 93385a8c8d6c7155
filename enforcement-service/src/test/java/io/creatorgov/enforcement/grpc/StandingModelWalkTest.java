package io.creatorgov.enforcement.grpc;

import static io.creatorgov.enforcement.grpc.EnforcementFixtures.creatorId;
import static io.creatorgov.enforcement.grpc.EnforcementFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.enforcement.config.AdjustableClock;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.PointsExpiryMode;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.StandingChange;
import io.creatorgov.enforcement.v1.StandingThreshold;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every market's standing model of the seed policy (deploy/seed/policies/
 * enforcement.standing.json) to its end through the real gRPC API: a fresh creator is reported
 * again and again until the last threshold (points ladder) or milestone (health rating) is reached,
 * and every report is checked against the seed: the standing before and after, the threshold
 * reached, the action chosen (type, duration, restrictions, status change) and the standing that
 * GetCreatorStanding shows afterwards.
 *
 * <p>Nothing of the ladders is copied here: the thresholds, milestones, points, deductions,
 * consequences and repeat-offence rules are read from the seed files. The walk uses codes of the
 * market's catalogue (deploy/seed/policies/live.prohibited-items.json, base entries replaced or
 * added to by the market's overlay) whose points or deduction reach each threshold exactly, whose
 * catalogue default is of a milder action type than the threshold's (so the seed says the
 * threshold's consequence is the one taken), and stays below every repeat-offence rule's count (the
 * walk lasts minutes, well inside every rule's window).
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class StandingModelWalkTest {

  private static final Path SEED = Path.of("..", "deploy", "seed", "policies");

  /** Mid-quarter in every market's zone: no quarterly reset can fall inside a walk. */
  private static final Instant WALK_START = Instant.parse("2027-05-12T03:00:00Z");

  /** Longest run of reports the walk tries between two thresholds. */
  private static final int MAX_REPORTS_PER_THRESHOLD = 4;

  @GrpcClient("enforcement")
  EnforcementServiceGrpc.EnforcementServiceBlockingStub api;

  @FakeCreatorService.Inject FakeCreatorService.Creators creatorService;

  /** Enforcement time: frozen for each walk, back to the system clock after it. */
  @Inject AdjustableClock clock;

  /** Other test classes share the application: they must find real time again. */
  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  /** Every market the seed policies are served in. */
  static List<String> markets() {
    return SeedPolicies.MARKETS;
  }

  @Test
  void theWalkCoversEveryMarketAndEveryKindOfModelOfTheSeed() {
    JsonNode version = seed("enforcement.standing").get("version");
    List<String> overlayMarkets =
        StreamSupport.stream(version.path("overlays").spliterator(), false)
            .map(o -> o.get("market").asText())
            .toList();
    assertThat(markets()).containsAll(overlayMarkets);
    assertThat(markets().stream().map(m -> model(m).kind()).distinct())
        .as("the seed's models: health rating, rolling-window and quarterly-reset ladders")
        .containsExactlyInAnyOrder(
            PointsExpiryMode.POINTS_EXPIRY_MODE_UNSPECIFIED,
            PointsExpiryMode.POINTS_EXPIRY_MODE_ROLLING_WINDOW,
            PointsExpiryMode.POINTS_EXPIRY_MODE_QUARTERLY_RESET);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markets")
  void everyThresholdOfTheMarketsStandingModelBringsTheSeedConsequence(String market) {
    Model model = model(market);
    List<Move> walk = plan(model, catalogue(market, model));
    assertThat(model.steps()).as("%s: thresholds or milestones in the seed", market).isNotEmpty();
    assertThat(walk.stream().filter(m -> m.reaches() != null).map(m -> m.reaches().value()))
        .as("%s: the walk %s reaches every threshold of the seed model, in order", market, walk)
        .containsExactlyElementsOf(model.steps().stream().map(Step::value).toList());

    String creator = creatorId();
    creatorService.register(creator, market);
    clock.freezeAt(WALK_START);
    int level = model.start();
    int reported = 0;
    for (Move move : walk) {
      clock.advance(Duration.ofMinutes(1));
      Instant observed = clock.instant().minusSeconds(60);
      ReportViolationResponse r =
          as("moderation-pipeline", Role.SERVICE)
              .reportViolation(
                  report(creator, market, move.code().code()).toBuilder()
                      .setObservedTime(ProtoTime.of(observed))
                      .build());
      reported++;
      String at = market + " report " + reported + " (" + move + ")";
      assertStandingChange(model, r, level, move, observed, at);
      JsonNode expected =
          move.reaches() != null ? move.reaches().consequence() : move.code().defaultConsequence();
      assertAction(r.getAction(), expected, clock.instant(), at);
      CreatorStanding standing = standing(creator, market);
      assertStanding(model, standing, move, at);
      assertThat(standing.getActiveViolationCount()).as(at).isEqualTo(reported);
      if (statusOf(expected).isPresent() || expected.has("restriction_types")) {
        assertThat(standing.getActionsInForceList())
            .as(at + ": the action is in force")
            .extracting(EnforcementAction::getActionId)
            .contains(r.getAction().getActionId());
      }
      level = move.to();
    }
    assertThat(level).as(market + ": the walk ends at the last threshold").isEqualTo(model.last());
  }

  // --- the seed -------------------------------------------------------------------------------

  /** A threshold (active points) or milestone (score at or below) and its seed consequence. */
  private record Step(int value, JsonNode consequence) {}

  /**
   * A market's standing model as the seed states it.
   *
   * @param kind the ladder's expiry mode; UNSPECIFIED for a health rating
   * @param start points (0) or score a new creator starts with
   * @param floor lowest score (health rating); unused for a ladder
   * @param steps thresholds ascending, or milestones descending: the order they are reached
   * @param rollingWindow the ladder's rolling window, if any
   * @param repeatLimits occurrences at which a repeat-offence rule fires, by code ("*" = any)
   */
  private record Model(
      PointsExpiryMode kind,
      int start,
      int floor,
      List<Step> steps,
      com.google.protobuf.Duration rollingWindow,
      Map<String, Integer> repeatLimits) {

    boolean healthRating() {
      return kind == PointsExpiryMode.POINTS_EXPIRY_MODE_UNSPECIFIED;
    }

    int last() {
      return steps.get(steps.size() - 1).value();
    }

    int after(int level, int weight) {
      return healthRating() ? Math.max(floor, level - weight) : level + weight;
    }

    /** Whether {@code level} is at or past {@code step}. */
    boolean reached(int level, Step step) {
      return healthRating() ? level <= step.value() : level >= step.value();
    }
  }

  /** A catalogue code: its points or health deduction under the model, its default consequence. */
  private record Code(String code, int weight, JsonNode defaultConsequence) {}

  /** One report of the walk: the code, the standing after it, the step it reaches (or null). */
  private record Move(Code code, int to, Step reaches) {
    @Override
    public String toString() {
      return code.code() + " to " + to + (reaches == null ? "" : " (threshold)");
    }
  }

  private static JsonNode seed(String key) {
    try {
      return new ObjectMapper().readTree(Files.readString(SEED.resolve(key + ".json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<JsonNode> overlay(JsonNode version, String market) {
    return StreamSupport.stream(version.path("overlays").spliterator(), false)
        .filter(o -> o.get("market").asText().equals(market))
        .map(o -> o.get("content"))
        .findFirst();
  }

  /** The market's model: its overlay's standing model when it has one (it replaces the base). */
  private static Model model(String market) {
    JsonNode version = seed("enforcement.standing").get("version");
    JsonNode content = overlay(version, market).orElse(version.get("base_content"));
    JsonNode sm = content.get("standing_model");
    Map<String, Integer> limits = new HashMap<>();
    for (JsonNode rule : sm.path("repeat_offence_rules")) {
      limits.merge(rule.get("violation_code").asText(), rule.get("occurrences").asInt(), Math::min);
    }
    if (sm.has("health_rating")) {
      JsonNode h = sm.get("health_rating");
      List<Step> milestones =
          steps(h.get("milestones"), "score_at_or_below").stream()
              .sorted(Comparator.comparingInt(Step::value).reversed())
              .toList();
      return new Model(
          PointsExpiryMode.POINTS_EXPIRY_MODE_UNSPECIFIED,
          h.get("start_score").asInt(),
          h.path("min_score").asInt(),
          milestones,
          null,
          limits);
    }
    JsonNode ladder = sm.get("points_ladder");
    List<Step> thresholds =
        steps(ladder.get("thresholds"), "points").stream()
            .sorted(Comparator.comparingInt(Step::value))
            .toList();
    boolean rolling = ladder.has("rolling_window");
    assertThat(rolling || ladder.has("quarterly_reset"))
        .as(market + ": the ladder's points expire")
        .isTrue();
    return new Model(
        rolling
            ? PointsExpiryMode.POINTS_EXPIRY_MODE_ROLLING_WINDOW
            : PointsExpiryMode.POINTS_EXPIRY_MODE_QUARTERLY_RESET,
        0,
        0,
        thresholds,
        rolling ? duration(ladder.get("rolling_window")) : null,
        limits);
  }

  private static List<Step> steps(JsonNode array, String valueField) {
    List<Step> steps = new ArrayList<>();
    for (JsonNode s : array) {
      steps.add(new Step(s.get(valueField).asInt(), s.get("consequence")));
    }
    return steps;
  }

  /** The market's catalogue: the base entries, replaced or added to by the market's overlay. */
  private static List<Code> catalogue(String market, Model model) {
    JsonNode version = seed("live.prohibited-items").get("version");
    Map<String, JsonNode> byCode = new LinkedHashMap<>();
    version.get("base_content").at("/violation_catalogue/entries").forEach(e -> put(byCode, e));
    overlay(version, market)
        .ifPresent(o -> o.at("/violation_catalogue/entries").forEach(e -> put(byCode, e)));
    return byCode.values().stream()
        .map(
            e ->
                new Code(
                    e.get("code").asText(),
                    e.path(model.healthRating() ? "health_deduction" : "points").asInt(),
                    e.get("default_consequence")))
        .toList();
  }

  private static void put(Map<String, JsonNode> byCode, JsonNode entry) {
    byCode.put(entry.get("code").asText(), entry);
  }

  private static com.google.protobuf.Duration duration(JsonNode text) {
    try {
      return Durations.parse(text.asText());
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("not a duration in the seed: " + text, e);
    }
  }

  private static EnforcementActionType type(JsonNode consequence) {
    return EnforcementActionType.valueOf(consequence.get("action_type").asText());
  }

  /** The creator status the consequence places: SUSPENDED, BANNED, or empty. */
  private static Optional<CreatorStatus> statusOf(JsonNode consequence) {
    return switch (type(consequence)) {
      case ENFORCEMENT_ACTION_TYPE_SUSPENSION ->
          Optional.of(CreatorStatus.CREATOR_STATUS_SUSPENDED);
      case ENFORCEMENT_ACTION_TYPE_BAN -> Optional.of(CreatorStatus.CREATOR_STATUS_BANNED);
      default -> Optional.empty();
    };
  }

  // --- the walk -------------------------------------------------------------------------------

  /**
   * The reports that take a fresh creator through every step of the model: for each step, the
   * shortest run of catalogue codes that lands exactly on it, every code of a milder action type
   * than the step's consequence, no repeat-offence rule reaching its count.
   */
  private static List<Move> plan(Model model, List<Code> catalogue) {
    List<Move> moves = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    int level = model.start();
    for (Step step : model.steps()) {
      assertThat(model.reached(level, step))
          .as("step %d is still ahead of a fresh creator at %d", step.value(), level)
          .isFalse();
      EnforcementActionType stepType = type(step.consequence());
      List<Code> milder =
          catalogue.stream()
              .filter(c -> c.weight() > 0 && type(c.defaultConsequence()).compareTo(stepType) < 0)
              .toList();
      List<Code> run = null;
      for (int length = 1; run == null && length <= MAX_REPORTS_PER_THRESHOLD; length++) {
        run = run(Math.abs(step.value() - level), length, milder, used, model.repeatLimits());
      }
      assertThat(run)
          .as("codes of the catalogue reaching step %d from %d exactly", step.value(), level)
          .isNotNull();
      for (int i = 0; i < run.size(); i++) {
        Code c = run.get(i);
        level = model.after(level, c.weight());
        count(used, c, 1);
        moves.add(new Move(c, level, i == run.size() - 1 ? step : null));
      }
    }
    return moves;
  }

  /** {@code length} codes whose weights add up to {@code gap}, or null. */
  private static List<Code> run(
      int gap,
      int length,
      List<Code> codes,
      Map<String, Integer> used,
      Map<String, Integer> limits) {
    if (length == 0) {
      return gap == 0 ? new ArrayList<>() : null;
    }
    for (Code c : codes) {
      if (c.weight() > gap || !belowRepeatLimits(c, used, limits)) {
        continue;
      }
      count(used, c, 1);
      List<Code> rest = run(gap - c.weight(), length - 1, codes, used, limits);
      count(used, c, -1);
      if (rest != null) {
        rest.add(0, c);
        return rest;
      }
    }
    return null;
  }

  private static void count(Map<String, Integer> used, Code c, int by) {
    used.merge(c.code(), by, Integer::sum);
    used.merge("*", by, Integer::sum);
  }

  /** Whether one more report of {@code c} stays below every repeat-offence rule's count. */
  private static boolean belowRepeatLimits(
      Code c, Map<String, Integer> used, Map<String, Integer> limits) {
    for (String key : List.of(c.code(), "*")) {
      Integer limit = limits.get(key);
      if (limit != null && used.getOrDefault(key, 0) + 1 >= limit) {
        return false;
      }
    }
    return true;
  }

  // --- the checks -----------------------------------------------------------------------------

  private static void assertStandingChange(
      Model model, ReportViolationResponse r, int before, Move move, Instant observed, String at) {
    StandingChange change = r.getStandingChange();
    var impact = r.getViolation().getStandingImpact();
    if (model.healthRating()) {
      assertThat(change.getModelKind())
          .as(at)
          .isEqualTo(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING);
      assertThat(change.getScore().getScoreBefore()).as(at + ": score before").isEqualTo(before);
      assertThat(change.getScore().getScoreAfter()).as(at + ": score after").isEqualTo(move.to());
      assertThat(impact.getHealth().getScoreDeducted())
          .as(at + ": deduction")
          .isEqualTo(move.code().weight());
    } else {
      assertThat(change.getModelKind())
          .as(at)
          .isEqualTo(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER);
      assertThat(change.getPoints().getPointsBefore()).as(at + ": points before").isEqualTo(before);
      assertThat(change.getPoints().getPointsAfter())
          .as(at + ": points after")
          .isEqualTo(move.to());
      assertThat(impact.getPoints().getPointsAdded())
          .as(at + ": points added")
          .isEqualTo(move.code().weight());
      if (model.rollingWindow() != null) {
        assertThat(ProtoTime.toInstant(impact.getPoints().getPointsExpireTime()))
            .as(at + ": points expire at the end of the rolling window")
            .isEqualTo(observed.plus(Duration.ofSeconds(model.rollingWindow().getSeconds())));
      }
    }
    assertThat(impact.getRepeatOffence()).as(at + ": no repeat offence").isFalse();
    if (move.reaches() == null) {
      assertThat(change.hasThresholdReached()).as(at + ": no threshold reached").isFalse();
    } else {
      assertThreshold(change.getThresholdReached(), move.reaches(), at);
    }
  }

  /** The action is the seed consequence: type, restrictions, duration (or permanent), status. */
  private static void assertAction(
      EnforcementAction action, JsonNode consequence, Instant decided, String at) {
    assertThat(action.getActionType()).as(at + ": action type").isEqualTo(type(consequence));
    assertThat(action.getRestrictionTypesList())
        .as(at + ": restrictions")
        .containsExactlyInAnyOrderElementsOf(restrictions(consequence));
    assertThat(ProtoTime.toInstant(action.getStartTime())).as(at + ": start").isEqualTo(decided);
    if (consequence.has("duration")) {
      com.google.protobuf.Duration length = duration(consequence.get("duration"));
      assertThat(action.getDuration()).as(at + ": duration").isEqualTo(length);
      assertThat(action.hasEndTime()).as(at + ": has an end").isTrue();
      assertThat(Timestamps.between(action.getStartTime(), action.getEndTime()))
          .as(at + ": end - start")
          .isEqualTo(length);
    } else {
      assertThat(action.hasDuration()).as(at + ": no duration").isFalse();
      assertThat(action.hasEndTime())
          .as(at + (consequence.path("permanent").asBoolean() ? ": permanent" : ": no end"))
          .isFalse();
    }
    Optional<CreatorStatus> status = statusOf(consequence);
    assertThat(action.hasStatusChange()).as(at + ": status change").isEqualTo(status.isPresent());
    status.ifPresent(
        s -> {
          assertThat(action.getStatusChange().getTargetStatus()).as(at).isEqualTo(s);
          assertThat(action.getStatusChange().getSuspensionEndTime())
              .as(at + ": reinstated at the action's end")
              .isEqualTo(action.getEndTime());
        });
  }

  private static void assertThreshold(StandingThreshold shown, Step step, String at) {
    JsonNode c = step.consequence();
    assertThat(shown.getValue()).as(at + ": threshold").isEqualTo(step.value());
    assertThat(shown.getActionType()).as(at + ": threshold action").isEqualTo(type(c));
    assertThat(shown.getRestrictionTypesList())
        .as(at + ": threshold restrictions")
        .containsExactlyInAnyOrderElementsOf(restrictions(c));
    assertThat(shown.hasDuration()).as(at + ": threshold duration").isEqualTo(c.has("duration"));
    if (c.has("duration")) {
      assertThat(shown.getDuration())
          .as(at + ": threshold duration")
          .isEqualTo(duration(c.get("duration")));
    }
  }

  /** GetCreatorStanding after the report: the value, and the step reached so far. */
  private static void assertStanding(Model model, CreatorStanding standing, Move move, String at) {
    Optional<Step> reached =
        model.steps().stream().filter(s -> model.reached(move.to(), s)).reduce((a, b) -> b);
    if (model.healthRating()) {
      var view = standing.getHealthRating();
      assertThat(standing.hasHealthRating()).as(at + ": health rating shown").isTrue();
      assertThat(view.getScore()).as(at + ": standing score").isEqualTo(move.to());
      assertThat(view.getStartScore()).as(at + ": start score").isEqualTo(model.start());
      assertThat(view.hasLowestMilestoneReached()).as(at).isEqualTo(reached.isPresent());
      reached.ifPresent(s -> assertThreshold(view.getLowestMilestoneReached(), s, at));
    } else {
      var view = standing.getPointsLadder();
      assertThat(standing.hasPointsLadder()).as(at + ": points ladder shown").isTrue();
      assertThat(view.getActivePoints()).as(at + ": active points").isEqualTo(move.to());
      assertThat(view.getExpiryMode()).as(at + ": expiry").isEqualTo(model.kind());
      if (model.rollingWindow() != null) {
        assertThat(view.getRollingWindow()).as(at).isEqualTo(model.rollingWindow());
      }
      assertThat(view.hasHighestThresholdReached()).as(at).isEqualTo(reached.isPresent());
      reached.ifPresent(s -> assertThreshold(view.getHighestThresholdReached(), s, at));
    }
  }

  private static List<RestrictionType> restrictions(JsonNode consequence) {
    return StreamSupport.stream(consequence.path("restriction_types").spliterator(), false)
        .map(r -> RestrictionType.valueOf(r.asText()))
        .toList();
  }

  // --- the API --------------------------------------------------------------------------------

  private EnforcementServiceGrpc.EnforcementServiceBlockingStub as(String subject, Role... roles) {
    return api.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private CreatorStanding standing(String creator, String market) {
    return as("auditor-walk", Role.AUDITOR)
        .getCreatorStanding(
            GetCreatorStandingRequest.newBuilder().setCreatorId(creator).setMarket(market).build())
        .getStanding();
  }
}
