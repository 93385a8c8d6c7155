package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.LifecycleState;
import io.creatorgov.creator.domain.ReversalBasis;
import io.creatorgov.creator.domain.TransitionOutcome;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A creator's lifecycle state as the commands load and store it: the row with its active
 * restrictions, and lifecycle outcomes stored with their status history entry and STATUS_CHANGED
 * event. Used inside a command's transaction, on a creator row it has locked.
 */
@ApplicationScoped
public class CreatorStateStore {

  /** A creator row and its active restrictions, as a decision needs them. */
  record CreatorState(CreatorEntity creator, List<RestrictionEntity> active) {

    /** The lifecycle state with the restrictions in force now. */
    LifecycleState lifecycle() {
      return CreatorMapper.lifecycle(creator, CommandSteps.inForce(active));
    }

    CreatorView viewAt(Instant at) {
      return new CreatorView(creator, active, at);
    }
  }

  /**
   * Why a status changed, as its history entry records it (null: not given).
   *
   * @param restrictionId the restriction that caused the change (RESTRICTED, RESTRICTIONS_CLEARED)
   */
  record Cause(
      String reason,
      String enforcementActionId,
      String appealId,
      ReversalBasis reversalBasis,
      String restrictionId) {

    static Cause because(String reason) {
      return new Cause(reason, null, null, null, null);
    }
  }

  /** A lifecycle outcome to store on a creator, at {@code at}, by the caller's request. */
  record StatusChange(
      CallerIdentity caller,
      CreatorEntity creator,
      TransitionOutcome outcome,
      Cause cause,
      String requestId,
      OffsetDateTime at) {}

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final CreatorJournal journal;

  public CreatorStateStore(
      CreatorRepository creators, RestrictionRepository restrictions, CreatorJournal journal) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.journal = journal;
  }

  /** The creator with its active restrictions. */
  Uni<CreatorState> withRestrictions(CreatorEntity creator) {
    return restrictions.active(creator.creatorId).map(active -> new CreatorState(creator, active));
  }

  /** Stores the outcome on the creator, with its history entry and STATUS_CHANGED event. */
  Uni<StatusHistoryEntity> store(StatusChange change) {
    CreatorStatus from = change.creator().status;
    byte[] stamp =
        journal.stamp(change.caller(), change.at(), change.cause().reason(), change.requestId());
    applyOutcome(change.creator(), change.outcome().next(), stamp, change.at());
    return creators
        .flush()
        .chain(() -> recordHistory(change, from, stamp))
        .call(
            entry ->
                journal.statusChangedEvent(change.creator(), entry, change.caller(), change.at()));
  }

  private static void applyOutcome(
      CreatorEntity c, LifecycleState next, byte[] stamp, OffsetDateTime at) {
    boolean statusChanges = c.status != next.status();
    c.status = next.status();
    c.activated = next.activated();
    c.suspensionEndTime =
        next.suspensionEndTime() == null ? null : next.suspensionEndTime().atOffset(ZoneOffset.UTC);
    c.suspensionActionId = next.suspensionActionId();
    c.banActionId = next.banActionId();
    if (statusChanges) {
      c.statusChangeTime = at;
    }
    c.lastChange = stamp;
    c.updateTime = at;
  }

  private Uni<StatusHistoryEntity> recordHistory(
      StatusChange change, CreatorStatus from, byte[] stamp) {
    CreatorEntity c = change.creator();
    Cause cause = change.cause();
    return journal.statusChange(
        new CreatorJournal.Entry(
            c.creatorId,
            change.outcome().kind(),
            from,
            change.outcome().next().status(),
            cause.enforcementActionId(),
            cause.appealId(),
            cause.reversalBasis(),
            cause.restrictionId(),
            c.suspensionEndTime,
            stamp,
            change.at()));
  }
}
