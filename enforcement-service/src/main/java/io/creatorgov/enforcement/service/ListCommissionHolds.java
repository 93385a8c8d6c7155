package io.creatorgov.enforcement.service;

/**
 * ListCommissionHolds' page and filters; an empty string or null filter matches all.
 *
 * @param creatorId empty: every creator (a {@code creator} caller: themselves)
 * @param market empty: every market in the caller's scope
 * @param state a stored hold state (HELD, RELEASED, FORFEITED), or null
 * @param actionId only the hold of this COMMISSION_FREEZE action
 */
public record ListCommissionHolds(
    int pageSize,
    String pageToken,
    String creatorId,
    String market,
    String state,
    String actionId) {}
