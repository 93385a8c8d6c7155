package io.creatorgov.creator.domain;

/** Where a restriction is in its life: in force until lifted or until its end time passes. */
public enum RestrictionState {
  ACTIVE,
  LIFTED,
  EXPIRED
}
