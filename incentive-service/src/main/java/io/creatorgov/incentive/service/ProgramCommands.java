package io.creatorgov.incentive.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.domain.Problem;
import io.creatorgov.incentive.domain.ProgramEdits;
import io.creatorgov.incentive.domain.ProgramLifecycle;
import io.creatorgov.incentive.domain.ProgramLifecycle.Move;
import io.creatorgov.incentive.domain.ProgramLifecycle.Phase;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.domain.ProgramTerms;
import io.creatorgov.incentive.domain.ProgramWindow;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.creatorgov.kit.error.PreconditionViolation;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The programme commands: CreateProgram, UpdateProgram and the lifecycle moves Activate, Pause and
 * End. Each runs in one transaction, once per request id (kit {@link Reply}); a command on an
 * existing programme serialises on its row and checks the caller's etag. A lifecycle move is
 * announced on the incentive feed (PROGRAM_STATE_CHANGED) in the same transaction.
 */
@ApplicationScoped
public class ProgramCommands {

  /** CreateProgram's input. */
  public record Create(String requestId, ProgramTerms terms) {}

  /**
   * UpdateProgram's input: the fields named by {@code paths} (the mask) take {@code given}'s
   * values.
   */
  public record Update(
      String requestId, String programId, String etag, List<String> paths, ProgramTerms given) {}

  /** ActivateProgram's, PauseProgram's and EndProgram's input. */
  public record ChangeState(String requestId, String programId, String etag, String reason) {}

  /** A lifecycle move of the state machine. */
  private enum Step {
    ACTIVATE("ActivateProgram"),
    PAUSE("PauseProgram"),
    END("EndProgram");

    private final String rpc;

    Step(String rpc) {
      this.rpc = rpc;
    }
  }

  /** The unique index of display names per market (V1__programs.sql). */
  private static final String NAME_INDEX = "program_name_unique";

  /** A decided update: the locked row, its settings after the update and their currency. */
  private record Edit(ProgramEntity program, ProgramTerms terms, String currency) {}

  private final ProgramRepository programs;
  private final ProgramViews views;
  private final ProgramForms forms;
  private final ProgramInputs inputs;
  private final IncentiveJournal journal;
  private final Clock clock;

  public ProgramCommands(
      ProgramRepository programs,
      ProgramViews views,
      ProgramForms forms,
      ProgramInputs inputs,
      IncentiveJournal journal,
      Clock clock) {
    this.programs = programs;
    this.views = views;
    this.forms = forms;
    this.inputs = inputs;
    this.journal = journal;
    this.clock = clock;
  }

  // ---- CreateProgram ----------------------------------------------------------------------------

  public <R> Uni<R> create(CallerIdentity caller, Create cmd, Reply<ProgramView, R> reply) {
    ProgramTerms terms = cmd.terms().trimmed();
    String currency = inputs.requireValid(terms, true, List.of());
    caller.requireMarket(terms.market());
    return Reply.once(
        "CreateProgram",
        caller,
        cmd.requestId(),
        reply,
        () -> createNew(caller, cmd.requestId(), terms, currency));
  }

  private Uni<ProgramView> createNew(
      CallerIdentity caller, String requestId, ProgramTerms terms, String currency) {
    return programs
        .nameTaken(terms.market(), terms.displayName(), "")
        .map(taken -> newProgram(taken, caller, requestId, terms, currency))
        .call(p -> nameClashIsAlreadyExists(programs.persistAndFlush(p), terms))
        .map(views::view);
  }

  /** Decide: a display name is unique in its market; a new programme is a DRAFT. */
  private ProgramEntity newProgram(
      boolean nameTaken,
      CallerIdentity caller,
      String requestId,
      ProgramTerms terms,
      String currency) {
    requireNameFree(nameTaken, terms);
    OffsetDateTime now = StoredTime.now(clock);
    byte[] stamp = forms.stamp(caller, now, "", requestId);
    ProgramEntity p = new ProgramEntity();
    p.programId = ResourceIds.sortable("prg_");
    views.writeTerms(p, terms, currency);
    views.writePhase(p, Phase.draft());
    p.settlementId = "";
    p.created = stamp;
    p.lastUpdated = stamp;
    p.createTime = now;
    p.updateTime = now;
    return p;
  }

