package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.client.CreatorFacts;
import io.creatorgov.enforcement.client.EnforcementPolicies;
import io.creatorgov.enforcement.client.PinnedPolicy;
import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.domain.AppealWindow;
import io.creatorgov.enforcement.domain.CatalogueEntry;
import io.creatorgov.enforcement.domain.Consequence;
import io.creatorgov.enforcement.domain.Decision;
import io.creatorgov.enforcement.domain.DecisionBasis;
import io.creatorgov.enforcement.domain.FiredRule;
import io.creatorgov.enforcement.domain.HealthRating;
import io.creatorgov.enforcement.domain.RestrictionCategory;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.domain.StatementOfReasons;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.ids.ResourceIds;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a decision into the rows that record it: the violation, the action with its statement of
 * reasons pinned to the policy versions used, and the outbox row that delivers it. No I/O.
 */
public final class DecisionRecords {
  private DecisionRecords() {}

  /** The system job that decides by the rules (the action's {@code decided} actor). */
  static final String DECISION_JOB = "enforcement-decision";

  static final int MAX_TEXT = 5000;

  /** What a decision needs besides the command: the creator, the policies, the time. */
  record Inputs(CreatorFacts creator, EnforcementPolicies policies) {}

  static ViolationEntity violation(
      CallerIdentity caller,
      ReportViolation cmd,
      Inputs in,
      Decision d,
      String violationId,
      String actionId,
      OffsetDateTime now) {
    CatalogueEntry entry = in.policies().entry();
    boolean health = in.policies().rules().model() instanceof HealthRating;
    ViolationEntity v = new ViolationEntity();
    v.violationId = violationId;
    v.creatorId = cmd.creatorId();
    v.market = cmd.market();
    v.violationCode = entry.code();
    v.severity = entry.severity().name();
    v.violationTitle = entry.title();
    v.evidence = cmd.evidence();
    v.detectionSource = cmd.detectionSource().name();
    v.observedAt = utc(cmd.observedTime());
    v.liveSessionId = cmd.liveSessionId();
    v.contentType = cmd.contentType();
    v.contentTime = cmd.contentTime() == null ? null : utc(cmd.contentTime());
    v.humanReviewed = cmd.humanReviewed() || cmd.detectionSource().name().equals("MODERATOR");
    if (cmd.notice() != null) {
      v.noticeId = cmd.notice().noticeId();
      v.trustedFlaggerId = cmd.notice().trustedFlaggerId();
      v.trustedFlaggerName = cmd.notice().trustedFlaggerName();
    }
    v.cataloguePolicyKey = in.policies().catalogue().key();
    v.cataloguePolicyVersion = in.policies().catalogue().version();
    v.modelKind = health ? "HEALTH_RATING" : "POINTS_LADDER";
    v.pointsAdded = health ? 0 : d.pointsAfter() - d.pointsBefore();
    v.pointsExpireAt = d.pointsExpireTime() == null ? null : utc(d.pointsExpireTime());
    v.scoreDeducted = health ? d.scoreBefore() - d.scoreAfter() : 0;
    v.repeatOffence = d.repeatOffence();
    v.repeatCount = d.repeatCount();
    v.state = "ACTIVE";
    v.actionId = actionId;
    v.reportedBy = Rows.actorOf(caller);
    v.reportedRequestId = cmd.requestId();
    v.createdAt = now;
    v.updatedAt = now;
    v.etagVersion = 1;
    return v;
  }

