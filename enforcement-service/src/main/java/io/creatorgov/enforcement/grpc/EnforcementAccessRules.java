package io.creatorgov.enforcement.grpc;

import static io.creatorgov.kit.auth.Role.APPEALS_REVIEWER;
import static io.creatorgov.kit.auth.Role.AUDITOR;
import static io.creatorgov.kit.auth.Role.CREATOR;
import static io.creatorgov.kit.auth.Role.CREATOR_OPS;
import static io.creatorgov.kit.auth.Role.GOVERNANCE_ADMIN;
import static io.creatorgov.kit.auth.Role.INCENTIVE_MANAGER;
import static io.creatorgov.kit.auth.Role.MODERATOR;
import static io.creatorgov.kit.auth.Role.POLICY_APPROVER;
import static io.creatorgov.kit.auth.Role.POLICY_AUTHOR;
import static io.creatorgov.kit.auth.Role.SERVICE;

import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.kit.auth.AccessRule;
import io.creatorgov.kit.auth.RpcAccessRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Who may call each EnforcementService RPC, as the service and RPC comments of the contract say.
 * Finer rules (a creator only on their own resources, market scopes, a human reviewer for appeal
 * decisions) are checked in the service once the resource is known.
 */
@ApplicationScoped
public class EnforcementAccessRules implements RpcAccessRules {

  @Override
  public Map<String, AccessRule> rules() {
    // "Readers" of the service comment; `creator` only for their own (checked in the service)
    AccessRule readers =
        AccessRule.anyOf(
            SERVICE, MODERATOR, CREATOR_OPS, APPEALS_REVIEWER, GOVERNANCE_ADMIN, AUDITOR, CREATOR);
    AccessRule standingReaders =
        AccessRule.anyOf(
            SERVICE,
            MODERATOR,
            CREATOR_OPS,
            APPEALS_REVIEWER,
            GOVERNANCE_ADMIN,
            AUDITOR,
            INCENTIVE_MANAGER,
            CREATOR);
    AccessRule appealReaders =
        AccessRule.anyOf(
            APPEALS_REVIEWER, CREATOR_OPS, MODERATOR, GOVERNANCE_ADMIN, AUDITOR, CREATOR);
    AccessRule appellants = AccessRule.anyOf(CREATOR, CREATOR_OPS);
    AccessRule simulationWriters =
        AccessRule.anyOf(POLICY_AUTHOR, POLICY_APPROVER, GOVERNANCE_ADMIN);
    AccessRule simulationReaders =
        AccessRule.anyOf(POLICY_AUTHOR, POLICY_APPROVER, GOVERNANCE_ADMIN, AUDITOR);
    return Map.ofEntries(
        rule(
            EnforcementServiceGrpc.getReportViolationMethod(),
            AccessRule.anyOf(SERVICE, MODERATOR)),
        rule(EnforcementServiceGrpc.getGetViolationMethod(), readers),
        rule(EnforcementServiceGrpc.getListViolationsMethod(), readers),
        rule(EnforcementServiceGrpc.getGetEnforcementActionMethod(), readers),
        rule(EnforcementServiceGrpc.getListEnforcementActionsMethod(), readers),
        rule(
            EnforcementServiceGrpc.getIssueManualActionMethod(),
            AccessRule.anyOf(CREATOR_OPS, GOVERNANCE_ADMIN, MODERATOR)),
        rule(
            EnforcementServiceGrpc.getReverseEnforcementActionMethod(),
            AccessRule.anyOf(CREATOR_OPS, GOVERNANCE_ADMIN)),
        rule(EnforcementServiceGrpc.getGetCreatorStandingMethod(), standingReaders),
        rule(EnforcementServiceGrpc.getFileAppealMethod(), appellants),
        rule(EnforcementServiceGrpc.getGetAppealMethod(), appealReaders),
        rule(EnforcementServiceGrpc.getListAppealsMethod(), appealReaders),
        // a human reviewer only: service accounts are refused in the service
        rule(
            EnforcementServiceGrpc.getStartAppealReviewMethod(),
            AccessRule.anyOf(APPEALS_REVIEWER)),
        rule(EnforcementServiceGrpc.getDecideAppealMethod(), AccessRule.anyOf(APPEALS_REVIEWER)),
        rule(EnforcementServiceGrpc.getWithdrawAppealMethod(), appellants),
        rule(EnforcementServiceGrpc.getGetCommissionHoldMethod(), readers),
        rule(EnforcementServiceGrpc.getListCommissionHoldsMethod(), readers),
        rule(EnforcementServiceGrpc.getRecordHeldCommissionMethod(), AccessRule.anyOf(SERVICE)),
        rule(EnforcementServiceGrpc.getCreateSimulationMethod(), simulationWriters),
        rule(EnforcementServiceGrpc.getGetSimulationMethod(), simulationReaders),
        rule(EnforcementServiceGrpc.getListSimulationsMethod(), simulationReaders),
        rule(EnforcementServiceGrpc.getListSimulationResultsMethod(), simulationReaders),
        rule(EnforcementServiceGrpc.getCancelSimulationMethod(), simulationWriters),
        rule(EnforcementServiceGrpc.getGetGovernanceInsightsMethod(), simulationReaders),
        rule(
            EnforcementServiceGrpc.getStreamEnforcementEventsMethod(),
            AccessRule.anyOf(SERVICE, GOVERNANCE_ADMIN, CREATOR_OPS, AUDITOR)));
  }

  private static Map.Entry<String, AccessRule> rule(
      io.grpc.MethodDescriptor<?, ?> method, AccessRule rule) {
    return Map.entry(method.getFullMethodName(), rule);
  }
}
