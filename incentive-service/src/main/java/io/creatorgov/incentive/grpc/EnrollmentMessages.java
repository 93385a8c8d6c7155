package io.creatorgov.incentive.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.incentive.domain.ConditionResult;
import io.creatorgov.incentive.domain.CreatorFacts;
import io.creatorgov.incentive.domain.EligibilityCondition;
import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.EligibilityOutcome;
import io.creatorgov.incentive.domain.EligibilitySnapshot;
import io.creatorgov.incentive.domain.EligibilityValue;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.Standing;
import io.creatorgov.incentive.domain.Tier;
import io.creatorgov.incentive.service.EnrollmentView;
import io.creatorgov.incentive.v1.CategoryList;
import io.creatorgov.incentive.v1.CreatorStatusList;
import io.creatorgov.incentive.v1.EligibilityConditionResult;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.EnrollmentStateReason;
import io.creatorgov.incentive.v1.RestrictionTypeList;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.time.ProtoTime;

/**
 * Enrolments and eligibility evaluations between the domain and the contract. An evaluation is also
 * stored in this form (grpc/ProtoEnrollmentForms), so it maps both ways.
 */
final class EnrollmentMessages {
  private EnrollmentMessages() {}

  private static final String STATUS = "CREATOR_STATUS_";
  private static final String TIER = "CREATOR_TIER_";
  private static final String RESTRICTION = "RESTRICTION_TYPE_";
  private static final String CONDITION = "ELIGIBILITY_CONDITION_";
  private static final String OUTCOME = "ELIGIBILITY_OUTCOME_";

  // ---- domain → contract ------------------------------------------------------------------------

  static Enrollment enrollment(EnrollmentView v) {
    Enrollment.Builder e =
        Enrollment.newBuilder()
            .setEnrollmentId(v.enrollmentId())
            .setProgramId(v.programId())
            .setCreatorId(v.creatorId())
            .setMarket(v.market())
            .setState(state(v.state()))
            .setStateReason(
                EnrollmentStateReason.valueOf("ENROLLMENT_STATE_REASON_" + v.stateReason().name()))
            .setStateMessage(v.stateMessage())
            .setEnrollTime(ProtoTime.of(v.enrollTime()))
            .setStateChangeTime(ProtoTime.of(v.stateChangeTime()))
            .setEligibilityAtEnrollment(evaluation(v.evaluation()))
            .setEtag(v.etag())
            .setCreateTime(ProtoTime.of(v.createTime()))
            .setUpdateTime(ProtoTime.of(v.updateTime()))
            .setCreated(stamp(v.created()))
            .setLastUpdated(stamp(v.lastUpdated()))
            .setEnforcementActionId(v.enforcementActionId());
    v.inactiveIntervals().forEach(i -> e.addInactiveIntervals(ProgramMessages.interval(i)));
    return e.build();
  }

  static io.creatorgov.incentive.v1.EnrollmentState state(EnrollmentState state) {
    return state == null
        ? io.creatorgov.incentive.v1.EnrollmentState.ENROLLMENT_STATE_UNSPECIFIED
        : io.creatorgov.incentive.v1.EnrollmentState.valueOf("ENROLLMENT_STATE_" + state.name());
  }

  static io.creatorgov.incentive.v1.EligibilityEvaluation evaluation(EligibilityEvaluation ev) {
    io.creatorgov.incentive.v1.EligibilityEvaluation.Builder b =
        io.creatorgov.incentive.v1.EligibilityEvaluation.newBuilder()
            .setEligible(ev.eligible())
            .setSnapshot(snapshot(ev.snapshot()))
            .setEvaluateTime(ProtoTime.of(ev.evaluateTime()));
    ev.conditions().forEach(c -> b.addConditions(condition(c)));
    return b.build();
  }

