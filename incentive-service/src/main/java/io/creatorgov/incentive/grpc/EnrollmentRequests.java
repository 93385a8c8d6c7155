package io.creatorgov.incentive.grpc;

import io.creatorgov.incentive.service.EnrollmentCommands;
import io.creatorgov.incentive.service.EnrollmentQueries;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.ListEnrollmentsRequest;
import io.creatorgov.incentive.v1.ReinstateEnrollmentRequest;
import io.creatorgov.incentive.v1.WithdrawRequest;

/** Enrolment requests into the use cases' inputs. */
final class EnrollmentRequests {
  private EnrollmentRequests() {}

  static EnrollmentCommands.Enroll enroll(EnrollRequest r) {
    return new EnrollmentCommands.Enroll(r.getRequestId(), r.getProgramId(), r.getCreatorId());
  }

  static EnrollmentCommands.ChangeEnrollment withdraw(WithdrawRequest r) {
    return new EnrollmentCommands.ChangeEnrollment(
        r.getRequestId(), r.getEnrollmentId(), r.getEtag(), r.getReason());
  }

  static EnrollmentCommands.ChangeEnrollment reinstate(ReinstateEnrollmentRequest r) {
    return new EnrollmentCommands.ChangeEnrollment(
        r.getRequestId(), r.getEnrollmentId(), r.getEtag(), r.getReason());
  }

  static EnrollmentQueries.ListEnrollments list(ListEnrollmentsRequest r) {
    return new EnrollmentQueries.ListEnrollments(
        r.getPageSize(),
        r.getPageToken(),
        r.getProgramId(),
        r.getCreatorId(),
        r.getMarket(),
        EnrollmentMessages.stateFilter(r.getState()));
  }
}
