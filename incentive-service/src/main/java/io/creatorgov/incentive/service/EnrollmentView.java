package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.EnrollmentStateReason;
import io.creatorgov.incentive.domain.PausedInterval;
import java.time.Instant;
import java.util.List;

/**
 * An enrolment as the API shows it.
 *
 * @param inactiveIntervals every interval spent PAUSED or DISQUALIFIED, oldest first; the last one
 *     open-ended while it lasts
 * @param created the stored audit stamp of its creation ({@link ProgramForms#stamp})
 * @param lastUpdated the stored audit stamp of its last change
 */
public record EnrollmentView(
    String enrollmentId,
    String programId,
    String creatorId,
    String market,
    EnrollmentState state,
    EnrollmentStateReason stateReason,
    String stateMessage,
    Instant enrollTime,
    Instant stateChangeTime,
    EligibilityEvaluation evaluation,
    String enforcementActionId,
    List<PausedInterval> inactiveIntervals,
    String etag,
    Instant createTime,
    Instant updateTime,
    byte[] created,
    byte[] lastUpdated) {}
