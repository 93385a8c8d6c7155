package io.creatorgov.creator.domain;

/** A status change an operator or enforcement-service asks for (see {@link CreatorLifecycle}). */
public enum StatusTransition {
  SUSPEND,
  REINSTATE,
  BAN,
  UNBAN,
  OFFBOARD
}
