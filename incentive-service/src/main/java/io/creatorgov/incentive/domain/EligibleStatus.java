package io.creatorgov.incentive.domain;

/** The creator statuses a programme may admit: creators in any other status are never eligible. */
public enum EligibleStatus {
  ACTIVE,
  RESTRICTED
}
