package io.creatorgov.enforcement.grpc;

import io.creatorgov.common.v1.EnforcementActionType;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.service.FeedChange;
import io.creatorgov.enforcement.v1.EnforcementEventType;

/**
 * The service's vocabulary into the contract's enums where more than one message needs it (feed
 * event types, action and restriction types): each mapping written once.
 */
final class Vocabulary {
  private Vocabulary() {}

  static EnforcementEventType eventType(FeedChange.Type type) {
    return EnforcementEventType.valueOf("ENFORCEMENT_EVENT_TYPE_" + type.name());
  }

  static EnforcementActionType actionType(ActionType type) {
    return actionType(type.name());
  }

  /** An action type as stored (its domain name). */
  static EnforcementActionType actionType(String stored) {
    return EnforcementActionType.valueOf("ENFORCEMENT_ACTION_TYPE_" + stored);
  }

  static RestrictionType restrictionType(RestrictionKind kind) {
    return restrictionType(kind.name());
  }

  /** A restriction type as stored (its domain name). */
  static RestrictionType restrictionType(String stored) {
    return RestrictionType.valueOf("RESTRICTION_TYPE_" + stored);
  }
}