  static EnforcementActionEntity action(
      ReportViolation cmd,
      Inputs in,
      Decision d,
      String violationId,
      String actionId,
      List<String> territorialScope,
      OffsetDateTime now) {
    Consequence c = d.consequence();
    EnforcementPolicies p = in.policies();
    Instant decided = now.toInstant();
    Instant end = c.endTime(decided).orElse(null);
    Instant appealDeadline = AppealWindow.deadline(decided, p.appealWindow());
    PinnedPolicy ground = d.basis() == DecisionBasis.DEFAULT ? p.catalogue() : p.standing();
    EnforcementActionEntity a = new EnforcementActionEntity();
    a.actionId = actionId;
    a.creatorId = cmd.creatorId();
    a.market = cmd.market();
    a.actionType = c.type().name();
    a.origin = "VIOLATION_DECISION";
    a.violationId = violationId;
    a.violationCode = p.entry().code();
    a.durationSeconds = c.duration() == null ? null : c.duration().getSeconds();
    a.startAt = now;
    a.endAt = end == null ? null : utc(end);
    a.restrictionTypes = names(c.restrictions().stream().map(Enum::name).toList());
    a.targetStatus = targetStatus(c.type());
    boolean deliver = needsDelivery(c);
    a.state = deliver ? "PENDING" : "APPLIED";
    a.appliedAt = deliver ? null : now;
    a.appealDeadlineAt = utc(appealDeadline);
    a.decidedBy = "system:" + DECISION_JOB;
    a.decidedRequestId = cmd.requestId();
    a.statementId = ResourceIds.sortable("sor_");
    a.restrictionCategories = names(RestrictionCategory.of(c).stream().map(Enum::name).toList());
    a.territorialScope = names(territorialScope);
    a.factsAndCircumstances = clip(facts(cmd, p.entry()));
    a.groundType = p.entry().groundType().name();
    a.legalReference = p.entry().legalReference();
    a.category = p.entry().category();
    a.groundPolicyKey = ground.key();
    a.groundPolicyVersion = ground.version();
    a.otherPolicies =
        names(
            List.of(p.catalogue(), p.standing(), p.appeals()).stream()
                .filter(x -> !x.equals(ground))
                .map(PinnedPolicy::reference)
                .toList());
    a.rulesApplied = clip(rules(d, p));
    a.explanation =
        clip(
            StatementOfReasons.render(
                p.entry().statementTemplate(), values(cmd, in, c, end, appealDeadline)));
    a.automatedDetection = cmd.detectionSource().automatedDetection();
    a.decisionAutomation = cmd.detectionSource().decisionAutomation(cmd.humanReviewed()).name();
    a.detectionSource = cmd.detectionSource().name();
    a.appealWindowSeconds = p.appealWindow().getSeconds();
    a.contentType = cmd.contentType();
    a.contentTime = cmd.contentTime() == null ? null : utc(cmd.contentTime());
    if (cmd.notice() != null) {
      a.noticeId = cmd.notice().noticeId();
      a.trustedFlaggerId = cmd.notice().trustedFlaggerId();
      a.trustedFlaggerName = cmd.notice().trustedFlaggerName();
    }
    a.createdAt = now;
    a.updatedAt = now;
    a.etagVersion = 1;
    return a;
  }

  /** The outbox row of an action that has something to apply in creator-service. */
  static ActionDeliveryEntity delivery(String actionId, OffsetDateTime now) {
    ActionDeliveryEntity row = new ActionDeliveryEntity();
    row.actionId = actionId;
    row.purpose = "APPLY";
    row.state = "PENDING";
    row.attempts = 0;
    row.nextAttemptAt = now;
    row.createdAt = now;
    row.updatedAt = now;
    return row;
  }

  static StandingMove standingMove(ReportViolation cmd, Inputs in, Decision d, String violationId) {
    boolean health = in.policies().rules().model() instanceof HealthRating;
    Consequence reached =
        d.rulesFired().stream()
            .filter(
                r ->
                    r.basis() == DecisionBasis.LADDER_THRESHOLD
                        || r.basis() == DecisionBasis.HEALTH_MILESTONE)
            .map(FiredRule::consequence)
            .findFirst()
            .orElse(null);
    return new StandingMove(
        cmd.creatorId(),
        cmd.market(),
        violationId,
        health,
        d.pointsBefore(),
        d.pointsAfter(),
        d.scoreBefore(),
        d.scoreAfter(),
        d.thresholdReached(),
        reached,
        false);
  }

