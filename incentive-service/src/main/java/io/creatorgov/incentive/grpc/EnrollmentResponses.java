package io.creatorgov.incentive.grpc;

import io.creatorgov.incentive.service.EnrollmentQueries;
import io.creatorgov.incentive.service.EnrollmentView;
import io.creatorgov.incentive.service.Page;
import io.creatorgov.incentive.v1.CheckEligibilityResponse;
import io.creatorgov.incentive.v1.EnrollResponse;
import io.creatorgov.incentive.v1.GetEnrollmentResponse;
import io.creatorgov.incentive.v1.ListEnrollmentsResponse;
import io.creatorgov.incentive.v1.ReinstateEnrollmentResponse;
import io.creatorgov.incentive.v1.WithdrawResponse;

/** Enrolment views and eligibility answers into responses. */
final class EnrollmentResponses {
  private EnrollmentResponses() {}

  static CheckEligibilityResponse eligibility(EnrollmentQueries.Eligibility e) {
    return CheckEligibilityResponse.newBuilder()
        .setEvaluation(EnrollmentMessages.evaluation(e.evaluation()))
        .setProgramState(ProgramMessages.state(e.programState()))
        .setEnrollmentState(EnrollmentMessages.state(e.enrollment()))
        .build();
  }

  static EnrollResponse enrolled(EnrollmentView v) {
    return EnrollResponse.newBuilder().setEnrollment(EnrollmentMessages.enrollment(v)).build();
  }

  static WithdrawResponse withdrawn(EnrollmentView v) {
    return WithdrawResponse.newBuilder().setEnrollment(EnrollmentMessages.enrollment(v)).build();
  }

  static ReinstateEnrollmentResponse reinstated(EnrollmentView v) {
    return ReinstateEnrollmentResponse.newBuilder()
        .setEnrollment(EnrollmentMessages.enrollment(v))
        .build();
  }

  static GetEnrollmentResponse found(EnrollmentView v) {
    return GetEnrollmentResponse.newBuilder()
        .setEnrollment(EnrollmentMessages.enrollment(v))
        .build();
  }

  static ListEnrollmentsResponse enrollments(Page<EnrollmentView> page) {
    ListEnrollmentsResponse.Builder r =
        ListEnrollmentsResponse.newBuilder().setNextPageToken(page.nextPageToken());
    page.items().forEach(v -> r.addEnrollments(EnrollmentMessages.enrollment(v)));
    return r.build();
  }
}
