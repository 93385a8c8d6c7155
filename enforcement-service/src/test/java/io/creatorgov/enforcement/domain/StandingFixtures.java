package io.creatorgov.enforcement.domain;

import static io.creatorgov.enforcement.domain.ActionType.COMMISSION_FREEZE;
import static io.creatorgov.enforcement.domain.ActionType.LIVE_INTERRUPTION;
import static io.creatorgov.enforcement.domain.ActionType.SUSPENSION;
import static io.creatorgov.enforcement.domain.ActionType.TRAFFIC_RESTRICTION;
import static io.creatorgov.enforcement.domain.RestrictionKind.ADS_INELIGIBLE;
import static io.creatorgov.enforcement.domain.RestrictionKind.CAMPAIGN_INELIGIBLE;
import static io.creatorgov.enforcement.domain.RestrictionKind.COMMISSION_FROZEN;
import static io.creatorgov.enforcement.domain.RestrictionKind.LIVE_DISABLED;
import static io.creatorgov.enforcement.domain.RestrictionKind.TRAFFIC_LIMITED;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rules and catalogue entries mirroring the seed policies in deploy/seed/policies: the base
 * quarterly points ladder (MY), the rolling 90-day ladder of JP, the health rating of ID, the
 * shared repeat-offence rules and part of the {@code live.prohibited-items} catalogue.
 */
final class StandingFixtures {
  private StandingFixtures() {}

  static final ZoneId KUALA_LUMPUR = ZoneId.of("Asia/Kuala_Lumpur");
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

  static final Duration DAYS_1 = Duration.ofDays(1);
  static final Duration DAYS_3 = Duration.ofDays(3);
  static final Duration DAYS_7 = Duration.ofDays(7);
  static final Duration DAYS_14 = Duration.ofDays(14);
  static final Duration DAYS_28 = Duration.ofDays(28);
  static final Duration DAYS_30 = Duration.ofDays(30);
  static final Duration DAYS_90 = Duration.ofDays(90);

  // enforcement.standing: thresholds 3/6/9/12/15
  static final Consequence AT_3 =
      Consequence.lasting(TRAFFIC_RESTRICTION, DAYS_7, TRAFFIC_LIMITED, CAMPAIGN_INELIGIBLE);
  static final Consequence AT_6 =
      Consequence.lasting(
          TRAFFIC_RESTRICTION, DAYS_14, LIVE_DISABLED, TRAFFIC_LIMITED, CAMPAIGN_INELIGIBLE);
  static final Consequence AT_9 =
      Consequence.lasting(
          COMMISSION_FREEZE,
          DAYS_28,
          LIVE_DISABLED,
          TRAFFIC_LIMITED,
          COMMISSION_FROZEN,
          CAMPAIGN_INELIGIBLE,
          ADS_INELIGIBLE);
  static final Consequence AT_12 = Consequence.lasting(SUSPENSION, DAYS_28, COMMISSION_FROZEN);
  static final Consequence AT_15 = Consequence.ban();

  static final List<LadderThreshold> THRESHOLDS =
      List.of(
          new LadderThreshold(3, AT_3),
          new LadderThreshold(6, AT_6),
          new LadderThreshold(9, AT_9),
          new LadderThreshold(12, AT_12),
          new LadderThreshold(15, AT_15));

  // enforcement.standing (ID, TH, VN): milestones 150/100/50/0 — the same consequences
  static final List<HealthMilestone> MILESTONES =
      List.of(
          new HealthMilestone(150, AT_3),
          new HealthMilestone(100, AT_6),
          new HealthMilestone(50, AT_12),
          new HealthMilestone(0, AT_15));

  static final Consequence COUNTERFEIT_REPEATED = Consequence.ban();
  static final Consequence PROHIBITED_REPEATED =
      Consequence.lasting(SUSPENSION, DAYS_90, COMMISSION_FROZEN, CAMPAIGN_INELIGIBLE);
  static final Consequence OFF_PLATFORM_REPEATED =
      Consequence.lasting(COMMISSION_FREEZE, DAYS_90, COMMISSION_FROZEN, CAMPAIGN_INELIGIBLE);
  static final Consequence ANY_REPEATED = Consequence.lasting(SUSPENSION, DAYS_14);

  static final List<RepeatOffenceRule> REPEAT_RULES =
      List.of(
          new RepeatOffenceRule("COUNTERFEIT_GOODS", 6, DAYS_90, COUNTERFEIT_REPEATED),
          new RepeatOffenceRule("PROHIBITED_ITEM_SALE", 6, DAYS_90, PROHIBITED_REPEATED),
          new RepeatOffenceRule("OFF_PLATFORM_TRANSACTION", 3, DAYS_90, OFF_PLATFORM_REPEATED),
          new RepeatOffenceRule("*", 10, DAYS_30, ANY_REPEATED));

  /** Base content: quarterly reset from January, as MY, PH and SG resolve it. */
  static StandingRules myQuarterlyLadder() {
    return new StandingRules(
        new PointsLadder(new QuarterlyReset(1), THRESHOLDS), REPEAT_RULES, KUALA_LUMPUR);
  }

  /** JP overlay: rolling 90-day window. */
  static StandingRules jpRollingLadder() {
    return new StandingRules(
        new PointsLadder(new RollingWindow(DAYS_90), THRESHOLDS), REPEAT_RULES, TOKYO);
  }