  static boolean needsDelivery(Consequence c) {
    return !c.restrictions().isEmpty() || targetStatus(c.type()) != null;
  }

  static String targetStatus(ActionType type) {
    return switch (type) {
      case SUSPENSION -> "SUSPENDED";
      case BAN -> "BANNED";
      default -> null;
    };
  }

  private static String facts(ReportViolation cmd, CatalogueEntry entry) {
    return "%s (%s) observed at %s in market %s, detected by %s%s. Evidence:%n%s"
        .formatted(
            entry.title(),
            entry.code(),
            cmd.observedTime(),
            cmd.market(),
            cmd.detectionSource().name(),
            cmd.liveSessionId() == null || cmd.liveSessionId().isEmpty()
                ? ""
                : " during live session " + cmd.liveSessionId(),
            cmd.evidenceSummary());
  }

  /** One line per rule that fired: kind|policy key|rule ref|determinative|description. */
  private static String rules(Decision d, EnforcementPolicies p) {
    List<String> lines = new ArrayList<>();
    for (FiredRule r : d.rulesFired()) {
      String policy = r.basis() == DecisionBasis.DEFAULT ? p.catalogue().key() : p.standing().key();
      lines.add(
          String.join(
              "|",
              ruleKind(r.basis()),
              policy,
              ruleRef(r, p),
              Boolean.toString(r.determinative()),
              describe(r.consequence()).replace('|', '/')));
    }
    return String.join("\n", lines);
  }

  public static String ruleKind(DecisionBasis basis) {
    return switch (basis) {
      case DEFAULT -> "CATALOGUE_CODE";
      case LADDER_THRESHOLD -> "LADDER_THRESHOLD";
      case HEALTH_MILESTONE -> "HEALTH_MILESTONE";
      case REPEAT_OFFENCE -> "REPEAT_OFFENCE";
    };
  }

  private static String ruleRef(FiredRule r, EnforcementPolicies p) {
    return ruleRef(r, p.entry().code());
  }

  /** Where in its policy the rule that fired is ({@code code}: the violation code decided on). */
  public static String ruleRef(FiredRule r, String code) {
    return r.ref(code);
  }

  public static String describe(Consequence c) {
    StringBuilder s = new StringBuilder(c.type().name());
    if (c.duration() != null) {
      s.append(" for ").append(days(c.duration()));
    } else if (c.permanent()) {
      s.append(", permanent");
    }
    if (!c.restrictions().isEmpty()) {
      s.append(": ")
          .append(c.restrictions().stream().map(Enum::name).collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  private static String days(Duration d) {
    return d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toHours() + " hours";
  }

  private static Map<String, String> values(
      ReportViolation cmd, Inputs in, Consequence c, Instant end, Instant appealDeadline) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("creator_handle", in.creator().handle());
    v.put("violation_code", in.policies().entry().code());
    v.put("violation_title", in.policies().entry().title());
    v.put("observed_time", cmd.observedTime().toString());
    v.put("action_type", c.type().name());
    v.put(
        "restriction_types",
        c.restrictions().isEmpty()
            ? "none"
            : c.restrictions().stream()
                .map(RestrictionKind::name)
                .collect(Collectors.joining(", ")));
    v.put(
        "end_time",
        end == null ? (c.permanent() ? "permanently" : "not applicable") : end.toString());
    v.put("policy_key", in.policies().catalogue().key());
    v.put("policy_version", Integer.toString(in.policies().catalogue().version()));
    v.put("market", cmd.market());
    v.put("evidence_summary", cmd.evidenceSummary());
    v.put("appeal_deadline", appealDeadline.toString());
    return v;
  }

  static String names(List<String> names) {
    return String.join(",", names);
  }

  static String clip(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }

  /** At the database's precision (microseconds), so a stored row reads back as it was built. */
  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
