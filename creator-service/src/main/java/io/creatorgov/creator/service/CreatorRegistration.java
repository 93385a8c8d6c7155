package io.creatorgov.creator.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.StatusChangeKind;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * RegisterCreator and UpdateCreator: a creator's profile (handle, display name, categories). Each
 * runs in one transaction with its feed events and is idempotent by request id; a profile update
 * serializes on the creator row.
 */
@ApplicationScoped
public class CreatorRegistration {

  /** RegisterCreator's input. */
  public record Register(
      String requestId,
      String market,
      String handle,
      String displayName,
      List<String> categories) {}

  /**
   * UpdateCreator's input: the fields named in {@code paths} (the update mask) take the given
   * values.
   */
  public record UpdateProfile(
      String requestId,
      String creatorId,
      String etag,
      List<String> paths,
      String handle,
      String displayName,
      List<String> categories) {

    boolean changes(String path) {
      return paths.contains(path);
    }
  }

  /** A new creator row and when and by whom it was registered. */
  private record NewCreator(CreatorEntity creator, byte[] stamp, OffsetDateTime at) {}

  private final CreatorRepository creators;
  private final CreatorStateStore states;
  private final CreatorJournal journal;
  private final MarketRegistry markets;

  public CreatorRegistration(
      CreatorRepository creators,
      CreatorStateStore states,
      CreatorJournal journal,
      MarketRegistry markets) {
    this.creators = creators;
    this.states = states;
    this.journal = journal;
    this.markets = markets;
  }

  // ---- RegisterCreator --------------------------------------------------------------------------

  public <R> Uni<R> register(CallerIdentity caller, Register cmd, Reply<CreatorView, R> reply) {
    List<String> categories = checkRegistration(cmd);
    caller.requireMarket(cmd.market());
    return Reply.once(
        "RegisterCreator",
        caller,
        cmd.requestId(),
        reply,
        () -> registerNew(caller, cmd, categories));
  }

  private List<String> checkRegistration(Register cmd) {
    Violations v = new Violations();
    markets.check(cmd.market(), "market").ifPresent(v::add);
    Inputs.checkHandle(v, cmd.handle(), "handle");
    v.text(cmd.displayName(), "display_name", 1, 100);
    List<String> categories = Inputs.categories(cmd.categories(), v, "categories");
    // an unknown or disabled market alone carries its own reason (FieldViolation.reason)
    v.throwIfAny();
    return categories;
  }

  private Uni<CreatorView> registerNew(
      CallerIdentity caller, Register cmd, List<String> categories) {
    return creators
        .findByHandle(cmd.market(), cmd.handle())
        .map(existing -> newCreator(existing, caller, cmd, categories))
        .call(created -> creators.persistAndFlush(created.creator()))
        .call(created -> recordRegistration(caller, created))
        .map(created -> new CreatorView(created.creator(), List.of(), created.at().toInstant()));
  }

  /** Decide: a handle is unique in its market; a new creator is APPLIED with no tier yet. */
  private NewCreator newCreator(
      CreatorEntity existing, CallerIdentity caller, Register cmd, List<String> categories) {
    if (existing != null) {
      throw ApiException.alreadyExists("creator handle", cmd.market() + "/" + cmd.handle());
    }
    OffsetDateTime now = StoredTime.now();
    byte[] stamp = journal.stamp(caller, now, "", cmd.requestId());
    CreatorEntity c = new CreatorEntity();
    c.creatorId = ResourceIds.random("cr_");
    c.market = cmd.market();
    c.handle = cmd.handle();
    c.displayName = cmd.displayName();
    c.categories = String.join("\n", categories);
    c.status = CreatorStatus.APPLIED;
    c.statusChangeTime = now;
    c.tier = CreatorTier.NONE;
    c.registered = stamp;
    c.lastChange = stamp;
    c.createTime = now;
    c.updateTime = now;
    return new NewCreator(c, stamp, now);
  }

  /** The REGISTERED history entry, then the CREATOR_REGISTERED event. */
  private Uni<Void> recordRegistration(CallerIdentity caller, NewCreator created) {
    CreatorEntity c = created.creator();
    return journal
        .statusChange(
            new CreatorJournal.Entry(
                c.creatorId,
                StatusChangeKind.REGISTERED,
                null,
                CreatorStatus.APPLIED,
                null,
                null,
                null,
                null,
                null,
                created.stamp(),
                created.at()))
        .chain(() -> announceRegistered(caller, created));
  }

  private Uni<Void> announceRegistered(CallerIdentity caller, NewCreator created) {
    CreatorEntity c = created.creator();
    return journal.event(
        new FeedChange.Registered(new CreatorView(c, List.of(), created.at().toInstant())),
        c.creatorId,
        c.market,
        caller,
        created.at());
  }

