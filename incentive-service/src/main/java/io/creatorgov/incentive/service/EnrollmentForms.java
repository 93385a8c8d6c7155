package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.PausedInterval;
import java.util.List;

/**
 * How an enrolment's structured parts are kept in its row: the admitting evaluation and the closed
 * inactive intervals, as the contract's messages (the API layer implements it,
 * grpc/ProtoEnrollmentForms).
 */
public interface EnrollmentForms {

  byte[] evaluation(EligibilityEvaluation evaluation);

  EligibilityEvaluation evaluation(byte[] stored);

  byte[] intervals(List<PausedInterval> intervals);

  List<PausedInterval> intervals(byte[] stored);
}
