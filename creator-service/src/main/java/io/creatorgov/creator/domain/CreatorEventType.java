package io.creatorgov.creator.domain;

/** The kinds of creator change-feed events, one per kind of change announced. */
public enum CreatorEventType {
  CREATOR_REGISTERED,
  CREATOR_ACTIVATED,
  PROFILE_UPDATED,
  STATUS_CHANGED,
  RESTRICTION_APPLIED,
  RESTRICTION_ENDED,
  COMMISSION_CHANGED,
  TIER_CHANGED
}
