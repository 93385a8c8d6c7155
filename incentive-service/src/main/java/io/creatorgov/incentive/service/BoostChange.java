package io.creatorgov.incentive.service;

import java.time.Instant;

/**
 * A traffic boost that starts ({@code granted}) or stops applying to an enrolled creator, as the
 * incentive feed announces it.
 *
 * @param untilTime when a granted boost stops at the latest (the programme window's end); null for
 *     a revoked one
 */
public record BoostChange(
    String programId,
    String enrollmentId,
    String creatorId,
    String market,
    boolean granted,
    int multiplierPermille,
    Instant untilTime) {}
