package io.creatorgov.policy.grpc;

import static io.creatorgov.kit.auth.Role.GOVERNANCE_ADMIN;
import static io.creatorgov.kit.auth.Role.POLICY_APPROVER;
import static io.creatorgov.kit.auth.Role.POLICY_AUTHOR;

import io.creatorgov.kit.auth.AccessRule;
import io.creatorgov.kit.auth.RpcAccessRules;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Who may call each PolicyService RPC (as documented on the RPCs in policy_service.proto). */
@ApplicationScoped
public class PolicyAccessRules implements RpcAccessRules {

  @Override
  public Map<String, AccessRule> rules() {
    AccessRule anyone = AccessRule.anyAuthenticated();
    AccessRule author = AccessRule.anyOf(POLICY_AUTHOR, GOVERNANCE_ADMIN);
    return Map.ofEntries(
        Map.entry(PolicyServiceGrpc.getCreatePolicyMethod().getFullMethodName(), author),
        Map.entry(PolicyServiceGrpc.getUpdatePolicyMethod().getFullMethodName(), author),
        Map.entry(PolicyServiceGrpc.getCreatePolicyVersionMethod().getFullMethodName(), author),
        Map.entry(PolicyServiceGrpc.getUpdatePolicyVersionMethod().getFullMethodName(), author),
        Map.entry(
            PolicyServiceGrpc.getApprovePolicyVersionMethod().getFullMethodName(),
            AccessRule.anyOf(POLICY_APPROVER)),
        Map.entry(
            PolicyServiceGrpc.getPublishPolicyVersionMethod().getFullMethodName(),
            AccessRule.anyOf(GOVERNANCE_ADMIN, POLICY_APPROVER)),
        Map.entry(
            PolicyServiceGrpc.getRetirePolicyVersionMethod().getFullMethodName(),
            AccessRule.anyOf(GOVERNANCE_ADMIN, POLICY_APPROVER)),
        Map.entry(PolicyServiceGrpc.getGetPolicyMethod().getFullMethodName(), anyone),
        Map.entry(PolicyServiceGrpc.getListPoliciesMethod().getFullMethodName(), anyone),
        Map.entry(PolicyServiceGrpc.getGetPolicyVersionMethod().getFullMethodName(), anyone),
        Map.entry(PolicyServiceGrpc.getListPolicyVersionsMethod().getFullMethodName(), anyone),
        Map.entry(PolicyServiceGrpc.getResolvePolicyMethod().getFullMethodName(), anyone),
        Map.entry(PolicyServiceGrpc.getGetMarketRulebookMethod().getFullMethodName(), anyone),
        Map.entry(PolicyServiceGrpc.getDiffPolicyVersionsMethod().getFullMethodName(), anyone),
        Map.entry(PolicyServiceGrpc.getWatchPolicyChangesMethod().getFullMethodName(), anyone));
  }
}
