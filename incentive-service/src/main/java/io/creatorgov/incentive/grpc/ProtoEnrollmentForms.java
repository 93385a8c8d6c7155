package io.creatorgov.incentive.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.service.EnrollmentForms;
import io.creatorgov.incentive.v1.Enrollment;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * An enrolment's parts stored as the contract's messages: the evaluation as {@code
 * EligibilityEvaluation}, the closed inactive intervals as an {@link Enrollment} holding only them.
 */
@ApplicationScoped
public class ProtoEnrollmentForms implements EnrollmentForms {

  @Override
  public byte[] evaluation(EligibilityEvaluation evaluation) {
    return EnrollmentMessages.evaluation(evaluation).toByteArray();
  }

  @Override
  public EligibilityEvaluation evaluation(byte[] stored) {
    try {
      return EnrollmentMessages.evaluation(
          io.creatorgov.incentive.v1.EligibilityEvaluation.parseFrom(stored));
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(e);
    }
  }

  @Override
  public byte[] intervals(List<PausedInterval> intervals) {
    Enrollment.Builder e = Enrollment.newBuilder();
    intervals.forEach(i -> e.addInactiveIntervals(ProgramMessages.interval(i)));
    return e.build().toByteArray();
  }

  @Override
  public List<PausedInterval> intervals(byte[] stored) {
    try {
      return ProgramMessages.pausedIntervals(
          Enrollment.parseFrom(stored).getInactiveIntervalsList());
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(e);
    }
  }

  private static IllegalStateException corrupt(InvalidProtocolBufferException e) {
    return new IllegalStateException("a stored enrolment part is corrupt", e);
  }
}
