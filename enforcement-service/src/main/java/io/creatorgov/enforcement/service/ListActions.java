package io.creatorgov.enforcement.service;

import java.time.Instant;

/**
 * ListEnforcementActions' page and filters; an empty string or null filter matches all.
 *
 * @param creatorId empty: every creator (a {@code creator} caller: themselves)
 * @param market empty: every market in the caller's scope
 * @param state a stored action state (PENDING, APPLIED, EXPIRED, ...), or null
 * @param actionType an {@link io.creatorgov.enforcement.domain.ActionType} name, or null
 * @param origin a stored origin (VIOLATION_DECISION, MANUAL, APPEAL_MODIFICATION), or null
 * @param startFrom first instant of the start window, or null
 * @param startBefore first instant after the start window, or null
 */
public record ListActions(
    int pageSize,
    String pageToken,
    String creatorId,
    String market,
    String state,
    String actionType,
    String origin,
    String violationId,
    Instant startFrom,
    Instant startBefore) {}