  /**
   * A concurrent command that took the same name between our check and our write loses on the
   * unique index; it gets the same ALREADY_EXISTS as a sequential one would.
   */
  private static <T> Uni<T> nameClashIsAlreadyExists(Uni<T> write, ProgramTerms terms) {
    return write.onFailure(ProgramCommands::isNameClash).transform(f -> nameTaken(terms));
  }

  private static boolean isNameClash(Throwable t) {
    if (!"23505".equals(GrpcErrorMapper.sqlState(t))) {
      return false;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains(NAME_INDEX)) {
        return true;
      }
    }
    return false;
  }

  private static ApiException nameTaken(ProgramTerms terms) {
    return ApiException.alreadyExists(
        ProgramRepository.RESOURCE_TYPE, terms.market() + "/" + terms.displayName());
  }

  private static void requireNameFree(boolean nameTaken, ProgramTerms terms) {
    if (nameTaken) {
      throw nameTaken(terms);
    }
  }

  // ---- UpdateProgram ----------------------------------------------------------------------------

  public <R> Uni<R> update(CallerIdentity caller, Update cmd, Reply<ProgramView, R> reply) {
    ProgramInputs.requireUpdatableMask(cmd.paths());
    return Reply.once(
        "UpdateProgram", caller, cmd.requestId(), reply, () -> updateLocked(caller, cmd));
  }

  private Uni<ProgramView> updateLocked(CallerIdentity caller, Update cmd) {
    return programs
        .lockedFor(caller, cmd.programId())
        .map(p -> decideEdit(caller, cmd, p))
        .call(this::requireNameFreeAfterEdit)
        .map(edit -> applyEdit(caller, cmd, edit))
        .call(p -> nameClashIsAlreadyExists(programs.flush(), views.terms(p)))
        .map(views::view);
  }

  /**
   * Decide: the etag is current, every masked field may change in the programme's state, and the
   * updated settings are valid as a whole (a running programme's budget only grows).
   */
  private Edit decideEdit(CallerIdentity caller, Update cmd, ProgramEntity p) {
    requireEtag(cmd.etag(), p);
    List<String> locked = ProgramEdits.lockedPaths(p.state, cmd.paths());
    if (!locked.isEmpty()) {
      throw lockedFields(p.state, locked);
    }
    ProgramTerms current = views.terms(p);
    ProgramTerms updated = ProgramEdits.apply(current, cmd.given(), cmd.paths()).trimmed();
    boolean marketChanges = !updated.market().equals(current.market());
    List<Problem> budget = ProgramEdits.runningBudgetProblems(p.state, current, updated);
    String currency = inputs.requireValid(updated, marketChanges, budget);
    caller.requireMarket(updated.market());
    return new Edit(p, updated, currency);
  }

  /** PRECONDITION_FAILED naming each masked path the programme's state does not let change. */
  private static ApiException lockedFields(ProgramState state, List<String> paths) {
    List<PreconditionViolation> violations =
        paths.stream()
            .map(path -> new PreconditionViolation("STATE", path, lockedReason(state)))
            .toList();
    return new ApiException(
        ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
        "the programme is "
            + state
            + ": "
            + String.join(", ", paths)
            + " may not change; "
            + lockedReason(state),
        Map.of("current_state", state.name()),
        List.of(),
        violations,
        null);
  }

  private static String lockedReason(ProgramState state) {
    return state == ProgramState.ACTIVE || state == ProgramState.PAUSED
        ? "only description and budget.total (upwards) may change while " + state
        : "the programme is read-only once " + state;
  }

  private Uni<Void> requireNameFreeAfterEdit(Edit edit) {
    ProgramEntity p = edit.program();
    ProgramTerms t = edit.terms();
    if (t.displayName().equalsIgnoreCase(p.displayName) && t.market().equals(p.market)) {
      return Uni.createFrom().voidItem();
    }
    return programs
        .nameTaken(t.market(), t.displayName(), p.programId)
        .invoke(taken -> requireNameFree(taken, t))
        .replaceWithVoid();
  }

  private ProgramEntity applyEdit(CallerIdentity caller, Update cmd, Edit edit) {
    ProgramEntity p = edit.program();
    views.writeTerms(p, edit.terms(), edit.currency());
    touch(p, caller, "", cmd.requestId());
    return p;
  }

  // ---- ActivateProgram, PauseProgram, EndProgram ------------------------------------------------

  public <R> Uni<R> activate(CallerIdentity caller, ChangeState cmd, Reply<ProgramView, R> reply) {
    return change(caller, cmd, Step.ACTIVATE, reply);
  }

  public <R> Uni<R> pause(CallerIdentity caller, ChangeState cmd, Reply<ProgramView, R> reply) {
    return change(caller, cmd, Step.PAUSE, reply);
  }

  public <R> Uni<R> end(CallerIdentity caller, ChangeState cmd, Reply<ProgramView, R> reply) {
    return change(caller, cmd, Step.END, reply);
  }

  private <R> Uni<R> change(
      CallerIdentity caller, ChangeState cmd, Step step, Reply<ProgramView, R> reply) {
    return Reply.once(
        step.rpc, caller, cmd.requestId(), reply, () -> moveLocked(caller, cmd, step));
  }

  private Uni<ProgramView> moveLocked(CallerIdentity caller, ChangeState cmd, Step step) {
    return programs
        .lockedFor(caller, cmd.programId())
        .map(p -> decideMove(cmd, step, p))
        .map(p -> touch(p, caller, cmd.reason(), cmd.requestId()))
        .call(programs::flush)
        .map(views::view)
        .call(view -> journal.programStateChanged(caller, view));
  }

  /** Decide: the etag is current and the state machine allows the move now; write the new phase. */
  private ProgramEntity decideMove(ChangeState cmd, Step step, ProgramEntity p) {
    requireEtag(cmd.etag(), p);
    if (step == Step.ACTIVATE && p.state == ProgramState.DRAFT) {
      inputs.requireEnabledMarket(p.market);
    }
    Instant now = clock.instant();
    Phase phase = views.phase(p);
    ProgramWindow window = ProgramViews.window(p);
    Move move =
        switch (step) {
          case ACTIVATE -> ProgramLifecycle.activate(phase, window, now);
          case PAUSE -> ProgramLifecycle.pause(phase, now);
          case END -> ProgramLifecycle.end(phase, window, now);
        };
    requireMoved(move, p.state);
    views.writePhase(p, move.next());
    return p;
  }

  private static void requireMoved(Move move, ProgramState current) {
    switch (move.refusal()) {
      case NONE -> {}
      case ILLEGAL_TRANSITION ->
          throw ApiException.illegalTransition(current.name(), move.requested().name());
      case WINDOW_ENDED ->
          throw ApiException.notAllowedInState(
              current.name(), "activation after the programme's window has ended");
    }
  }

  // ---- shared steps -----------------------------------------------------------------------------

  /** ABORTED ETAG_MISMATCH when the caller gave an etag and it is not the current one. */
  private static void requireEtag(String given, ProgramEntity p) {
    String current = ProgramViews.etag(p);
    if (given != null && !given.isEmpty() && !given.equals(current)) {
      throw ApiException.etagMismatch(current);
    }
  }

  /** Stamps the change: who, when, why and with which request id. */
  private ProgramEntity touch(
      ProgramEntity p, CallerIdentity caller, String reason, String requestId) {
    OffsetDateTime now = StoredTime.now(clock);
    p.lastUpdated = forms.stamp(caller, now, reason, requestId);
    p.updateTime = now;
    return p;
  }
}
