package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.EnrollmentLifecycle;
import io.creatorgov.incentive.domain.EnrollmentLifecycle.Refusal;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.EnrollmentStateReason;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.repository.BudgetRepository;
import io.creatorgov.incentive.repository.EnrollmentEntity;
import io.creatorgov.incentive.repository.EnrollmentRepository;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The enrolment commands: Enroll, Withdraw and ReinstateEnrollment, each once per request id (kit
 * {@link Reply}). Enroll and ReinstateEnrollment evaluate the eligibility live before their
 * transaction opens ({@link Reply#onceAfter}: a replay of an answered request id is answered from
 * the store without any remote read); the transaction then re-checks the state under lock and
 * writes the enrolment with an ENROLLMENT_CHANGED event on the incentive feed.
 */
@ApplicationScoped
public class EnrollmentCommands {

  /** Enroll's input. */
  public record Enroll(String requestId, String programId, String creatorId) {}

  /** Withdraw's and ReinstateEnrollment's input. */
  public record ChangeEnrollment(
      String requestId, String enrollmentId, String etag, String reason) {}

  /** A reinstatement's target, read before the remote reads. */
  private record Target(ProgramView program, String creatorId) {}

  private final EnrollmentRepository enrollments;
  private final BudgetRepository budget;
  private final ProgramRepository programs;
  private final ProgramViews programViews;
  private final EnrollmentViews views;
  private final EnrollmentForms forms;
  private final ProgramForms stamps;
  private final EligibilityReader eligibility;
  private final IncentiveJournal journal;
  private final Clock clock;

  public EnrollmentCommands(
      EnrollmentRepository enrollments,
      BudgetRepository budget,
      ProgramRepository programs,
      ProgramViews programViews,
      EnrollmentViews views,
      EnrollmentForms forms,
      ProgramForms stamps,
      EligibilityReader eligibility,
      IncentiveJournal journal,
      Clock clock) {
    this.enrollments = enrollments;
    this.budget = budget;
    this.programs = programs;
    this.programViews = programViews;
    this.views = views;
    this.forms = forms;
    this.stamps = stamps;
    this.eligibility = eligibility;
    this.journal = journal;
    this.clock = clock;
  }

  // ---- Enroll -----------------------------------------------------------------------------------

  public <R> Uni<R> enroll(CallerIdentity caller, Enroll cmd, Reply<EnrollmentView, R> reply) {
    caller.requireSelfOrAnyRole(cmd.creatorId(), EnrollmentRules.OPERATORS);
    return Reply.onceAfter(
        "Enroll",
        caller,
        cmd.requestId(),
        reply,
        () -> evaluateForEnrollment(caller, cmd),
        evaluation -> enrollLocked(caller, cmd, evaluation));
  }

  /** Before the transaction: the refusals that need no creator data, then the live evaluation. */
  private Uni<EligibilityEvaluation> evaluateForEnrollment(CallerIdentity caller, Enroll cmd) {
    return Panache.withSession(() -> admissibleProgram(caller, cmd))
        .chain(program -> eligibility.evaluate(program, cmd.creatorId()));
  }

  private Uni<ProgramView> admissibleProgram(CallerIdentity caller, Enroll cmd) {
    return programs
        .readableBy(caller, cmd.programId(), ProgramQueries.hidesDrafts(caller))
        .call(p -> admitted(p, cmd.creatorId(), null))
        .map(programViews::view);
  }

  private Uni<EnrollmentView> enrollLocked(
      CallerIdentity caller, Enroll cmd, EligibilityEvaluation evaluation) {
    return programs
        .sharedFor(caller, cmd.programId(), ProgramQueries.hidesDrafts(caller))
        .chain(p -> admitted(p, cmd.creatorId(), evaluation))
        .map(p -> newEnrollment(caller, cmd, p, evaluation))
        .call(e -> clashIsAlreadyEnrolled(enrollments.persistAndFlush(e), cmd.creatorId()))
        .map(views::view)
        .call(view -> journal.enrollmentChanged(caller, view));
  }

  /** Load what admission needs (an earlier enrolment, the budget committed so far), then decide. */
  private Uni<ProgramEntity> admitted(
      ProgramEntity p, String creatorId, EligibilityEvaluation evaluation) {
    return enrollments
        .of(p.programId, creatorId)
        .chain(
            existing ->
                budget
                    .committed(p.programId)
                    .map(committed -> admit(p, existing, creatorId, evaluation, committed)));
  }

  /**
   * Decide: the programme admits enrolments now, the creator has none yet, the budget has room and
   * (when {@code evaluation} is given) every condition is met.
   */
  private ProgramEntity admit(
      ProgramEntity p,
      EnrollmentEntity existing,
      String creatorId,
      EligibilityEvaluation evaluation,
      long committed) {
    EnrollmentState current = existing == null ? null : existing.state;
    var terms = programViews.terms(p);
    // what accruals have not taken yet (net of reversals)
    Long remaining = p.budgetTotalMinor == null ? null : p.budgetTotalMinor - committed;
    Refusal refusal =
        evaluation == null
            ? EnrollmentLifecycle.admissible(
                p.state, terms.window(), clock.instant(), current, terms.rewards(), remaining)
            : EnrollmentLifecycle.enroll(
                p.state,
                terms.window(),
                clock.instant(),
                current,
                terms.rewards(),
                remaining,
                evaluation);
    EnrollmentRules.require(refusal, "ENROLLED", p.state, current, creatorId, evaluation);
    return p;
  }

  private EnrollmentEntity newEnrollment(
      CallerIdentity caller, Enroll cmd, ProgramEntity p, EligibilityEvaluation evaluation) {
    OffsetDateTime now = StoredTime.now(clock);
    byte[] stamp = stamps.stamp(caller, now, "", cmd.requestId());
    EnrollmentEntity e = new EnrollmentEntity();
    e.enrollmentId = ResourceIds.sortable("enr_");
    e.programId = p.programId;
    e.creatorId = cmd.creatorId();
    e.market = p.market;
    e.state = EnrollmentState.ENROLLED;
    e.stateReason = EnrollmentStateReason.ENROLLED;
    e.stateMessage = "";
    e.enrollTime = now;
    e.stateChangeTime = now;
    e.evaluation = forms.evaluation(evaluation);
    e.enforcementActionId = "";
    e.inactiveIntervals = forms.intervals(List.of());
    e.created = stamp;
    e.lastUpdated = stamp;
    e.createTime = now;
    e.updateTime = now;
    return e;
  }

  /**
   * Two enrolments of one creator racing past the check: the later one loses on the unique
   * constraint and gets the same ALREADY_EXISTS a sequential one would.
   */
  private static <T> Uni<T> clashIsAlreadyEnrolled(Uni<T> write, String creatorId) {
    return write
        .onFailure(EnrollmentCommands::isProgramCreatorClash)
        .transform(f -> EnrollmentRules.alreadyEnrolled(creatorId));
  }

  private static boolean isProgramCreatorClash(Throwable t) {
    if (!"23505".equals(GrpcErrorMapper.sqlState(t))) {
      return false;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null
          && c.getMessage().contains(EnrollmentRepository.PROGRAM_CREATOR_UNIQUE)) {
        return true;
      }
    }
    return false;
  }

  // ---- Withdraw ---------------------------------------------------------------------------------

  public <R> Uni<R> withdraw(
      CallerIdentity caller, ChangeEnrollment cmd, Reply<EnrollmentView, R> reply) {
    return Reply.once(
        "Withdraw", caller, cmd.requestId(), reply, () -> withdrawLocked(caller, cmd));
  }

  private Uni<EnrollmentView> withdrawLocked(CallerIdentity caller, ChangeEnrollment cmd) {
    return enrollments
        .locked(cmd.enrollmentId())
        .map(e -> owned(caller, e, EnrollmentRules.OPERATORS))
        .chain(e -> programs.findById(e.programId).map(p -> decideWithdraw(caller, cmd, e, p)))
        .call(enrollments::flush)
        .map(views::view)
        .call(view -> journal.enrollmentChanged(caller, view));
  }

  /** Decide: the etag is current, the creator is ENROLLED and the programme not settled. */
  private EnrollmentEntity decideWithdraw(
      CallerIdentity caller, ChangeEnrollment cmd, EnrollmentEntity e, ProgramEntity p) {
    ApiException.requireEtag(cmd.etag(), EnrollmentViews.etag(e));
    Refusal refusal = EnrollmentLifecycle.withdraw(p.state, e.state);
    EnrollmentRules.require(refusal, "WITHDRAWN", p.state, e.state, e.creatorId, null);
    boolean self = !caller.hasAnyRole(EnrollmentRules.OPERATORS);
    return changeState(
        e,
        EnrollmentState.WITHDRAWN,
        self
            ? EnrollmentStateReason.WITHDRAWN_BY_CREATOR
            : EnrollmentStateReason.WITHDRAWN_BY_OPERATOR,
        caller,
        cmd);
  }

  // ---- ReinstateEnrollment ----------------------------------------------------------------------

  public <R> Uni<R> reinstate(
      CallerIdentity caller, ChangeEnrollment cmd, Reply<EnrollmentView, R> reply) {
    new Violations().text(cmd.reason(), "reason", 1, 2000).throwIfAny();
    return Reply.onceAfter(
        "ReinstateEnrollment",
        caller,
        cmd.requestId(),
        reply,
        () -> evaluateForReinstatement(caller, cmd),
        evaluation -> reinstateLocked(caller, cmd, evaluation));
  }

  private Uni<EligibilityEvaluation> evaluateForReinstatement(
      CallerIdentity caller, ChangeEnrollment cmd) {
    return Panache.withSession(() -> reinstatableTarget(caller, cmd))
        .chain(target -> eligibility.evaluate(target.program(), target.creatorId()));
  }

  private Uni<Target> reinstatableTarget(CallerIdentity caller, ChangeEnrollment cmd) {
    return enrollments
        .existing(cmd.enrollmentId())
        .map(e -> owned(caller, e, EnrollmentRules.OPERATORS))
        .chain(e -> programs.findById(e.programId).map(p -> target(cmd, e, p)));
  }

  private Target target(ChangeEnrollment cmd, EnrollmentEntity e, ProgramEntity p) {
    ApiException.requireEtag(cmd.etag(), EnrollmentViews.etag(e));
    Refusal refusal = EnrollmentLifecycle.reinstatable(p.state, e.state);
    EnrollmentRules.require(refusal, "ENROLLED", p.state, e.state, e.creatorId, null);
    return new Target(programViews.view(p), e.creatorId);
  }

  private Uni<EnrollmentView> reinstateLocked(
      CallerIdentity caller, ChangeEnrollment cmd, EligibilityEvaluation evaluation) {
    return enrollments
        .locked(cmd.enrollmentId())
        .map(e -> owned(caller, e, EnrollmentRules.OPERATORS))
        .chain(
            e ->
                programs
                    .findById(e.programId)
                    .map(p -> decideReinstate(caller, cmd, e, p, evaluation)))
        .call(enrollments::flush)
        .map(views::view)
        .call(view -> journal.enrollmentChanged(caller, view));
  }

  /**
   * Decide: the etag is current, the enrolment is DISQUALIFIED or PAUSED in a running programme and
   * the creator meets every condition; the inactive interval closes now.
   */
  private EnrollmentEntity decideReinstate(
      CallerIdentity caller,
      ChangeEnrollment cmd,
      EnrollmentEntity e,
      ProgramEntity p,
      EligibilityEvaluation evaluation) {
    ApiException.requireEtag(cmd.etag(), EnrollmentViews.etag(e));
    Refusal refusal = EnrollmentLifecycle.reinstate(p.state, e.state, evaluation);
    EnrollmentRules.require(refusal, "ENROLLED", p.state, e.state, e.creatorId, evaluation);
    List<PausedInterval> closed = new ArrayList<>(forms.intervals(e.inactiveIntervals));
    closed.add(new PausedInterval(e.stateChangeTime.toInstant(), clock.instant()));
    e.inactiveIntervals = forms.intervals(closed);
    e.evaluation = forms.evaluation(evaluation);
    e.enforcementActionId = "";
    return changeState(
        e, EnrollmentState.ENROLLED, EnrollmentStateReason.REINSTATED_BY_OPERATOR, caller, cmd);
  }

  // ---- shared steps -----------------------------------------------------------------------------

  /**
   * The enrolment, if {@code caller} may act on it: in their markets, and a creator (without one of
   * {@code privileged}) only on their own.
   */
  static EnrollmentEntity owned(
      CallerIdentity caller, EnrollmentEntity e, java.util.Set<Role> privileged) {
    caller.requireSelfOrAnyRole(e.creatorId, privileged);
    caller.requireMarket(e.market);
    return e;
  }

  private EnrollmentEntity changeState(
      EnrollmentEntity e,
      EnrollmentState state,
      EnrollmentStateReason reason,
      CallerIdentity caller,
      ChangeEnrollment cmd) {
    OffsetDateTime now = StoredTime.now(clock);
    e.state = state;
    e.stateReason = reason;
    e.stateMessage = cmd.reason() == null ? "" : cmd.reason();
    e.stateChangeTime = now;
    e.lastUpdated = stamps.stamp(caller, now, e.stateMessage, cmd.requestId());
    e.updateTime = now;
    return e;
  }
}
