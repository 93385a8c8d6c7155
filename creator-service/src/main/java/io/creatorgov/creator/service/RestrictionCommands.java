package io.creatorgov.creator.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.domain.CreatorLifecycle;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.LifecycleState;
import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.RestrictionType;
import io.creatorgov.creator.domain.StatusChangeKind;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.service.CreatorStateStore.Cause;
import io.creatorgov.creator.service.CreatorStateStore.CreatorState;
import io.creatorgov.creator.service.CreatorStateStore.StatusChange;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ApplyRestriction and LiftRestriction: restrictions from enforcement actions, and the status
 * change they cause (ACTIVE ⇄ RESTRICTED). Each runs in one transaction with its history entry and
 * feed events, is idempotent by request id (and by enforcement action), serializes on the creator
 * row, and drops the creator's cached capability answers after commit.
 */
@ApplicationScoped
public class RestrictionCommands {

  /**
   * ApplyRestriction's input ({@code type} null: none given; {@code endTime} null: until lifted).
   */
  public record Apply(
      String requestId,
      String creatorId,
      String etag,
      RestrictionType type,
      String enforcementActionId,
      String reason,
      Instant endTime) {}

  /** The restriction and the creator's status after it; {@code alreadyApplied} for a retry. */
  public record Applied(
      RestrictionEntity restriction, CreatorStatus creatorStatus, boolean alreadyApplied) {}

  /**
   * LiftRestriction's input: the target is one restriction ({@code restrictionId}) or every
   * restriction of an enforcement action ({@code enforcementActionId}); null when not the target.
   */
  public record Lift(
      String requestId,
      String creatorId,
      String etag,
      String restrictionId,
      String enforcementActionId,
      String reason,
      String appealId) {}

  /** The targeted restrictions as they are now, how many were lifted, the creator's status. */
  public record Lifted(
      List<RestrictionEntity> restrictions, int liftedCount, CreatorStatus creatorStatus) {}

  /** A locked creator and its restriction of the same action and type, if one was applied. */
  private record Existing(CreatorEntity creator, RestrictionEntity restriction) {}

  /** A restriction being applied now, with its stamp. */
  private record NewRestriction(RestrictionEntity restriction, byte[] stamp, OffsetDateTime at) {}

  /** The restrictions a lift targets. */
  private record Targets(CreatorEntity creator, List<RestrictionEntity> restrictions) {}

  /** The targets of a lift, and those of them lifted now (at {@code at}). */
  private record Lifting(
      CreatorEntity creator,
      List<RestrictionEntity> targets,
      List<RestrictionEntity> lifted,
      OffsetDateTime at) {}

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final CreatorStateStore states;
  private final CreatorJournal journal;
  private final CapabilityCache capabilities;

