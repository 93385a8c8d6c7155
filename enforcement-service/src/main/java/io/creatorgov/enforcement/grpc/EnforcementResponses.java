package io.creatorgov.enforcement.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.SimulationEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.enforcement.service.ActionRecord;
import io.creatorgov.enforcement.service.Appeals;
import io.creatorgov.enforcement.service.CommissionHolds;
import io.creatorgov.enforcement.service.GovernanceInsights;
import io.creatorgov.enforcement.service.ManualActions;
import io.creatorgov.enforcement.service.Page;
import io.creatorgov.enforcement.service.Reported;
import io.creatorgov.enforcement.service.Reversals;
import io.creatorgov.enforcement.service.SimulationResultPage;
import io.creatorgov.enforcement.service.StandingView;
import io.creatorgov.enforcement.v1.ActionTypeTally;
import io.creatorgov.enforcement.v1.CancelSimulationResponse;
import io.creatorgov.enforcement.v1.ConsequenceKind;
import io.creatorgov.enforcement.v1.CreateSimulationResponse;
import io.creatorgov.enforcement.v1.DecideAppealResponse;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.FileAppealResponse;
import io.creatorgov.enforcement.v1.GetAppealResponse;
import io.creatorgov.enforcement.v1.GetCommissionHoldResponse;
import io.creatorgov.enforcement.v1.GetCreatorStandingResponse;
import io.creatorgov.enforcement.v1.GetEnforcementActionResponse;
import io.creatorgov.enforcement.v1.GetGovernanceInsightsRequest;
import io.creatorgov.enforcement.v1.GetGovernanceInsightsResponse;
import io.creatorgov.enforcement.v1.GetSimulationResponse;
import io.creatorgov.enforcement.v1.GetViolationResponse;
import io.creatorgov.enforcement.v1.IssueManualActionResponse;
import io.creatorgov.enforcement.v1.ListAppealsResponse;
import io.creatorgov.enforcement.v1.ListCommissionHoldsResponse;
import io.creatorgov.enforcement.v1.ListEnforcementActionsResponse;
import io.creatorgov.enforcement.v1.ListSimulationResultsResponse;
import io.creatorgov.enforcement.v1.ListSimulationsResponse;
import io.creatorgov.enforcement.v1.ListViolationsResponse;
import io.creatorgov.enforcement.v1.RecordHeldCommissionResponse;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionResponse;
import io.creatorgov.enforcement.v1.RuleInsight;
import io.creatorgov.enforcement.v1.SimulationResult;
import io.creatorgov.enforcement.v1.StartAppealReviewResponse;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.enforcement.v1.WithdrawAppealResponse;
import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.time.ProtoTime;

/** Results into responses: the only place that builds enforcement response messages. */
final class EnforcementResponses {
  private EnforcementResponses() {}

  static ReportViolationResponse reported(Reported r) {
    return ReportViolationResponse.newBuilder()
        .setViolation(EnforcementMessages.violation(r.violation()))
        .setAction(EnforcementMessages.action(r.actionRecord()))
        .setStandingChange(EnforcementMessages.standingChange(r.standing()))
        .build();
  }

  static FileAppealResponse filed(Appeals.AppealResult r) {
    return FileAppealResponse.newBuilder().setAppeal(AppealMessages.appeal(r)).build();
  }

  static StartAppealReviewResponse reviewStarted(Appeals.AppealResult r) {
    return StartAppealReviewResponse.newBuilder().setAppeal(AppealMessages.appeal(r)).build();
  }

  static WithdrawAppealResponse withdrawn(Appeals.AppealResult r) {
    return WithdrawAppealResponse.newBuilder().setAppeal(AppealMessages.appeal(r)).build();
  }

  static GetAppealResponse got(Appeals.AppealResult r) {
    return GetAppealResponse.newBuilder().setAppeal(AppealMessages.appeal(r)).build();
  }

  static DecideAppealResponse decided(Appeals.AppealResult r) {
    DecideAppealResponse.Builder b =
        DecideAppealResponse.newBuilder()
            .setAppeal(AppealMessages.appeal(r))
            .setAction(EnforcementMessages.action(r.action()));
    if (r.standing() != null) {
      b.setStandingChange(EnforcementMessages.standingChange(r.standing()));
    }
    if (r.replacement() != null) {
      b.setReplacementAction(EnforcementMessages.action(r.replacement()));
    }
    return b.build();
  }

  static ReverseEnforcementActionResponse reversed(Reversals.Reversed r) {
    ReverseEnforcementActionResponse.Builder b =
        ReverseEnforcementActionResponse.newBuilder()
            .setAction(EnforcementMessages.action(r.action()))
            .addAllConsequences(
                AppealMessages.undone(
                    ConsequenceKind.CONSEQUENCE_KIND_ACTION_REVERSED,
                    r.action(),
                    r.violation(),
                    EnforcementMessages.action(r.action()).getReversalRecord().getReversed()));
    if (r.standing() != null) {
      b.setStandingChange(EnforcementMessages.standingChange(r.standing()));
    }
    return b.build();
  }

