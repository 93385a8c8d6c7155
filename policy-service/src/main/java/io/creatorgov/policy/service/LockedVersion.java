package io.creatorgov.policy.service;

import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;

/** A version locked for a state change, with its policy (locked first). */
record LockedVersion(PolicyEntity policy, PolicyVersionEntity version) {

  PolicyKind kind() {
    return PolicyKind.valueOf(policy.kind);
  }

  /** The version's stored document. */
  PolicyVersion document() {
    return PolicyMapper.document(version);
  }
}
