package io.creatorgov.incentive.grpc;

import static io.creatorgov.kit.auth.Role.AUDITOR;
import static io.creatorgov.kit.auth.Role.CREATOR;
import static io.creatorgov.kit.auth.Role.GOVERNANCE_ADMIN;
import static io.creatorgov.kit.auth.Role.INCENTIVE_MANAGER;
import static io.creatorgov.kit.auth.Role.SERVICE;

import io.creatorgov.incentive.v1.IncentiveServiceGrpc;
import io.creatorgov.kit.auth.AccessRule;
import io.creatorgov.kit.auth.RpcAccessRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Who may call each IncentiveService RPC, as the RPC comments of the contract say. Finer rules
 * (market scopes, a creator only on their own enrolments and never on DRAFT programmes) are checked
 * in the service once the resource is known.
 */
@ApplicationScoped
public class IncentiveAccessRules implements RpcAccessRules {

  @Override
  public Map<String, AccessRule> rules() {
    AccessRule managers = AccessRule.anyOf(INCENTIVE_MANAGER, GOVERNANCE_ADMIN);
    AccessRule readers =
        AccessRule.anyOf(INCENTIVE_MANAGER, GOVERNANCE_ADMIN, AUDITOR, SERVICE, CREATOR);
    AccessRule moneyReaders =
        AccessRule.anyOf(INCENTIVE_MANAGER, GOVERNANCE_ADMIN, AUDITOR, SERVICE);
    AccessRule members = AccessRule.anyOf(CREATOR, INCENTIVE_MANAGER, GOVERNANCE_ADMIN);
    AccessRule services = AccessRule.anyOf(SERVICE);
    return Map.ofEntries(
        rule(IncentiveServiceGrpc.getCreateProgramMethod(), managers),
        rule(IncentiveServiceGrpc.getGetProgramMethod(), readers),
        rule(IncentiveServiceGrpc.getListProgramsMethod(), readers),
        rule(IncentiveServiceGrpc.getUpdateProgramMethod(), managers),
        rule(IncentiveServiceGrpc.getActivateProgramMethod(), managers),
        rule(IncentiveServiceGrpc.getPauseProgramMethod(), managers),
        rule(IncentiveServiceGrpc.getEndProgramMethod(), managers),
        rule(IncentiveServiceGrpc.getCheckEligibilityMethod(), readers),
        rule(IncentiveServiceGrpc.getEnrollMethod(), members),
        rule(IncentiveServiceGrpc.getGetEnrollmentMethod(), readers),
        rule(IncentiveServiceGrpc.getReinstateEnrollmentMethod(), managers),
        rule(IncentiveServiceGrpc.getWithdrawMethod(), members),
        rule(IncentiveServiceGrpc.getListEnrollmentsMethod(), readers),
        rule(IncentiveServiceGrpc.getRecordPerformanceMethod(), services),
        rule(IncentiveServiceGrpc.getGetRewardLedgerMethod(), readers),
        rule(IncentiveServiceGrpc.getGetBudgetStatusMethod(), moneyReaders),
        rule(IncentiveServiceGrpc.getSettleProgramMethod(), managers),
        rule(IncentiveServiceGrpc.getGetSettlementMethod(), moneyReaders),
        rule(IncentiveServiceGrpc.getGetPayoutMethod(), readers),
        rule(IncentiveServiceGrpc.getListPayoutsMethod(), readers),
        rule(IncentiveServiceGrpc.getReportPayoutTransferMethod(), services),
        rule(
            IncentiveServiceGrpc.getStreamIncentiveEventsMethod(),
            AccessRule.anyOf(SERVICE, INCENTIVE_MANAGER, GOVERNANCE_ADMIN, AUDITOR)));
  }

  private static Map.Entry<String, AccessRule> rule(
      io.grpc.MethodDescriptor<?, ?> method, AccessRule rule) {
    return Map.entry(method.getFullMethodName(), rule);
  }
}
