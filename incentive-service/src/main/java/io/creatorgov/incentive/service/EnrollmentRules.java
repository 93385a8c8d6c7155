package io.creatorgov.incentive.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.domain.ConditionResult;
import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.EnrollmentLifecycle.Refusal;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.repository.EnrollmentRepository;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The enrolment refusals as the contract states them, and who acts on others' enrolments. */
final class EnrollmentRules {
  private EnrollmentRules() {}

  /** Enroll and Withdraw on any creator's behalf. */
  static final Set<Role> OPERATORS = EnumSet.of(Role.INCENTIVE_MANAGER, Role.GOVERNANCE_ADMIN);

  /** Reading any creator's eligibility and enrolments. */
  static final Set<Role> READERS =
      EnumSet.of(Role.INCENTIVE_MANAGER, Role.GOVERNANCE_ADMIN, Role.AUDITOR, Role.SERVICE);

  /** Throws the contract's error for {@code refusal}; does nothing for NONE. */
  static void require(
      Refusal refusal,
      String what,
      ProgramState program,
      EnrollmentState current,
      String creatorId,
      EligibilityEvaluation evaluation) {
    switch (refusal) {
      case NONE -> {}
      case PROGRAM_NOT_ACTIVE -> throw programNotActive(program, what);
      case ALREADY_ENROLLED -> throw alreadyEnrolled(creatorId);
      case ILLEGAL_TRANSITION -> throw ApiException.illegalTransition(current.name(), what);
      case BUDGET_EXHAUSTED -> throw budgetExhausted();
      case NOT_ELIGIBLE -> throw notEligible(creatorId, evaluation);
    }
  }

  static ApiException alreadyEnrolled(String creatorId) {
    return ApiException.alreadyExists(EnrollmentRepository.RESOURCE_TYPE, "creators/" + creatorId);
  }

  static ApiException programNotActive(ProgramState state, String what) {
    return new ApiException(
        ErrorReason.ERROR_REASON_PROGRAM_NOT_ACTIVE,
        what + " is not possible: the programme is " + state + " or its window has ended",
        Map.of("current_state", state.name()),
        List.of(),
        List.of(new PreconditionViolation("STATE", state.name(), what + " is not possible")),
        null);
  }

  private static ApiException budgetExhausted() {
    return new ApiException(
        ErrorReason.ERROR_REASON_BUDGET_EXHAUSTED,
        "every reward of the programme is paid from its budget and none is left",
        Map.of(),
        List.of(),
        List.of(new PreconditionViolation("BUDGET", "budget.total", "no budget remains")),
        null);
  }

  /**
   * NOT_ELIGIBLE with one violation per unmet condition (type the condition's contract name,
   * subject the creator) and metadata {@code unmet_conditions}.
   */
  static ApiException notEligible(String creatorId, EligibilityEvaluation evaluation) {
    List<ConditionResult> unmet = evaluation.unmet();
    List<String> names = unmet.stream().map(EnrollmentRules::conditionName).toList();
    List<PreconditionViolation> violations =
        unmet.stream()
            .map(
                c ->
                    new PreconditionViolation(
                        conditionName(c), "creators/" + creatorId, c.message()))
            .toList();
    return new ApiException(
        ErrorReason.ERROR_REASON_NOT_ELIGIBLE,
        "creator " + creatorId + " does not meet " + String.join(", ", names),
        Map.of("unmet_conditions", String.join(",", names)),
        List.of(),
        violations,
        null);
  }

  /** The contract's EligibilityCondition value name. */
  private static String conditionName(ConditionResult c) {
    return "ELIGIBILITY_CONDITION_" + c.condition().name();
  }
}
