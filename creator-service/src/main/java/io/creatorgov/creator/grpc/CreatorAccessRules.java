package io.creatorgov.creator.grpc;

import static io.creatorgov.kit.auth.Role.CREATOR;
import static io.creatorgov.kit.auth.Role.CREATOR_OPS;
import static io.creatorgov.kit.auth.Role.GOVERNANCE_ADMIN;
import static io.creatorgov.kit.auth.Role.SERVICE;

import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.kit.auth.AccessRule;
import io.creatorgov.kit.auth.RpcAccessRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Who may call each CreatorService RPC. Finer rules (a creator only on their own record, market
 * scopes, who may submit which onboarding item) are checked in the service once the creator is
 * known.
 */
@ApplicationScoped
public class CreatorAccessRules implements RpcAccessRules {

  @Override
  public Map<String, AccessRule> rules() {
    // readers per the contract: operators, auditors, services, and the creator (self only,
    // checked in the service once the creator is known)
    AccessRule readers =
        AccessRule.anyOf(
            CREATOR_OPS, GOVERNANCE_ADMIN, io.creatorgov.kit.auth.Role.AUDITOR, SERVICE, CREATOR);
    AccessRule termsReaders =
        AccessRule.anyOf(
            CREATOR_OPS,
            GOVERNANCE_ADMIN,
            io.creatorgov.kit.auth.Role.AUDITOR,
            SERVICE,
            CREATOR,
            io.creatorgov.kit.auth.Role.INCENTIVE_MANAGER);
    AccessRule ops = AccessRule.anyOf(CREATOR_OPS, GOVERNANCE_ADMIN);
    return Map.ofEntries(
        Map.entry(
            CreatorServiceGrpc.getRegisterCreatorMethod().getFullMethodName(),
            AccessRule.anyOf(CREATOR_OPS, GOVERNANCE_ADMIN, SERVICE, CREATOR)),
        Map.entry(CreatorServiceGrpc.getGetCreatorMethod().getFullMethodName(), readers),
        Map.entry(
            CreatorServiceGrpc.getListCreatorsMethod().getFullMethodName(),
            AccessRule.anyOf(
                CREATOR_OPS, GOVERNANCE_ADMIN, SERVICE, io.creatorgov.kit.auth.Role.AUDITOR)),
        Map.entry(
            CreatorServiceGrpc.getUpdateCreatorMethod().getFullMethodName(),
            AccessRule.anyOf(CREATOR_OPS, GOVERNANCE_ADMIN, CREATOR)),
        Map.entry(
            CreatorServiceGrpc.getGetOnboardingChecklistMethod().getFullMethodName(), readers),
        Map.entry(
            CreatorServiceGrpc.getSubmitOnboardingItemMethod().getFullMethodName(),
            AccessRule.anyOf(CREATOR_OPS, GOVERNANCE_ADMIN, SERVICE, CREATOR)),
        Map.entry(CreatorServiceGrpc.getActivateCreatorMethod().getFullMethodName(), ops),
        Map.entry(
            CreatorServiceGrpc.getTransitionCreatorStatusMethod().getFullMethodName(),
            AccessRule.anyOf(CREATOR_OPS, GOVERNANCE_ADMIN, SERVICE, CREATOR)),
        Map.entry(CreatorServiceGrpc.getListStatusHistoryMethod().getFullMethodName(), readers),
        Map.entry(
            CreatorServiceGrpc.getApplyRestrictionMethod().getFullMethodName(),
            AccessRule.anyOf(SERVICE)),
        Map.entry(
            CreatorServiceGrpc.getLiftRestrictionMethod().getFullMethodName(),
            AccessRule.anyOf(SERVICE, GOVERNANCE_ADMIN)),
        Map.entry(CreatorServiceGrpc.getListRestrictionsMethod().getFullMethodName(), readers),
        Map.entry(CreatorServiceGrpc.getCheckCapabilityMethod().getFullMethodName(), readers),
        Map.entry(
            CreatorServiceGrpc.getBatchCheckCapabilityMethod().getFullMethodName(),
            AccessRule.anyOf(
                SERVICE, CREATOR_OPS, GOVERNANCE_ADMIN, io.creatorgov.kit.auth.Role.AUDITOR)),
        Map.entry(CreatorServiceGrpc.getSetCommissionRateMethod().getFullMethodName(), ops),
        Map.entry(
            CreatorServiceGrpc.getGetCommissionTermsMethod().getFullMethodName(), termsReaders),
        Map.entry(CreatorServiceGrpc.getListCommissionChangesMethod().getFullMethodName(), readers),
        Map.entry(
            CreatorServiceGrpc.getRecordPerformanceSnapshotMethod().getFullMethodName(),
            AccessRule.anyOf(SERVICE, CREATOR_OPS, GOVERNANCE_ADMIN)),
        Map.entry(CreatorServiceGrpc.getGetTierMethod().getFullMethodName(), termsReaders),
        Map.entry(
            CreatorServiceGrpc.getStreamCreatorEventsMethod().getFullMethodName(),
            AccessRule.anyOf(
                SERVICE, CREATOR_OPS, GOVERNANCE_ADMIN, io.creatorgov.kit.auth.Role.AUDITOR)));
  }
}
