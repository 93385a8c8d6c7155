package io.creatorgov.enforcement.client;

import io.creatorgov.common.v1.PolicyVariant;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.domain.CatalogueEntry;
import io.creatorgov.enforcement.domain.Consequence;
import io.creatorgov.enforcement.domain.EarnBack;
import io.creatorgov.enforcement.domain.GroundType;
import io.creatorgov.enforcement.domain.HealthMilestone;
import io.creatorgov.enforcement.domain.HealthRating;
import io.creatorgov.enforcement.domain.LadderThreshold;
import io.creatorgov.enforcement.domain.PointsExpiry;
import io.creatorgov.enforcement.domain.PointsLadder;
import io.creatorgov.enforcement.domain.QuarterlyReset;
import io.creatorgov.enforcement.domain.RepeatOffenceRule;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.domain.RollingWindow;
import io.creatorgov.enforcement.domain.Severity;
import io.creatorgov.enforcement.domain.StandingModel;
import io.creatorgov.enforcement.domain.StandingRules;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.EnforcementConsequence;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the content of resolved enforcement policies (violation catalogue, standing model, appeal
 * rules) into the decision domain's records. Pure; policy-service validated the content when the
 * version was published, so a content of the wrong kind is a configuration error (IllegalState).
 */
public final class PolicyRules {
  private PolicyRules() {}

  /** The version a decision pins. */
  public static PinnedPolicy pinned(ResolvedPolicy policy, String market) {
    return new PinnedPolicy(
        policy.getPolicyKey(),
        policy.getVersion(),
        market,
        policy.getVariant() == PolicyVariant.POLICY_VARIANT_MARKET_OVERLAY);
  }

  /** The entry of {@code code} in a violation catalogue policy, if it defines the code. */
  public static Optional<CatalogueEntry> catalogueEntry(ResolvedPolicy catalogue, String code) {
    if (catalogue.getContent().getContentCase() != PolicyContent.ContentCase.VIOLATION_CATALOGUE) {
      throw wrongKind(catalogue, "a violation catalogue");
    }
    return catalogue.getContent().getViolationCatalogue().getEntriesList().stream()
        .filter(e -> e.getCode().equals(code))
        .findFirst()
        .map(PolicyRules::entry);
  }

  static CatalogueEntry entry(ViolationCatalogueEntry e) {
    return new CatalogueEntry(
        e.getCode(),
        e.getTitle(),
        Severity.valueOf(suffix(e.getSeverity().name(), "VIOLATION_SEVERITY_")),
        e.getPoints(),
        e.getHealthDeduction(),
        consequence(e.getDefaultConsequence()),
        e.getStatementOfReasonsTemplate(),
        GroundType.valueOf(suffix(e.getGroundType().name(), "GROUND_TYPE_")),
        e.getLegalReference(),
        suffix(e.getCategory().name(), "VIOLATION_CATEGORY_"));
  }

  /** The market's standing model and repeat-offence rules, in the market's time zone. */
  public static StandingRules standingRules(ResolvedPolicy standing, ZoneId marketZone) {
    if (standing.getContent().getContentCase() != PolicyContent.ContentCase.STANDING_MODEL) {
      throw wrongKind(standing, "a standing model");
    }
    io.creatorgov.policy.v1.StandingModel model = standing.getContent().getStandingModel();
    List<RepeatOffenceRule> repeats =
        model.getRepeatOffenceRulesList().stream()
            .map(
                r ->
                    new RepeatOffenceRule(
                        r.getViolationCode(),
                        r.getOccurrences(),
                        ProtoTime.toDuration(r.getWindow()),
                        consequence(r.getEscalation())))
            .toList();
    return new StandingRules(model(standing, model), repeats, marketZone);
  }

  private static StandingModel model(
      ResolvedPolicy policy, io.creatorgov.policy.v1.StandingModel model) {
    return switch (model.getModelCase()) {
      case POINTS_LADDER -> ladder(model.getPointsLadder());
      case HEALTH_RATING -> health(model.getHealthRating());
      case MODEL_NOT_SET -> throw wrongKind(policy, "a points ladder or a health rating");
    };
  }

  private static PointsLadder ladder(io.creatorgov.policy.v1.PointsLadder ladder) {
    PointsExpiry expiry =
        ladder.hasRollingWindow()
            ? new RollingWindow(ProtoTime.toDuration(ladder.getRollingWindow()))
            : new QuarterlyReset(ladder.getQuarterlyReset().getFirstQuarterStartMonth());
    return new PointsLadder(
        expiry,
        ladder.getThresholdsList().stream()
            .map(t -> new LadderThreshold(t.getPoints(), consequence(t.getConsequence())))
            .toList());
  }

  private static HealthRating health(io.creatorgov.policy.v1.HealthRating rating) {
    EarnBack earnBack =
        rating.hasEarnBack()
            ? new EarnBack(
                rating.getEarnBack().getPointsPerPeriod(),
                ProtoTime.toDuration(rating.getEarnBack().getPeriod()),
                rating.getEarnBack().getCapScore())
            : null;
    return new HealthRating(
        rating.getMinScore(),
        rating.getMaxScore(),
        rating.getStartScore(),
        earnBack,
        rating.getMilestonesList().stream()
            .map(m -> new HealthMilestone(m.getScoreAtOrBelow(), consequence(m.getConsequence())))
            .toList());
  }

  /** The market's appeal window. */
  public static Duration appealWindow(ResolvedPolicy appeals) {
    if (appeals.getContent().getContentCase() != PolicyContent.ContentCase.APPEAL_RULES) {
      throw wrongKind(appeals, "appeal rules");
    }
    return ProtoTime.toDuration(appeals.getContent().getAppealRules().getAppealWindow());
  }

  static Consequence consequence(EnforcementConsequence c) {
    ActionType type =
        ActionType.valueOf(suffix(c.getActionType().name(), "ENFORCEMENT_ACTION_TYPE_"));
    Set<RestrictionKind> restrictions = EnumSet.noneOf(RestrictionKind.class);
    for (RestrictionType r : c.getRestrictionTypesList()) {
      restrictions.add(RestrictionKind.valueOf(suffix(r.name(), "RESTRICTION_TYPE_")));
    }
    Duration duration = c.hasDuration() ? ProtoTime.toDuration(c.getDuration()) : null;
    return new Consequence(type, restrictions, duration, c.getPermanent());
  }

  private static String suffix(String name, String prefix) {
    if (!name.startsWith(prefix) || name.endsWith("_UNSPECIFIED")) {
      throw new IllegalStateException("unexpected policy value " + name);
    }
    return name.substring(prefix.length());
  }

  private static IllegalStateException wrongKind(ResolvedPolicy policy, String expected) {
    return new IllegalStateException(
        "policy "
            + policy.getPolicyKey()
            + " v"
            + policy.getVersion()
            + " does not hold "
            + expected
            + " (content "
            + policy.getContent().getContentCase()
            + ")");
  }
}
