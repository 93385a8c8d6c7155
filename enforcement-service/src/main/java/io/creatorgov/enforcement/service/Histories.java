package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.PastViolation;
import io.creatorgov.enforcement.repository.ViolationEntity;
import java.util.List;

/** A creator's recorded violations as the domain's standing rules read them. */
final class Histories {
  private Histories() {}

  static PastViolation past(ViolationEntity v) {
    return new PastViolation(
        v.violationId,
        v.violationCode,
        v.observedAt.toInstant(),
        v.pointsAdded,
        v.scoreDeducted,
        "REVERSED".equals(v.state));
  }

  static List<PastViolation> past(List<ViolationEntity> history) {
    return history.stream().map(Histories::past).toList();
  }
}
