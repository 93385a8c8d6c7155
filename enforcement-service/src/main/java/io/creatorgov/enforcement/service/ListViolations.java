package io.creatorgov.enforcement.service;

import java.time.Instant;

/**
 * ListViolations' page and filters; an empty string or null filter matches all.
 *
 * @param creatorId empty: every creator (a {@code creator} caller: themselves)
 * @param market empty: every market in the caller's scope
 * @param observedFrom first instant of the observation window, or null
 * @param observedBefore first instant after the observation window, or null
 * @param state a stored violation state (ACTIVE, EXPIRED, REVERSED), or null
 * @param detectionSource a {@link io.creatorgov.enforcement.domain.DetectionSource} name, or null
 */
public record ListViolations(
    int pageSize,
    String pageToken,
    String creatorId,
    String market,
    String violationCode,
    Instant observedFrom,
    Instant observedBefore,
    String state,
    String detectionSource) {}
