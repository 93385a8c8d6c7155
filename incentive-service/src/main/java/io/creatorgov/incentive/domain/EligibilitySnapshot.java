package io.creatorgov.incentive.domain;

import java.time.Instant;

/**
 * The live data an evaluation used.
 *
 * @param standing null when enforcement-service was not consulted
 * @param standingReadTime null when enforcement-service was not consulted
 */
public record EligibilitySnapshot(
    CreatorFacts creator, Instant creatorReadTime, Standing standing, Instant standingReadTime) {}
