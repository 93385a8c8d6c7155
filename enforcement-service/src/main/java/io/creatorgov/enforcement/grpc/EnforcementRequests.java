package io.creatorgov.enforcement.grpc;

import com.google.protobuf.ProtocolMessageEnum;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.domain.AppealOutcome;
import io.creatorgov.enforcement.domain.DetectionSource;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.service.Appeals;
import io.creatorgov.enforcement.service.CommissionHolds;
import io.creatorgov.enforcement.service.CreateSimulation;
import io.creatorgov.enforcement.service.ListActions;
import io.creatorgov.enforcement.service.ListAppeals;
import io.creatorgov.enforcement.service.ListCommissionHolds;
import io.creatorgov.enforcement.service.ListSimulationResults;
import io.creatorgov.enforcement.service.ListViolations;
import io.creatorgov.enforcement.service.ManualActions;
import io.creatorgov.enforcement.service.ReportViolation;
import io.creatorgov.enforcement.service.Reversals;
import io.creatorgov.enforcement.v1.CreateSimulationRequest;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.EvidenceReference;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.IssueManualActionRequest;
import io.creatorgov.enforcement.v1.ListAppealsRequest;
import io.creatorgov.enforcement.v1.ListCommissionHoldsRequest;
import io.creatorgov.enforcement.v1.ListEnforcementActionsRequest;
import io.creatorgov.enforcement.v1.ListSimulationResultsRequest;
import io.creatorgov.enforcement.v1.ListViolationsRequest;
import io.creatorgov.enforcement.v1.RecordHeldCommissionRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionRequest;
import io.creatorgov.enforcement.v1.StartAppealReviewRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.WithdrawAppealRequest;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.time.ProtoTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.stream.Collectors;

/** Requests into commands: the only place that reads enforcement request messages. */
final class EnforcementRequests {
  private EnforcementRequests() {}

  static ReportViolation reportViolation(ReportViolationRequest r) {
    return new ReportViolation(
        r.getRequestId(),
        r.getCreatorId(),
        r.getMarket(),
        r.getViolationCode(),
        evidence(r),
        r.getEvidenceList().stream()
            .map(EnforcementRequests::summary)
            .collect(Collectors.joining("\n")),
        DetectionSource.valueOf(
            r.getDetectionSource().name().substring("DETECTION_SOURCE_".length())),
        ProtoTime.toInstant(r.getObservedTime()),
        r.getLiveSessionId(),
        r.getContentType().name().substring("CONTENT_TYPE_".length()),
        r.hasContentTime() ? ProtoTime.toInstant(r.getContentTime()) : null,
        r.getHumanReviewed(),
        r.hasNotice()
            ? new ReportViolation.Notice(
                r.getNotice().getNoticeId(),
                r.getNotice().getTrustedFlaggerId(),
                r.getNotice().getTrustedFlaggerName())
            : null);
  }

  static Appeals.File fileAppeal(FileAppealRequest r) {
    return new Appeals.File(
        r.getRequestId(), r.getActionId(), r.getStatement(), evidence(r.getEvidenceList()));
  }

  static Appeals.Move startReview(StartAppealReviewRequest r) {
    return new Appeals.Move(r.getRequestId(), r.getAppealId(), "", r.getEtag());
  }

  static Appeals.Move withdraw(WithdrawAppealRequest r) {
    return new Appeals.Move(r.getRequestId(), r.getAppealId(), r.getReason(), r.getEtag());
  }

  /**
   * DecideAppeal's command. {@code modification} is required for MODIFY and must be unset for the
   * other outcomes (INVALID_ARGUMENT naming it).
   */
  static Appeals.Decide decideAppeal(DecideAppealRequest r) {
    boolean modify =
        r.getOutcome() == io.creatorgov.enforcement.v1.AppealOutcome.APPEAL_OUTCOME_MODIFY;
    if (modify && !r.hasModification()) {
      throw ApiException.invalid("modification", "required for outcome MODIFY");
    }
    if (!modify && r.hasModification()) {
      throw ApiException.invalid("modification", "must be unset for outcome " + r.getOutcome());
    }
    return new Appeals.Decide(
        r.getRequestId(),
        r.getAppealId(),
        AppealOutcome.valueOf(r.getOutcome().name().substring("APPEAL_OUTCOME_".length())),
        modify ? modification(r.getModification()) : null,
        r.getReasoning(),
        r.getEtag());
  }

