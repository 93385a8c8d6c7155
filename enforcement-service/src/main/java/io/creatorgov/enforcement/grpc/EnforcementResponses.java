package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.service.EnforcementViews;
import io.creatorgov.enforcement.service.Reported;
import io.creatorgov.enforcement.v1.ReportViolationResponse;

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
}
