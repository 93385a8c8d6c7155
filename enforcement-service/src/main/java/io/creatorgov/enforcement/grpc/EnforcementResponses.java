package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.service.AppealViews;
import io.creatorgov.enforcement.service.Appeals;
import io.creatorgov.enforcement.service.CommissionHolds;
import io.creatorgov.enforcement.service.EnforcementViews;
import io.creatorgov.enforcement.service.HoldViews;
import io.creatorgov.enforcement.service.ManualActions;
import io.creatorgov.enforcement.service.Page;
import io.creatorgov.enforcement.service.Reported;
import io.creatorgov.enforcement.service.Reversals;
import io.creatorgov.enforcement.service.SimulationResultPage;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.CancelSimulationResponse;
import io.creatorgov.enforcement.v1.CommissionHold;
import io.creatorgov.enforcement.v1.ConsequenceKind;
import io.creatorgov.enforcement.v1.CreateSimulationResponse;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.DecideAppealResponse;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.FileAppealResponse;
import io.creatorgov.enforcement.v1.GetAppealResponse;
import io.creatorgov.enforcement.v1.GetCreatorStandingResponse;
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
import io.creatorgov.enforcement.v1.Simulation;
import io.creatorgov.enforcement.v1.StartAppealReviewResponse;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
import io.creatorgov.enforcement.v1.Violation;
import io.creatorgov.enforcement.v1.WithdrawAppealResponse;
import io.creatorgov.kit.feed.FeedItem;

/** Results into responses: the only place that builds enforcement response messages. */
final class EnforcementResponses {
  private EnforcementResponses() {}

  static ReportViolationResponse reported(Reported r) {
    return ReportViolationResponse.newBuilder()
        .setViolation(EnforcementViews.violation(r.violation()))
        .setAction(EnforcementViews.action(r.actionRecord()))
        .setStandingChange(EnforcementViews.standingChange(r.standing()))
        .build();
  }

  static FileAppealResponse filed(Appeals.AppealResult r) {
    return FileAppealResponse.newBuilder().setAppeal(appeal(r)).build();
  }

  static StartAppealReviewResponse reviewStarted(Appeals.AppealResult r) {
    return StartAppealReviewResponse.newBuilder().setAppeal(appeal(r)).build();
  }

  static WithdrawAppealResponse withdrawn(Appeals.AppealResult r) {
    return WithdrawAppealResponse.newBuilder().setAppeal(appeal(r)).build();
  }

  static GetAppealResponse got(Appeals.AppealResult r) {
    return GetAppealResponse.newBuilder().setAppeal(appeal(r)).build();
  }

  static DecideAppealResponse decided(Appeals.AppealResult r) {
    DecideAppealResponse.Builder b =
        DecideAppealResponse.newBuilder()
            .setAppeal(appeal(r))
            .setAction(EnforcementViews.action(r.action()));
    if (r.standing() != null) {
      b.setStandingChange(EnforcementViews.standingChange(r.standing()));
    }
    if (r.replacement() != null) {
      b.setReplacementAction(EnforcementViews.action(r.replacement()));
    }
    return b.build();
  }

  static ReverseEnforcementActionResponse reversed(Reversals.Reversed r) {
    ReverseEnforcementActionResponse.Builder b =
        ReverseEnforcementActionResponse.newBuilder()
            .setAction(EnforcementViews.action(r.action()))
            .addAllConsequences(
                AppealViews.undone(
                    ConsequenceKind.CONSEQUENCE_KIND_ACTION_REVERSED,
                    r.action(),
                    r.violation(),
                    EnforcementViews.action(r.action()).getReversalRecord().getReversed()));
    if (r.standing() != null) {
      b.setStandingChange(EnforcementViews.standingChange(r.standing()));
    }
    return b.build();
  }

  static IssueManualActionResponse issued(ManualActions.Issued r) {
    return IssueManualActionResponse.newBuilder()
        .setAction(EnforcementViews.action(r.action()))
        .build();
  }

  static RecordHeldCommissionResponse amountRecorded(CommissionHolds.Reported r) {
    return RecordHeldCommissionResponse.newBuilder().setHold(HoldViews.hold(r.hold())).build();
  }

  private static io.creatorgov.enforcement.v1.Appeal appeal(Appeals.AppealResult r) {
    return AppealViews.appeal(r.appeal(), r.action(), r.violation(), r.replacement());
  }

  static ListViolationsResponse violations(Page<Violation> page) {
    return ListViolationsResponse.newBuilder()
        .addAllViolations(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static ListEnforcementActionsResponse actions(Page<EnforcementAction> page) {
    return ListEnforcementActionsResponse.newBuilder()
        .addAllActions(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static ListAppealsResponse appeals(Page<Appeal> page) {
    return ListAppealsResponse.newBuilder()
        .addAllAppeals(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static ListCommissionHoldsResponse holds(Page<CommissionHold> page) {
    return ListCommissionHoldsResponse.newBuilder()
        .addAllHolds(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static StreamEnforcementEventsResponse feedItem(FeedItem<EnforcementEvent> item) {
    return item.fold(
        e -> StreamEnforcementEventsResponse.newBuilder().setEvent(e).build(),
        c -> StreamEnforcementEventsResponse.newBuilder().setCheckpoint(c).build());
  }

  static GetCreatorStandingResponse standing(CreatorStanding standing) {
    return GetCreatorStandingResponse.newBuilder().setStanding(standing).build();
  }

  static CreateSimulationResponse simulationCreated(Simulation s) {
    return CreateSimulationResponse.newBuilder().setSimulation(s).build();
  }

  static CancelSimulationResponse simulationCancelled(Simulation s) {
    return CancelSimulationResponse.newBuilder().setSimulation(s).build();
  }

  static ListSimulationsResponse simulations(Page<Simulation> page) {
    return ListSimulationsResponse.newBuilder()
        .addAllSimulations(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static ListSimulationResultsResponse simulationResults(SimulationResultPage r) {
    return ListSimulationResultsResponse.newBuilder()
        .addAllResults(r.page().items())
        .setNextPageToken(r.page().nextPageToken())
        .setTotalSize(r.totalSize())
        .build();
  }
}