  private static EligibilityConditionResult condition(ConditionResult c) {
    EligibilityConditionResult.Builder r =
        EligibilityConditionResult.newBuilder()
            .setCondition(
                io.creatorgov.incentive.v1.EligibilityCondition.valueOf(
                    CONDITION + c.condition().name()))
            .setOutcome(
                io.creatorgov.incentive.v1.EligibilityOutcome.valueOf(OUTCOME + c.outcome().name()))
            .setMessage(c.message());
    if (c.expected() != null) {
      r.setExpected(value(c.expected()));
    }
    if (c.actual() != null) {
      r.setActual(value(c.actual()));
    }
    return r.build();
  }

  private static io.creatorgov.incentive.v1.EligibilityValue value(EligibilityValue v) {
    io.creatorgov.incentive.v1.EligibilityValue.Builder b =
        io.creatorgov.incentive.v1.EligibilityValue.newBuilder();
    if (v instanceof EligibilityValue.Market m) {
      b.setMarket(m.market());
    } else if (v instanceof EligibilityValue.Statuses s) {
      b.setStatuses(
          CreatorStatusList.newBuilder()
              .addAllStatuses(s.statuses().stream().map(EnrollmentMessages::status).toList()));
    } else if (v instanceof EligibilityValue.TierValue t) {
      b.setTier(tier(t.tier()));
    } else if (v instanceof EligibilityValue.Number n) {
      b.setNumber(n.value());
    } else if (v instanceof EligibilityValue.Categories c) {
      b.setCategories(CategoryList.newBuilder().addAllCategories(c.categories()));
    } else if (v instanceof EligibilityValue.Restrictions r) {
      b.setRestrictions(
          RestrictionTypeList.newBuilder()
              .addAllRestrictionTypes(
                  r.restrictionTypes().stream().map(EnrollmentMessages::restriction).toList()));
    }
    return b.build();
  }

  private static io.creatorgov.incentive.v1.EligibilitySnapshot snapshot(EligibilitySnapshot s) {
    CreatorFacts c = s.creator();
    io.creatorgov.incentive.v1.EligibilitySnapshot.Builder b =
        io.creatorgov.incentive.v1.EligibilitySnapshot.newBuilder()
            .setCreatorStatus(status(c.status()))
            .setTier(tier(c.tier()))
            .setHomeMarket(c.homeMarket())
            .addAllCategories(c.categories())
            .addAllActiveRestrictions(
                c.restrictionTypes().stream().map(EnrollmentMessages::restriction).toList())
            .setCreatorReadTime(ProtoTime.of(s.creatorReadTime()));
    Standing standing = s.standing();
    if (standing == null) {
      return b.build();
    }
    b.setStandingReadTime(ProtoTime.of(s.standingReadTime()));
    switch (standing.model()) {
      case POINTS_LADDER -> {
        b.setStandingModel(StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER);
        b.setActiveViolationPoints(orZero(standing.activePoints()));
      }
      case HEALTH_RATING -> {
        b.setStandingModel(StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING);
        b.setHealthScore(orZero(standing.healthScore()));
      }
      case NONE -> b.setStandingModel(StandingModelKind.STANDING_MODEL_KIND_UNSPECIFIED);
    }
    return b.build();
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }

  private static CreatorStatus status(String name) {
    try {
      return CreatorStatus.valueOf(STATUS + name);
    } catch (IllegalArgumentException unknown) {
      return CreatorStatus.CREATOR_STATUS_UNSPECIFIED;
    }
  }

  private static CreatorTier tier(Tier tier) {
    return tier == null
        ? CreatorTier.CREATOR_TIER_UNSPECIFIED
        : CreatorTier.valueOf(TIER + tier.name());
  }

  private static RestrictionType restriction(String name) {
    try {
      return RestrictionType.valueOf(RESTRICTION + name);
    } catch (IllegalArgumentException unknown) {
      return RestrictionType.RESTRICTION_TYPE_UNSPECIFIED;
    }
  }

  private static AuditStamp stamp(byte[] stored) {
    try {
      return AuditStamp.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored audit stamp is corrupt", e);
    }
  }

  // ---- contract → domain (stored form, filters) -------------------------------------------------

