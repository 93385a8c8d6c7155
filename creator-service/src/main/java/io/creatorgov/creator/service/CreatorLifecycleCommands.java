package io.creatorgov.creator.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.domain.CreatorLifecycle;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.ReversalBasis;
import io.creatorgov.creator.domain.StatusChangeKind;
import io.creatorgov.creator.domain.StatusTransition;
import io.creatorgov.creator.domain.TransitionCommand;
import io.creatorgov.creator.domain.TransitionOutcome;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.OnboardingSubmissionRepository;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.creator.repository.StatusHistoryRepository;
import io.creatorgov.creator.service.CreatorStateStore.Cause;
import io.creatorgov.creator.service.CreatorStateStore.CreatorState;
import io.creatorgov.creator.service.CreatorStateStore.StatusChange;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * ActivateCreator and TransitionCreatorStatus: the creator status lifecycle ({@link
 * CreatorLifecycle} decides). Each runs in one transaction with its history entry and feed events,
 * is idempotent by request id, serializes on the creator row (so concurrent transitions cannot
 * interleave), and drops the creator's cached capability answers after commit.
 */
@ApplicationScoped
public class CreatorLifecycleCommands {

  /** ActivateCreator's input. */
  public record Activate(String requestId, String creatorId, String etag, String reason) {}

  /** The activated creator and its ACTIVATED history entry. */
  public record Activated(CreatorView creator, StatusHistoryEntity entry) {}

  /**
   * TransitionCreatorStatus's input ({@code transition}, {@code reversalBasis} and {@code
   * suspensionEndTime} null when not given).
   */
  public record Transition(
      String requestId,
      String creatorId,
      String etag,
      StatusTransition transition,
      String reason,
      String enforcementActionId,
      String appealId,
      ReversalBasis reversalBasis,
      Instant suspensionEndTime) {}

  /**
   * The creator after a transition, with the history entry it produced (null when {@code
   * alreadyApplied} was decided from the current state: nothing changed).
   */
  public record Transitioned(
      CreatorView creator, StatusHistoryEntity entry, boolean alreadyApplied) {}

  /** An activation decided: the outcome to store at {@code at}. */
  private record Activation(CreatorState state, TransitionOutcome outcome, OffsetDateTime at) {}

  /** A locked creator and the history entry its enforcement action already produced, if any. */
  private record Prior(CreatorEntity creator, StatusHistoryEntity entry) {}

  /** A transition decided: the outcome to store at {@code at}. */
  private record Decided(CreatorState state, TransitionOutcome outcome, OffsetDateTime at) {}

  private final CreatorRepository creators;
  private final StatusHistoryRepository history;
  private final OnboardingSubmissionRepository submissions;
  private final CreatorStateStore states;
  private final CreatorJournal journal;
  private final Onboarding onboarding;
  private final CapabilityCache capabilities;

  public CreatorLifecycleCommands(
      CreatorRepository creators,
      StatusHistoryRepository history,
      OnboardingSubmissionRepository submissions,
      CreatorStateStore states,
      CreatorJournal journal,
      Onboarding onboarding,
      CapabilityCache capabilities) {
    this.creators = creators;
    this.history = history;
    this.submissions = submissions;
    this.states = states;
    this.journal = journal;
    this.onboarding = onboarding;
    this.capabilities = capabilities;
  }

  // ---- ActivateCreator --------------------------------------------------------------------------

  public <R> Uni<R> activate(CallerIdentity caller, Activate cmd, Reply<Activated, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    // 1. remote reads, no transaction open: the market's onboarding requirements
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: database only
    return Reply.onceAfter(
            "ActivateCreator",
            caller,
            cmd.requestId(),
            reply,
            () -> onboarding.requirementsOf(cmd.creatorId()),
            requirements -> activateLocked(caller, cmd, requirements))
        // 3. after commit
        .invoke(() -> capabilities.invalidate(cmd.creatorId()));
  }

