package io.creatorgov.creator.domain;

/** What a status history entry records (see {@link CreatorLifecycle}). */
public enum StatusChangeKind {
  REGISTERED,
  ACTIVATED,
  RESTRICTED,
  RESTRICTIONS_CLEARED,
  SUSPENDED,
  REINSTATED,
  SUSPENSION_EXPIRED,
  BANNED,
  UNBANNED,
  OFFBOARDED
}