  /** A state filter: UNSPECIFIED means any (null). */
  static EnrollmentState stateFilter(io.creatorgov.incentive.v1.EnrollmentState state) {
    if (state == io.creatorgov.incentive.v1.EnrollmentState.ENROLLMENT_STATE_UNSPECIFIED) {
      return null;
    }
    if (state == io.creatorgov.incentive.v1.EnrollmentState.UNRECOGNIZED) {
      throw ApiException.invalid("state", "unknown enrolment state");
    }
    return EnrollmentState.valueOf(state.name().substring("ENROLLMENT_STATE_".length()));
  }

  static EligibilityEvaluation evaluation(io.creatorgov.incentive.v1.EligibilityEvaluation ev) {
    return new EligibilityEvaluation(
        ev.getConditionsList().stream().map(EnrollmentMessages::condition).toList(),
        snapshot(ev.getSnapshot()),
        ProtoTime.toInstant(ev.getEvaluateTime()));
  }

  private static ConditionResult condition(EligibilityConditionResult r) {
    return new ConditionResult(
        EligibilityCondition.valueOf(r.getCondition().name().substring(CONDITION.length())),
        EligibilityOutcome.valueOf(r.getOutcome().name().substring(OUTCOME.length())),
        r.hasExpected() ? value(r.getExpected()) : null,
        r.hasActual() ? value(r.getActual()) : null,
        r.getMessage());
  }

  private static EligibilityValue value(io.creatorgov.incentive.v1.EligibilityValue v) {
    return switch (v.getValueCase()) {
      case MARKET -> new EligibilityValue.Market(v.getMarket());
      case STATUSES ->
          new EligibilityValue.Statuses(
              v.getStatuses().getStatusesList().stream()
                  .map(s -> strip(s.name(), STATUS))
                  .toList());
      case TIER -> new EligibilityValue.TierValue(tier(v.getTier()));
      case NUMBER -> new EligibilityValue.Number(v.getNumber());
      case CATEGORIES -> new EligibilityValue.Categories(v.getCategories().getCategoriesList());
      case RESTRICTIONS ->
          new EligibilityValue.Restrictions(
              v.getRestrictions().getRestrictionTypesList().stream()
                  .map(t -> strip(t.name(), RESTRICTION))
                  .toList());
      case VALUE_NOT_SET -> null;
    };
  }

  private static EligibilitySnapshot snapshot(io.creatorgov.incentive.v1.EligibilitySnapshot s) {
    CreatorFacts creator =
        new CreatorFacts(
            s.getHomeMarket(),
            strip(s.getCreatorStatus().name(), STATUS),
            tier(s.getTier()),
            s.getCategoriesList(),
            s.getActiveRestrictionsList().stream().map(t -> strip(t.name(), RESTRICTION)).toList());
    if (!s.hasStandingReadTime()) {
      return new EligibilitySnapshot(
          creator, ProtoTime.toInstant(s.getCreatorReadTime()), null, null);
    }
    Standing standing =
        switch (s.getStandingModel()) {
          case STANDING_MODEL_KIND_POINTS_LADDER ->
              new Standing(Standing.Model.POINTS_LADDER, s.getActiveViolationPoints(), null);
          case STANDING_MODEL_KIND_HEALTH_RATING ->
              new Standing(Standing.Model.HEALTH_RATING, null, s.getHealthScore());
          default -> new Standing(Standing.Model.NONE, null, null);
        };
    return new EligibilitySnapshot(
        creator,
        ProtoTime.toInstant(s.getCreatorReadTime()),
        standing,
        ProtoTime.toInstant(s.getStandingReadTime()));
  }

  private static Tier tier(CreatorTier tier) {
    return switch (tier) {
      case CREATOR_TIER_BRONZE -> Tier.BRONZE;
      case CREATOR_TIER_SILVER -> Tier.SILVER;
      case CREATOR_TIER_GOLD -> Tier.GOLD;
      case CREATOR_TIER_PLATINUM -> Tier.PLATINUM;
      default -> null;
    };
  }

  private static String strip(String name, String prefix) {
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }
}
