package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import java.util.List;

/**
 * An action with everything its view shows.
 *
 * @param apply its application's outbox row; null when there was nothing to deliver
 * @param reverse its undo's outbox row; null when it was never undone (or nothing to undo)
 * @param hold the commission hold it opened; null unless a COMMISSION_FREEZE
 */
public record ActionRecord(
    EnforcementActionEntity action,
    ActionDeliveryEntity apply,
    ActionDeliveryEntity reverse,
    CommissionHoldEntity hold) {

  static ActionRecord of(
      EnforcementActionEntity action,
      List<ActionDeliveryEntity> deliveries,
      CommissionHoldEntity hold) {
    return new ActionRecord(
        action, purpose(deliveries, "APPLY"), purpose(deliveries, "REVERSE"), hold);
  }

  private static ActionDeliveryEntity purpose(List<ActionDeliveryEntity> rows, String purpose) {
    return rows.stream().filter(d -> purpose.equals(d.purpose)).findFirst().orElse(null);
  }
}
