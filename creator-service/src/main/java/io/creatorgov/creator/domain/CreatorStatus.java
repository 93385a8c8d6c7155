package io.creatorgov.creator.domain;

/**
 * A creator's lifecycle status (the contract's {@code CreatorStatus} without its UNSPECIFIED zero
 * value: a creator always has one). See {@link CreatorLifecycle} for the transitions.
 */
public enum CreatorStatus {
  APPLIED,
  ACTIVE,
  RESTRICTED,
  SUSPENDED,
  BANNED,
  OFFBOARDED
}
