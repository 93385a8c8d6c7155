package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.service.EnforcementViews;
import io.creatorgov.enforcement.service.Page;
import io.creatorgov.enforcement.service.Reported;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.GetCreatorStandingResponse;
import io.creatorgov.enforcement.v1.ListEnforcementActionsResponse;
import io.creatorgov.enforcement.v1.ListViolationsResponse;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.Violation;

/** Results into responses: the only place that builds enforcement response messages. */
final class EnforcementResponses {
  private EnforcementResponses() {}

  static ReportViolationResponse reported(Reported r) {
    return ReportViolationResponse.newBuilder()
        .setViolation(EnforcementViews.violation(r.violation()))
        .setAction(EnforcementViews.action(r.action(), r.delivery()))
        .setStandingChange(EnforcementViews.standingChange(r.standing()))
        .build();
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

  static GetCreatorStandingResponse standing(CreatorStanding standing) {
    return GetCreatorStandingResponse.newBuilder().setStanding(standing).build();
  }
}