  static IssueManualActionResponse issued(ManualActions.Issued r) {
    return IssueManualActionResponse.newBuilder()
        .setAction(EnforcementMessages.action(r.action()))
        .build();
  }

  static RecordHeldCommissionResponse amountRecorded(CommissionHolds.Reported r) {
    return RecordHeldCommissionResponse.newBuilder()
        .setHold(EnforcementMessages.hold(r.hold()))
        .build();
  }

  static GetViolationResponse violation(ViolationEntity v) {
    return GetViolationResponse.newBuilder().setViolation(EnforcementMessages.violation(v)).build();
  }

  static GetEnforcementActionResponse action(ActionRecord r) {
    return GetEnforcementActionResponse.newBuilder()
        .setAction(EnforcementMessages.action(r))
        .build();
  }

  static GetCommissionHoldResponse hold(CommissionHoldEntity h) {
    return GetCommissionHoldResponse.newBuilder().setHold(EnforcementMessages.hold(h)).build();
  }

  static ListViolationsResponse violations(Page<ViolationEntity> page) {
    return ListViolationsResponse.newBuilder()
        .addAllViolations(page.items().stream().map(EnforcementMessages::violation).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static ListEnforcementActionsResponse actions(Page<ActionRecord> page) {
    return ListEnforcementActionsResponse.newBuilder()
        .addAllActions(page.items().stream().map(EnforcementMessages::action).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static ListAppealsResponse appeals(Page<Appeals.AppealResult> page) {
    return ListAppealsResponse.newBuilder()
        .addAllAppeals(page.items().stream().map(AppealMessages::appeal).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static ListCommissionHoldsResponse holds(Page<CommissionHoldEntity> page) {
    return ListCommissionHoldsResponse.newBuilder()
        .addAllHolds(page.items().stream().map(EnforcementMessages::hold).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static StreamEnforcementEventsResponse feedItem(FeedItem<EnforcementEvent> item) {
    return item.fold(
        e -> StreamEnforcementEventsResponse.newBuilder().setEvent(e).build(),
        c -> StreamEnforcementEventsResponse.newBuilder().setCheckpoint(c).build());
  }

  static GetCreatorStandingResponse standing(StandingView standing) {
    return GetCreatorStandingResponse.newBuilder()
        .setStanding(EnforcementMessages.standing(standing))
        .build();
  }

  /** The market and window as asked, the rows per code and the totals. */
  static GetGovernanceInsightsResponse insights(
      GetGovernanceInsightsRequest request, GovernanceInsights.Insights i) {
    return GetGovernanceInsightsResponse.newBuilder()
        .setMarket(request.getMarket())
        .setWindow(request.getWindow())
        .addAllRules(i.rules().stream().map(EnforcementResponses::insight).toList())
        .setTotals(insight(i.totals()))
        .build();
  }

  private static RuleInsight insight(GovernanceInsights.RuleInsight r) {
    RuleInsight.Builder b =
        RuleInsight.newBuilder()
            .setViolationCode(r.violationCode())
            .setReports(r.reports())
            .setAppealsFiled(r.appealsFiled())
            .setAppealsDecided(r.appealsDecided())
            .setAppealsOverturned(r.appealsOverturned())
            .setAppealsModified(r.appealsModified())
            .setOverturnRate(r.overturnRate())
            .setRepeatOffenderShare(r.repeatOffenderShare());
    for (GovernanceInsights.ActionTypeTally t : r.actions()) {
      b.addActions(
          ActionTypeTally.newBuilder()
              .setActionType(Vocabulary.actionType(t.actionType()))
              .setCount(t.count()));
    }
    if (r.medianTimeToApplied() != null) {
      b.setMedianTimeToApplied(ProtoTime.of(r.medianTimeToApplied()));
    }
    return b.build();
  }

  static CreateSimulationResponse simulationCreated(SimulationEntity s) {
    return CreateSimulationResponse.newBuilder()
        .setSimulation(SimulationMessages.simulation(s, true))
        .build();
  }

  static CancelSimulationResponse simulationCancelled(SimulationEntity s) {
    return CancelSimulationResponse.newBuilder()
        .setSimulation(SimulationMessages.simulation(s, true))
        .build();
  }

  static GetSimulationResponse simulation(SimulationEntity s) {
    return GetSimulationResponse.newBuilder()
        .setSimulation(SimulationMessages.simulation(s, true))
        .build();
  }

  /** A listing shows each simulation without its per-market summaries. */
  static ListSimulationsResponse simulations(Page<SimulationEntity> page) {
    return ListSimulationsResponse.newBuilder()
        .addAllSimulations(
            page.items().stream().map(s -> SimulationMessages.simulation(s, false)).toList())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  /** Each result as stored. */
  static ListSimulationResultsResponse simulationResults(SimulationResultPage r) {
    return ListSimulationResultsResponse.newBuilder()
        .addAllResults(r.page().items().stream().map(EnforcementResponses::storedResult).toList())
        .setNextPageToken(r.page().nextPageToken())
        .setTotalSize(r.totalSize())
        .build();
  }

  private static SimulationResult storedResult(byte[] stored) {
    try {
      return SimulationResult.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored simulation result", e);
    }
  }
}
