package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.repository.EnrollmentEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Enrolment rows into views. */
@ApplicationScoped
public class EnrollmentViews {
  private final EnrollmentForms forms;

  public EnrollmentViews(EnrollmentForms forms) {
    this.forms = forms;
  }

  /** The opaque etag of an enrolment row version. */
  static String etag(EnrollmentEntity e) {
    return "v" + e.rowVersion;
  }

  EnrollmentView view(EnrollmentEntity e) {
    return new EnrollmentView(
        e.enrollmentId,
        e.programId,
        e.creatorId,
        e.market,
        e.state,
        e.stateReason,
        e.stateMessage,
        e.enrollTime.toInstant(),
        e.stateChangeTime.toInstant(),
        forms.evaluation(e.evaluation),
        e.enforcementActionId,
        inactiveIntervals(e),
        etag(e),
        e.createTime.toInstant(),
        e.updateTime.toInstant(),
        e.created,
        e.lastUpdated);
  }

  /** The closed intervals, and an open one since the last change while PAUSED or DISQUALIFIED. */
  List<PausedInterval> inactiveIntervals(EnrollmentEntity e) {
    List<PausedInterval> all = new ArrayList<>(forms.intervals(e.inactiveIntervals));
    if (e.state == EnrollmentState.PAUSED || e.state == EnrollmentState.DISQUALIFIED) {
      all.add(new PausedInterval(e.stateChangeTime.toInstant(), null));
    }
    return all;
  }
}
