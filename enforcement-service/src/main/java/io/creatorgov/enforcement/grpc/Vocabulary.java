package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.service.FeedChange;
import io.creatorgov.enforcement.v1.EnforcementEventType;

/** The service's vocabulary ⇄ the contract's enums: one mapping per pair, in one place. */
final class Vocabulary {
  private Vocabulary() {}

  static EnforcementEventType eventType(FeedChange.Type type) {
    return EnforcementEventType.valueOf("ENFORCEMENT_EVENT_TYPE_" + type.name());
  }
}