  private Uni<Activated> activateLocked(
      CallerIdentity caller, Activate cmd, Onboarding.Requirements requirements) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .invoke(c -> requireActivatable(c, cmd.etag()))
        .call(c -> requireOnboarded(c, requirements))
        .chain(states::withRestrictions)
        .map(CreatorLifecycleCommands::decideActivation)
        .chain(activation -> persistActivation(caller, cmd, activation));
  }

  /** Decide: a stale etag is refused; only an APPLIED creator is activated. */
  private static void requireActivatable(CreatorEntity c, String etag) {
    Inputs.checkEtag(etag, c.rowVersion);
    if (c.status != CreatorStatus.APPLIED) {
      throw ApiException.illegalTransition(c.status.name(), "ACTIVE");
    }
  }

  /** Decide: every onboarding item is MET or NOT_REQUIRED (else ONBOARDING_INCOMPLETE). */
  private Uni<Void> requireOnboarded(CreatorEntity c, Onboarding.Requirements requirements) {
    return submissions
        .ofCreator(c.creatorId)
        .map(all -> onboarding.checklist(all, requirements))
        .invoke(checklist -> checklist.requireComplete())
        .replaceWithVoid();
  }

  private static Activation decideActivation(CreatorState state) {
    TransitionOutcome outcome = CreatorLifecycle.activate(state.lifecycle());
    return new Activation(state, outcome, StoredTime.now());
  }

  private Uni<Activated> persistActivation(
      CallerIdentity caller, Activate cmd, Activation activation) {
    CreatorEntity c = activation.state().creator();
    markActivated(c, activation.at());
    return states
        .store(
            new StatusChange(
                caller,
                c,
                activation.outcome(),
                Cause.because(cmd.reason()),
                cmd.requestId(),
                activation.at()))
        .call(() -> announceActivated(caller, activation))
        .map(entry -> new Activated(activation.state().viewAt(activation.at().toInstant()), entry));
  }

  /** An activated creator starts in the lowest tier. */
  private static void markActivated(CreatorEntity c, OffsetDateTime at) {
    c.activated = true;
    c.activateTime = at;
    if (c.tier == CreatorTier.NONE) {
      c.tier = CreatorTier.BRONZE;
    }
  }

  private Uni<Void> announceActivated(CallerIdentity caller, Activation activation) {
    CreatorEntity c = activation.state().creator();
    return journal.event(
        new FeedChange.Activated(activation.outcome().next().status(), c.tier),
        c.creatorId,
        c.market,
        caller,
        activation.at());
  }

  // ---- TransitionCreatorStatus ------------------------------------------------------------------

  public <R> Uni<R> transition(
      CallerIdentity caller, Transition cmd, Reply<Transitioned, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    requireMayRequest(caller, cmd);
    TransitionCommand command = transitionCommand(caller, cmd);
    // validates inputs before anything is stored (an invalid request changes nothing)
    Instant checkAt = Instant.now();
    return Reply.once(
            "TransitionCreatorStatus",
            caller,
            cmd.requestId(),
            reply,
            () -> transitionLocked(caller, cmd, command, checkAt))
        .invoke(() -> capabilities.invalidate(cmd.creatorId()));
  }

  /** A creator may offboard themselves; every other transition is for operators or services. */
  private static void requireMayRequest(CallerIdentity caller, Transition cmd) {
    if (cmd.transition() == StatusTransition.OFFBOARD) {
      caller.requireSelfOrAnyRole(cmd.creatorId(), Inputs.OPERATORS);
    } else if (!caller.hasAnyRole(Inputs.OPERATORS_AND_SERVICES)) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_ROLE_REQUIRED,
          "this transition needs an operator or the enforcement service",
          Map.of("required_roles", "service,creator-ops,governance-admin"));
    }
  }

  private static TransitionCommand transitionCommand(CallerIdentity caller, Transition cmd) {
    return new TransitionCommand(
        cmd.transition(),
        cmd.reason(),
        Inputs.blankToNull(cmd.enforcementActionId()),
        Inputs.blankToNull(cmd.appealId()),
        cmd.reversalBasis(),
        cmd.suspensionEndTime(),
        caller.isService());
  }

  private Uni<Transitioned> transitionLocked(
      CallerIdentity caller, Transition cmd, TransitionCommand command, Instant checkAt) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .chain(c -> priorEffect(c, cmd))
        .chain(
            prior ->
                prior.entry() != null
                    ? replayed(prior)
                    : transitionChecked(caller, cmd, command, checkAt, prior.creator()));
  }

  /** The history entry a SUSPEND/BAN of this enforcement action already produced, if any. */
  private Uni<Prior> priorEffect(CreatorEntity c, Transition cmd) {
    StatusChangeKind kind =
        cmd.transition() == StatusTransition.SUSPEND
            ? StatusChangeKind.SUSPENDED
            : cmd.transition() == StatusTransition.BAN ? StatusChangeKind.BANNED : null;
    if (kind == null || cmd.enforcementActionId().isEmpty()) {
      return Uni.createFrom().item(new Prior(c, null));
    }
    return history
        .causedBy(c.creatorId, kind, cmd.enforcementActionId())
        .map(entry -> new Prior(c, entry));
  }

  /**
   * This action was applied before (perhaps since undone): a retry, however late, returns it and
   * changes nothing.
   */
  private Uni<Transitioned> replayed(Prior prior) {
    return states
        .withRestrictions(prior.creator())
        .map(state -> new Transitioned(state.viewAt(Instant.now()), prior.entry(), true));
  }

  private Uni<Transitioned> transitionChecked(
      CallerIdentity caller,
      Transition cmd,
      TransitionCommand command,
      Instant checkAt,
      CreatorEntity c) {
    Inputs.checkEtag(cmd.etag(), c.rowVersion);
    return states
        .withRestrictions(c)
        .map(state -> decideTransition(state, command, checkAt))
        .chain(decided -> persistTransition(caller, cmd, command, decided));
  }

  private static Decided decideTransition(
      CreatorState state, TransitionCommand command, Instant checkAt) {
    TransitionOutcome outcome = CreatorLifecycle.apply(state.lifecycle(), command, checkAt);
    return new Decided(state, outcome, StoredTime.now());
  }

  private Uni<Transitioned> persistTransition(
      CallerIdentity caller, Transition cmd, TransitionCommand command, Decided decided) {
    CreatorView view = decided.state().viewAt(decided.at().toInstant());
    if (decided.outcome().alreadyApplied()) {
      return Uni.createFrom().item(new Transitioned(view, null, true));
    }
    Cause cause =
        new Cause(
            cmd.reason(),
            command.enforcementActionId(),
            command.appealId(),
            command.reversalBasis(),
            null);
    return states
        .store(
            new StatusChange(
                caller,
                decided.state().creator(),
                decided.outcome(),
                cause,
                cmd.requestId(),
                decided.at()))
        .map(entry -> new Transitioned(view, entry, false));
  }
}
