package io.creatorgov.enforcement.service;

/**
 * ListAppeals' page and filters; an empty string or null filter matches all.
 *
 * @param creatorId empty: every creator (a {@code creator} caller: themselves)
 * @param market empty: every market in the caller's scope
 * @param state a stored appeal state (OPEN, UNDER_REVIEW, UPHELD, ...), or null
 * @param actionId only the appeal against this action
 */
public record ListAppeals(
    int pageSize,
    String pageToken,
    String creatorId,
    String market,
    String state,
    String actionId) {}