  /** The replacement's consequence, checked like IssueManualAction's fields of the same names. */
  private static io.creatorgov.enforcement.domain.Consequence modification(
      io.creatorgov.enforcement.v1.ActionModification m) {
    ActionType type =
        ActionType.valueOf(suffix(m.getActionType().name(), "ENFORCEMENT_ACTION_TYPE_"));
    java.time.Duration duration = m.hasDuration() ? ProtoTime.toDuration(m.getDuration()) : null;
    java.util.Set<RestrictionKind> additional = restrictions(m.getAdditionalRestrictionTypesList());
    io.creatorgov.kit.error.Violations v = new io.creatorgov.kit.error.Violations();
    for (io.creatorgov.enforcement.domain.ManualConsequences.Problem p :
        io.creatorgov.enforcement.domain.ManualConsequences.check(type, duration, additional)) {
      v.add("modification." + p.field(), p.description());
    }
    v.throwIfAny();
    return io.creatorgov.enforcement.domain.ManualConsequences.of(type, duration, additional);
  }

  static ManualActions.Issue issueManualAction(IssueManualActionRequest r) {
    return new ManualActions.Issue(
        r.getRequestId(),
        r.getCreatorId(),
        r.getMarket(),
        ActionType.valueOf(suffix(r.getActionType().name(), "ENFORCEMENT_ACTION_TYPE_")),
        r.hasDuration() ? ProtoTime.toDuration(r.getDuration()) : null,
        restrictions(r.getAdditionalRestrictionTypesList()),
        r.getReason(),
        emptyToNull(r.getViolationId()),
        emptyToNull(r.getViolationCode()),
        r.getGroundTypeValue() == 0 ? null : suffix(r.getGroundType().name(), "GROUND_TYPE_"),
        emptyToNull(r.getLegalReference()),
        r.getCategoryValue() == 0 ? null : suffix(r.getCategory().name(), "VIOLATION_CATEGORY_"),
        r.getContentTypeValue() == 0 ? null : suffix(r.getContentType().name(), "CONTENT_TYPE_"));
  }

  static java.util.Set<RestrictionKind> restrictions(
      java.util.List<io.creatorgov.common.v1.RestrictionType> types) {
    java.util.Set<RestrictionKind> kinds = java.util.EnumSet.noneOf(RestrictionKind.class);
    for (io.creatorgov.common.v1.RestrictionType t : types) {
      kinds.add(RestrictionKind.valueOf(suffix(t.name(), "RESTRICTION_TYPE_")));
    }
    return kinds;
  }