  public RestrictionCommands(
      CreatorRepository creators,
      RestrictionRepository restrictions,
      CreatorStateStore states,
      CreatorJournal journal,
      CapabilityCache capabilities) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.states = states;
    this.journal = journal;
    this.capabilities = capabilities;
  }

  // ---- ApplyRestriction -------------------------------------------------------------------------

  public <R> Uni<R> apply(CallerIdentity caller, Apply cmd, Reply<Applied, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    checkApply(cmd);
    return Reply.once(
            "ApplyRestriction", caller, cmd.requestId(), reply, () -> applyLocked(caller, cmd))
        .invoke(() -> capabilities.invalidate(cmd.creatorId()));
  }

  private static void checkApply(Apply cmd) {
    Violations v = new Violations();
    v.require(cmd.type() == null, "type", "required: a restriction type");
    v.text(cmd.enforcementActionId(), "enforcement_action_id", 1, 128);
    v.text(cmd.reason(), "reason", 1, 2000);
    v.throwIfAny();
  }

  private Uni<Applied> applyLocked(CallerIdentity caller, Apply cmd) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .chain(c -> existing(c, cmd))
        .chain(
            found ->
                found.restriction() != null
                    ? Uni.createFrom().item(alreadyApplied(found, cmd))
                    : applyNew(caller, cmd, found.creator()));
  }

  private Uni<Existing> existing(CreatorEntity c, Apply cmd) {
    return restrictions
        .findOnce(c.creatorId, cmd.enforcementActionId(), cmd.type())
        .map(r -> new Existing(c, r));
  }

  /**
   * Decide: the same action's restriction of this type was applied before; a retry with the same
   * end time, however late, returns it (etag and end time are checked only for a new one), another
   * end time is a conflict.
   */
  private static Applied alreadyApplied(Existing found, Apply cmd) {
    RestrictionEntity existing = found.restriction();
    Instant wanted = cmd.endTime() != null ? cmd.endTime().truncatedTo(ChronoUnit.MICROS) : null;
    Instant stored = existing.endTime == null ? null : existing.endTime.toInstant();
    if (!Objects.equals(wanted, stored)) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_ALREADY_EXISTS,
          "restriction "
              + existing.restrictionId
              + " already applies this action and type with another end time",
          Map.of(
              "resource_type",
              "restriction",
              "key",
              // the key names the type as the contract does (RESTRICTION_TYPE_…)
              cmd.enforcementActionId() + "/RESTRICTION_TYPE_" + cmd.type().name(),
              "restriction_id",
              existing.restrictionId),
          List.of(),
          List.of(),
          null);
    }
    return new Applied(existing, found.creator().status, true);
  }

  private Uni<Applied> applyNew(CallerIdentity caller, Apply cmd, CreatorEntity c) {
    Inputs.checkEtag(cmd.etag(), c.rowVersion);
    requireFutureEnd(cmd);
    NewRestriction created = newRestriction(caller, cmd, c);
    return restrictions
        .persistAndFlush(created.restriction())
        .chain(() -> states.withRestrictions(c))
        .call(state -> recordStatusEffect(caller, cmd, created, state))
        .call(() -> announceApplied(caller, c, created))
        .call(creators::flush)
        .map(state -> new Applied(created.restriction(), c.status, false));
  }

  private static void requireFutureEnd(Apply cmd) {
    if (cmd.endTime() != null && !cmd.endTime().isAfter(Instant.now())) {
      throw ApiException.invalid("end_time", "must be in the future (or unset: until lifted)");
    }
  }

  private NewRestriction newRestriction(CallerIdentity caller, Apply cmd, CreatorEntity c) {
    OffsetDateTime now = StoredTime.now();
    byte[] stamp = journal.stamp(caller, now, cmd.reason(), cmd.requestId());
    RestrictionEntity r = new RestrictionEntity();
    r.restrictionId = ResourceIds.random("rs_");
    r.creatorId = c.creatorId;
    r.market = c.market;
    r.type = cmd.type();
    r.enforcementActionId = cmd.enforcementActionId();
    r.startTime = now;
    r.endTime =
        cmd.endTime() != null
            ? cmd.endTime().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)
            : null;
    r.state = RestrictionState.ACTIVE;
    r.applied = stamp;
    r.liftAppealId = "";
    r.createTime = now;
    r.updateTime = now;
    return new NewRestriction(r, stamp, now);
  }

  /**
   * An ACTIVE creator becomes RESTRICTED (history entry naming the restriction); otherwise the
   * creator only records the change.
   */
  private Uni<?> recordStatusEffect(
      CallerIdentity caller, Apply cmd, NewRestriction created, CreatorState state) {
    CreatorEntity c = state.creator();
    int inForce = CommandSteps.inForce(state.active());
    LifecycleState before = CreatorMapper.lifecycle(c, Math.max(inForce - 1, 0));
    var outcome =
        CreatorLifecycle.restrictionsChanged(before, inForce, StatusChangeKind.RESTRICTED);
    if (outcome.isEmpty()) {
      c.lastChange = created.stamp();
      c.updateTime = created.at();
      return Uni.createFrom().voidItem();
    }
    Cause cause =
        new Cause(
            cmd.reason(),
            cmd.enforcementActionId(),
            null,
            null,
            created.restriction().restrictionId);
    return states.store(
        new StatusChange(caller, c, outcome.get(), cause, cmd.requestId(), created.at()));
  }

  private Uni<Void> announceApplied(
      CallerIdentity caller, CreatorEntity c, NewRestriction created) {
    return journal.event(
        new FeedChange.RestrictionApplied(created.restriction(), c.status),
        c.creatorId,
        c.market,
        caller,
        created.at());
  }

  // ---- LiftRestriction --------------------------------------------------------------------------

  public <R> Uni<R> lift(CallerIdentity caller, Lift cmd, Reply<Lifted, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    Violations v = new Violations();
    v.require(
        cmd.restrictionId() == null && cmd.enforcementActionId() == null,
        "target",
        "give restriction_id or enforcement_action_id");
    v.text(cmd.reason(), "reason", 1, 2000);
    v.throwIfAny();
    return Reply.once(
            "LiftRestriction", caller, cmd.requestId(), reply, () -> liftLocked(caller, cmd))
        .invoke(() -> capabilities.invalidate(cmd.creatorId()));
  }

  private Uni<Lifted> liftLocked(CallerIdentity caller, Lift cmd) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .invoke(c -> Inputs.checkEtag(cmd.etag(), c.rowVersion))
        .chain(c -> targets(c, cmd))
        .map(targets -> liftNow(targets, caller, cmd))
        .call(() -> restrictions.flush())
        .call(lifting -> recordLift(caller, cmd, lifting))
        .call(creators::flush)
        .map(RestrictionCommands::lifted);
  }

  /** The targeted restrictions of this creator; NOT_FOUND when there are none. */
  private Uni<Targets> targets(CreatorEntity c, Lift cmd) {
    Uni<List<RestrictionEntity>> targets =
        cmd.restrictionId() != null
            ? restrictions.findById(cmd.restrictionId()).map(r -> requireOwn(r, c, cmd))
            : restrictions
                .ofAction(c.creatorId, cmd.enforcementActionId())
                .map(list -> requireSome(list, cmd));
    return targets.map(list -> new Targets(c, list));
  }

  private static List<RestrictionEntity> requireOwn(
      RestrictionEntity r, CreatorEntity c, Lift cmd) {
    if (r == null || !r.creatorId.equals(c.creatorId)) {
      throw ApiException.notFound("restriction", cmd.restrictionId());
    }
    return List.of(r);
  }

  private static List<RestrictionEntity> requireSome(List<RestrictionEntity> list, Lift cmd) {
    if (list.isEmpty()) {
      throw ApiException.notFound("restriction of action", cmd.enforcementActionId());
    }
    return list;
  }

  /**
   * Decide and mark: the targets still in force are lifted now; one already over (ended by its end
   * time; the expiry job may not have run yet) is not "lifted".
   */
  private Lifting liftNow(Targets targets, CallerIdentity caller, Lift cmd) {
    OffsetDateTime now = StoredTime.now();
    byte[] stamp = journal.stamp(caller, now, cmd.reason(), cmd.requestId());
    List<RestrictionEntity> lifted =
        targets.restrictions().stream()
            .filter(r -> r.state == RestrictionState.ACTIVE)
            .filter(r -> r.endTime == null || r.endTime.isAfter(now))
            .toList();
    for (RestrictionEntity r : lifted) {
      r.state = RestrictionState.LIFTED;
      r.endedTime = now;
      r.lifted = stamp;
      r.liftAppealId = cmd.appealId();
      r.updateTime = now;
    }
    return new Lifting(targets.creator(), targets.restrictions(), lifted, now);
  }

  /** A RESTRICTED creator with none left in force becomes ACTIVE; a RESTRICTION_ENDED each. */
  private Uni<Void> recordLift(CallerIdentity caller, Lift cmd, Lifting lifting) {
    return states
        .withRestrictions(lifting.creator())
        .call(state -> recordClearance(caller, cmd, lifting, state))
        .chain(() -> CommandSteps.each(lifting.lifted(), r -> announceEnded(caller, lifting, r)));
  }

  private Uni<?> recordClearance(
      CallerIdentity caller, Lift cmd, Lifting lifting, CreatorState state) {
    int inForce = CommandSteps.inForce(state.active());
    List<RestrictionEntity> lifted = lifting.lifted();
    LifecycleState before = CreatorMapper.lifecycle(lifting.creator(), inForce + lifted.size());
    var outcome =
        CreatorLifecycle.restrictionsChanged(
            before, inForce, StatusChangeKind.RESTRICTIONS_CLEARED);
    if (outcome.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Cause cause =
        new Cause(
            cmd.reason(),
            lifted.isEmpty() ? null : lifted.get(0).enforcementActionId,
            cmd.appealId(),
            null,
            lifted.isEmpty() ? null : lifted.get(lifted.size() - 1).restrictionId);
    return states.store(
        new StatusChange(
            caller, lifting.creator(), outcome.get(), cause, cmd.requestId(), lifting.at()));
  }

  private Uni<Void> announceEnded(CallerIdentity caller, Lifting lifting, RestrictionEntity r) {
    CreatorEntity c = lifting.creator();
    return journal.restrictionEndedEvent(c, r, c.status, caller, lifting.at());
  }

  private static Lifted lifted(Lifting lifting) {
    return new Lifted(lifting.targets(), lifting.lifted().size(), lifting.creator().status);
  }
}
