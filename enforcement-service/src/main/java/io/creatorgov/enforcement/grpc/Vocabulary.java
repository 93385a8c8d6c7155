package io.creatorgov.enforcement.grpc;

import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.service.FeedChange;
import io.creatorgov.enforcement.v1.EnforcementEventType;

/** The service's vocabulary ⇄ the contract's enums: one mapping per pair, in one place. */
final class Vocabulary {
  private Vocabulary() {}

  static EnforcementEventType eventType(FeedChange.Type type) {
    return EnforcementEventType.valueOf("ENFORCEMENT_EVENT_TYPE_" + type.name());
  }

  static EnforcementActionType actionType(ActionType type) {
    return EnforcementActionType.valueOf("ENFORCEMENT_ACTION_TYPE_" + type.name());
  }
}
