package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;

/**
 * ReportViolation's result: the recorded violation, its action with the outbox row that delivers it
 * (null when there is nothing to deliver), the commission hold a COMMISSION_FREEZE opens (null
 * otherwise) and the standing change.
 */
public record Reported(
    ViolationEntity violation,
    EnforcementActionEntity action,
    ActionDeliveryEntity delivery,
    CommissionHoldEntity hold,
    StandingMove standing) {

  /** The action with its delivery and hold, for its view. */
  public ActionRecord actionRecord() {
    return new ActionRecord(action, delivery, null, hold);
  }
}
