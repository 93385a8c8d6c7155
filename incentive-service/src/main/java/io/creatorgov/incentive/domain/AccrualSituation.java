package io.creatorgov.incentive.domain;

import java.time.Instant;
import java.util.List;

/**
 * Everything that decides whether a record attributed at {@code at} may accrue at all.
 *
 * @param endedTime when the programme ended; null while running
 * @param enrollmentChangeTime when the enrolment entered {@code enrollmentState}
 * @param inactiveIntervals the enrolment's closed PAUSED or DISQUALIFIED intervals
 */
public record AccrualSituation(
    ProgramState programState,
    ProgramWindow window,
    Instant endedTime,
    List<PausedInterval> pausedIntervals,
    boolean monetary,
    EnrollmentState enrollmentState,
    Instant enrollTime,
    Instant enrollmentChangeTime,
    List<PausedInterval> inactiveIntervals,
    Instant at,
    boolean negative) {
  public AccrualSituation {
    pausedIntervals = List.copyOf(pausedIntervals);
    inactiveIntervals = List.copyOf(inactiveIntervals);
  }
}