  // ---- UpdateCreator ----------------------------------------------------------------------------

  public <R> Uni<R> update(CallerIdentity caller, UpdateProfile cmd, Reply<CreatorView, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    List<String> categories = checkUpdate(cmd);
    return Reply.once(
        "UpdateCreator",
        caller,
        cmd.requestId(),
        reply,
        () -> updateLocked(caller, cmd, categories));
  }

  /** The update mask and the values it names; returns the categories (deduplicated). */
  private static List<String> checkUpdate(UpdateProfile cmd) {
    if (cmd.paths().isEmpty()) {
      throw invalidMask(
          "update_mask is required", "name the fields to change: display_name, handle, categories");
    }
    Violations v = new Violations();
    List<String> categories = List.of();
    for (String path : cmd.paths()) {
      switch (path) {
        case "display_name" -> v.text(cmd.displayName(), "creator.display_name", 1, 100);
        case "handle" -> Inputs.checkHandle(v, cmd.handle(), "creator.handle");
        case "categories" ->
            categories = Inputs.categories(cmd.categories(), v, "creator.categories");
        default ->
            throw invalidMask(
                "'" + path + "' cannot be updated",
                "'" + path + "' cannot be updated; allowed: display_name, handle, categories");
      }
    }
    v.throwIfAny();
    return categories;
  }

  private static ApiException invalidMask(String message, String violation) {
    return new ApiException(
        ErrorReason.ERROR_REASON_INVALID_UPDATE_MASK,
        message,
        Map.of(),
        List.of(new FieldViolation("update_mask", violation)),
        List.of(),
        null);
  }

  private Uni<CreatorView> updateLocked(
      CallerIdentity caller, UpdateProfile cmd, List<String> categories) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .invoke(c -> requireEditable(c, cmd))
        .call(c -> requireHandleFree(c, cmd))
        .map(c -> applyProfile(caller, cmd, categories, c))
        .call(creators::flush)
        .chain(this::withRestrictions)
        .call(updated -> announceProfileUpdate(caller, cmd, updated))
        .map(UpdatedProfile::view);
  }

  /** Decide: an offboarded creator's profile is closed; a stale etag is refused. */
  private static void requireEditable(CreatorEntity c, UpdateProfile cmd) {
    if (c.status == CreatorStatus.OFFBOARDED) {
      throw ApiException.notAllowedInState("OFFBOARDED", "updating the profile");
    }
    Inputs.checkEtag(cmd.etag(), c.rowVersion);
  }

  /** A new handle must be free in the creator's market (a change of case only is the same). */
  private Uni<Void> requireHandleFree(CreatorEntity c, UpdateProfile cmd) {
    if (!cmd.changes("handle") || cmd.handle().equalsIgnoreCase(c.handle)) {
      return Uni.createFrom().voidItem();
    }
    return creators
        .findByHandle(c.market, cmd.handle())
        .invoke(other -> requireNoOther(other, c.market, cmd.handle()))
        .replaceWithVoid();
  }

  private static void requireNoOther(CreatorEntity other, String market, String handle) {
    if (other != null) {
      throw ApiException.alreadyExists("creator handle", market + "/" + handle);
    }
  }

  /** A changed profile, updated at {@code at}. */
  private record ProfileChange(CreatorEntity creator, OffsetDateTime at) {}

  /** The changed profile with the creator's active restrictions. */
  private record UpdatedProfile(CreatorStateStore.CreatorState state, OffsetDateTime at) {
    CreatorView view() {
      return state.viewAt(at.toInstant());
    }
  }

  private ProfileChange applyProfile(
      CallerIdentity caller, UpdateProfile cmd, List<String> categories, CreatorEntity c) {
    OffsetDateTime now = StoredTime.now();
    if (cmd.changes("handle")) {
      c.handle = cmd.handle();
    }
    if (cmd.changes("display_name")) {
      c.displayName = cmd.displayName();
    }
    if (cmd.changes("categories")) {
      c.categories = String.join("\n", categories);
    }
    c.lastChange = journal.stamp(caller, now, "", cmd.requestId());
    c.updateTime = now;
    return new ProfileChange(c, now);
  }

  private Uni<UpdatedProfile> withRestrictions(ProfileChange change) {
    return states
        .withRestrictions(change.creator())
        .map(state -> new UpdatedProfile(state, change.at()));
  }

  private Uni<Void> announceProfileUpdate(
      CallerIdentity caller, UpdateProfile cmd, UpdatedProfile updated) {
    CreatorView view = updated.view();
    CreatorEntity c = view.creator();
    return journal.event(
        new FeedChange.ProfileUpdated(cmd.paths(), view),
        c.creatorId,
        c.market,
        caller,
        updated.at());
  }
}