  static final HealthRating ID_HEALTH_RATING =
      new HealthRating(0, 1_000, 200, new EarnBack(10, DAYS_7, 1_000), MILESTONES);

  /** ID overlay: health rating, start 200, 10 points back per compliant week. */
  static StandingRules idHealthRating() {
    return new StandingRules(ID_HEALTH_RATING, REPEAT_RULES, JAKARTA);
  }

  static StandingRules withRepeatRules(StandingRules rules, List<RepeatOffenceRule> repeatRules) {
    return new StandingRules(rules.model(), repeatRules, rules.marketZone());
  }

  // live.prohibited-items (base)
  static final CatalogueEntry COUNTERFEIT_GOODS =
      entry(
          "COUNTERFEIT_GOODS",
          Severity.HIGH,
          3,
          50,
          Consequence.lasting(COMMISSION_FREEZE, DAYS_30, COMMISSION_FROZEN),
          GroundType.ILLEGAL_CONTENT,
          "INTELLECTUAL_PROPERTY_INFRINGEMENTS");
  static final CatalogueEntry DANGEROUS_GOODS =
      entry(
          "DANGEROUS_GOODS",
          Severity.CRITICAL,
          6,
          100,
          Consequence.lasting(SUSPENSION, DAYS_7, COMMISSION_FROZEN),
          GroundType.ILLEGAL_CONTENT,
          "VIOLENCE");
  static final CatalogueEntry FAKE_DISCOUNT =
      entry(
          "FAKE_DISCOUNT",
          Severity.MEDIUM,
          2,
          30,
          Consequence.contentRemoval(),
          GroundType.INCOMPATIBLE_WITH_TERMS,
          "SCAMS_AND_FRAUD");
  static final CatalogueEntry HARASSMENT_IN_LIVE =
      entry(
          "HARASSMENT_IN_LIVE",
          Severity.MEDIUM,
          2,
          40,
          Consequence.lasting(LIVE_INTERRUPTION, DAYS_1, LIVE_DISABLED),
          GroundType.INCOMPATIBLE_WITH_TERMS,
          "ILLEGAL_OR_HARMFUL_SPEECH");
  static final CatalogueEntry LISTING_SPAM =
      entry(
          "LISTING_SPAM",
          Severity.LOW,
          1,
          10,
          Consequence.warning(),
          GroundType.INCOMPATIBLE_WITH_TERMS,
          "SCOPE_OF_PLATFORM_SERVICE");
  static final CatalogueEntry MINOR_SAFETY =
      entry(
          "MINOR_SAFETY",
          Severity.CRITICAL,
          15,
          200,
          Consequence.ban(),
          GroundType.ILLEGAL_CONTENT,
          "PROTECTION_OF_MINORS");
  static final CatalogueEntry OFF_PLATFORM_TRANSACTION =
      entry(
          "OFF_PLATFORM_TRANSACTION",
          Severity.HIGH,
          3,
          50,
          Consequence.lasting(TRAFFIC_RESTRICTION, DAYS_7, TRAFFIC_LIMITED),
          GroundType.INCOMPATIBLE_WITH_TERMS,
          "SCAMS_AND_FRAUD");
  static final CatalogueEntry PROHIBITED_ITEM_SALE =
      entry(
          "PROHIBITED_ITEM_SALE",
          Severity.HIGH,
          3,
          50,
          Consequence.lasting(LIVE_INTERRUPTION, DAYS_3, LIVE_DISABLED),
          GroundType.ILLEGAL_CONTENT,
          "UNSAFE_AND_ILLEGAL_PRODUCTS");

  static final Map<String, CatalogueEntry> CATALOGUE =
      Stream.of(
              COUNTERFEIT_GOODS,
              DANGEROUS_GOODS,
              FAKE_DISCOUNT,
              HARASSMENT_IN_LIVE,
              LISTING_SPAM,
              MINOR_SAFETY,
              OFF_PLATFORM_TRANSACTION,
              PROHIBITED_ITEM_SALE)
          .collect(Collectors.toMap(CatalogueEntry::code, Function.identity()));

  private static CatalogueEntry entry(
      String code,
      Severity severity,
      int points,
      int healthDeduction,
      Consequence consequence,
      GroundType ground,
      String category) {
    return new CatalogueEntry(
        code,
        code.toLowerCase().replace('_', ' '),
        severity,
        points,
        healthDeduction,
        consequence,
        "Hello {{creator_handle}}, rule {{violation_code}} applies.",
        ground,
        "Creator Terms",
        category);
  }

  private static final AtomicInteger IDS = new AtomicInteger();

  /** A confirmed violation of {@code entry} with the catalogue's points and deduction. */
  static PastViolation past(CatalogueEntry entry, Instant observed) {
    return new PastViolation(
        "v-" + IDS.incrementAndGet(),
        entry.code(),
        observed,
        entry.points(),
        entry.healthDeduction(),
        false);
  }

  /** A violation of {@code entry} that was overturned or reversed with standing restored. */
  static PastViolation reversed(CatalogueEntry entry, Instant observed) {
    return new PastViolation(
        "v-" + IDS.incrementAndGet(),
        entry.code(),
        observed,
        entry.points(),
        entry.healthDeduction(),
        true);
  }

  /** The instant of a local date-time in {@code zone}. */
  static Instant local(String localDateTime, ZoneId zone) {
    return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }
}