  private static String suffix(String name, String prefix) {
    return name.substring(prefix.length());
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  static Reversals.Reverse reverse(ReverseEnforcementActionRequest r) {
    return new Reversals.Reverse(
        r.getRequestId(),
        r.getActionId(),
        r.getReason(),
        r.getEtag(),
        r.getRestoreStanding(),
        r.getBasis().name().substring("REVERSAL_BASIS_".length()));
  }

  static CommissionHolds.RecordAmount recordAmount(RecordHeldCommissionRequest r) {
    return new CommissionHolds.RecordAmount(
        r.getRequestId(),
        r.getHoldId(),
        r.getAmountHeld().getAmountMinor(),
        r.getAmountHeld().getCurrencyCode(),
        ProtoTime.toInstant(r.getAsOfTime()),
        r.getEtag());
  }

  static ListViolations listViolations(ListViolationsRequest r) {
    Violations v = new Violations();
    ListViolations cmd =
        new ListViolations(
            r.getPageSize(),
            r.getPageToken(),
            r.getCreatorId(),
            r.getMarket(),
            r.getViolationCode(),
            r.hasObservedWindow() ? start(r.getObservedWindow()) : null,
            r.hasObservedWindow() ? end(r.getObservedWindow()) : null,
            filter(v, "state", r.getState(), "VIOLATION_STATE_"),
            filter(v, "detection_source", r.getDetectionSource(), "DETECTION_SOURCE_"));
    v.throwIfAny();
    return cmd;
  }

  static ListActions listActions(ListEnforcementActionsRequest r) {
    Violations v = new Violations();
    ListActions cmd =
        new ListActions(
            r.getPageSize(),
            r.getPageToken(),
            r.getCreatorId(),
            r.getMarket(),
            filter(v, "state", r.getState(), "ENFORCEMENT_ACTION_STATE_"),
            filter(v, "action_type", r.getActionType(), "ENFORCEMENT_ACTION_TYPE_"),
            filter(v, "origin", r.getOrigin(), "ACTION_ORIGIN_"),
            r.getViolationId(),
            r.hasStartWindow() ? start(r.getStartWindow()) : null,
            r.hasStartWindow() ? end(r.getStartWindow()) : null);
    v.throwIfAny();
    return cmd;
  }

  static ListAppeals listAppeals(ListAppealsRequest r) {
    Violations v = new Violations();
    ListAppeals cmd =
        new ListAppeals(
            r.getPageSize(),
            r.getPageToken(),
            r.getCreatorId(),
            r.getMarket(),
            filter(v, "state", r.getState(), "APPEAL_STATE_"),
            r.getActionId());
    v.throwIfAny();
    return cmd;
  }

  static ListCommissionHolds listHolds(ListCommissionHoldsRequest r) {
    Violations v = new Violations();
    ListCommissionHolds cmd =
        new ListCommissionHolds(
            r.getPageSize(),
            r.getPageToken(),
            r.getCreatorId(),
            r.getMarket(),
            filter(v, "state", r.getState(), "COMMISSION_HOLD_STATE_"),
            r.getActionId());
    v.throwIfAny();
    return cmd;
  }

  static EnforcementChangeFeed.Subscription subscription(StreamEnforcementEventsRequest r) {
    return new EnforcementChangeFeed.Subscription(
        r.getResumeToken(),
        r.getStartFromNow(),
        r.getMarketsList(),
        r.getEventTypesList(),
        r.getCreatorIdsList());
  }

  static CreateSimulation createSimulation(CreateSimulationRequest r) {
    Violations v = new Violations();
    TimeWindow w = r.getReplayWindow();
    v.require(!w.hasStartTime(), "replay_window.start_time", "required");
    v.require(!w.hasEndTime(), "replay_window.end_time", "required");
    v.throwIfAny();
    return new CreateSimulation(
        r.getRequestId(),
        r.getPolicyKey(),
        r.getPolicyVersion(),
        r.getMarketsList(),
        start(w),
        end(w));
  }

  static ListSimulationResults listSimulationResults(ListSimulationResultsRequest r) {
    Violations v = new Violations();
    ListSimulationResults cmd =
        new ListSimulationResults(
            r.getSimulationId(),
            r.getPageSize(),
            r.getPageToken(),
            filter(v, "change_kind", r.getChangeKind(), "SIMULATION_CHANGE_KIND_"),
            r.getMarket());
    v.throwIfAny();
    return cmd;
  }

  /**
   * An enum filter as the stored name (the value without its prefix); null for UNSPECIFIED (match
   * all). A value this server does not know is a field violation.
   */
  private static String filter(
      Violations v, String field, ProtocolMessageEnum value, String prefix) {
    if (((Enum<?>) value).name().equals("UNRECOGNIZED")) {
      v.add(field, "unknown value");
      return null;
    }
    if (value.getNumber() == 0) {
      return null;
    }
    return ((Enum<?>) value).name().substring(prefix.length());
  }

  private static Instant start(TimeWindow w) {
    return w.hasStartTime() ? ProtoTime.toInstant(w.getStartTime()) : null;
  }

  private static Instant end(TimeWindow w) {
    return w.hasEndTime() ? ProtoTime.toInstant(w.getEndTime()) : null;
  }

  /** The references, length-delimited, stored as reported and returned as they were. */
  private static byte[] evidence(ReportViolationRequest r) {
    return evidence(r.getEvidenceList());
  }

  private static byte[] evidence(java.util.List<EvidenceReference> refs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (EvidenceReference ref : refs) {
        ref.writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String summary(EvidenceReference ref) {
    String kind = ref.getKind().name().substring("EVIDENCE_KIND_".length());
    return "- " + kind + " " + ref.getId() + (ref.getNote().isEmpty() ? "" : ": " + ref.getNote());
  }
}
