package io.creatorgov.creator.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.creator.client.PolicyGateway;
import io.creatorgov.creator.client.Resolved;
import io.creatorgov.creator.domain.CommissionCaps;
import io.creatorgov.creator.domain.CommissionRules;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.PolicyRef;
import io.creatorgov.creator.repository.CommissionChangeEntity;
import io.creatorgov.creator.repository.CommissionRateEntity;
import io.creatorgov.creator.repository.CommissionRepositories;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.service.CreatorStateStore.CreatorState;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * SetCommissionRate: rates per category bounded by the market's caps from policy-service (resolved
 * before the transaction opens), frozen while COMMISSION_FROZEN, every change audited and
 * announced. Idempotent by request id; serializes on the creator row.
 */
@ApplicationScoped
public class CommissionCommands {
  static final String CAPS_POLICY = "commission.caps";

  /** SetCommissionRate's input. */
  public record SetRate(
      String requestId,
      String creatorId,
      String etag,
      String category,
      int rateBps,
      String reason) {}

  /** The terms after the change, and the change (null when the rate already was this one). */
  public record RateSet(TermsView terms, CommissionChangeEntity change) {}

  /** A rate change decided: the rate row to store, its audit record, when. */
  private record RateChange(
      CreatorState state,
      CommissionRateEntity rate,
      boolean newRate,
      CommissionChangeEntity change,
      OffsetDateTime at) {}

  /** A locked, changeable creator with the caps checked and its current rate, if any. */
  private record Loaded(
      CreatorState state,
      Resolved<CommissionCaps> caps,
      int capBps,
      CommissionRateEntity current) {}

  private final CreatorRepository creators;
  private final CreatorStateStore states;
  private final CommissionRepositories.Rates rates;
  private final CommissionRepositories.Changes changes;
  private final CommissionAndTierQueries terms;
  private final CreatorJournal journal;
  private final PolicyGateway policies;

  public CommissionCommands(
      CreatorRepository creators,
      CreatorStateStore states,
      CommissionRepositories.Rates rates,
      CommissionRepositories.Changes changes,
      CommissionAndTierQueries terms,
      CreatorJournal journal,
      PolicyGateway policies) {
    this.creators = creators;
    this.states = states;
    this.rates = rates;
    this.changes = changes;
    this.terms = terms;
    this.journal = journal;
    this.policies = policies;
  }

  public <R> Uni<R> setRate(CallerIdentity caller, SetRate cmd, Reply<RateSet, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    checkSetRate(cmd);
    // 1. remote reads, no transaction open: the market's caps (from the near cache when fresh)
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: the creator's row lock is held only while touching the database
    return Reply.onceAfter(
        "SetCommissionRate",
        caller,
        cmd.requestId(),
        reply,
        () -> capsFor(cmd.creatorId()),
        caps -> setRateLocked(caller, cmd, caps));
  }

  private static void checkSetRate(SetRate cmd) {
    Violations v = new Violations();
    v.require(
        cmd.rateBps() < 0 || cmd.rateBps() > CommissionRules.MAX_RATE_BPS,
        "rate_bps",
        "must be between 0 and 10000 bps");
    v.require(
        !CommissionRules.isValidCategory(cmd.category()),
        "category",
        "must be a category slug like 'beauty'");
    v.text(cmd.reason(), "reason", 1, 2000);
    v.throwIfAny();
  }

  /**
   * The commission caps of the creator's home market, resolved before any transaction opens (a
   * creator's market never changes). Null when the creator does not exist: the transaction then
   * answers NOT_FOUND with the caller's access rules.
   */
  private Uni<Resolved<CommissionCaps>> capsFor(String creatorId) {
    return CommandSteps.forHomeMarket(
        creators, creatorId, market -> policies.commissionCaps(CAPS_POLICY, market));
  }

  private Uni<RateSet> setRateLocked(
      CallerIdentity caller, SetRate cmd, Resolved<CommissionCaps> caps) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .invoke(c -> requireTermsChangeable(c, cmd))
        .chain(states::withRestrictions)
        .invoke(state -> requireNotFrozen(state.active()))
        .chain(state -> loadRate(state, cmd, caps))
        .chain(loaded -> applyRate(caller, cmd, loaded));
  }

  /** Decide: a banned or offboarded creator has no terms; a stale etag is refused. */
  private static void requireTermsChangeable(CreatorEntity c, SetRate cmd) {
    if (c.status == CreatorStatus.BANNED || c.status == CreatorStatus.OFFBOARDED) {
      throw ApiException.notAllowedInState(c.status.name(), "changing commission terms");
    }
    ApiException.requireEtag(cmd.etag(), TermsView.etagOf(c));
  }

  /** Decide: no rate change while a COMMISSION_FROZEN restriction is in force. */
  private static void requireNotFrozen(List<RestrictionEntity> active) {
    List<RestrictionEntity> freezes = TermsView.frozenBy(active);
    if (!freezes.isEmpty()) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_COMMISSION_FROZEN,
          "commission is frozen by enforcement action " + freezes.get(0).enforcementActionId,
          Map.of("enforcement_action_id", freezes.get(0).enforcementActionId),
          List.of(),
          List.of(
              new PreconditionViolation(
                  "RESTRICTION",
                  "RESTRICTION_TYPE_COMMISSION_FROZEN",
                  "wait until the freeze is lifted or expires")),
          null);
    }
  }

  /** Decide the cap (the rate must be within it), then load the category's current rate. */
  private Uni<Loaded> loadRate(CreatorState state, SetRate cmd, Resolved<CommissionCaps> caps) {
    int cap = CommissionRules.check(cmd.rateBps(), cmd.category(), caps.content(), caps.policy());
    return rates
        .find(state.creator().creatorId, cmd.category())
        .map(current -> new Loaded(state, caps, cap, current));
  }

  private Uni<RateSet> applyRate(CallerIdentity caller, SetRate cmd, Loaded loaded) {
    if (loaded.current() != null && loaded.current().rateBps == cmd.rateBps()) {
      return termsOf(loaded.state()).map(t -> new RateSet(t, null));
    }
    RateChange change = rateChange(caller, cmd, loaded);
    return (change.newRate() ? rates.persist(change.rate()) : Uni.createFrom().item(change.rate()))
        .chain(() -> changes.persist(change.change()))
        .call(() -> rates.flush())
        .call(() -> announceChange(caller, change))
        .chain(() -> termsOf(change.state()))
        .map(t -> new RateSet(t, change.change()));
  }

  private Uni<TermsView> termsOf(CreatorState state) {
    return terms.terms(state.creator(), state.active());
  }

  /**
   * The rate row (new or updated) and its audit record (with the cap and the caps' version; the cap
   * came from an expired cache entry when policy-service was down); the terms' version moves.
   */
  private RateChange rateChange(CallerIdentity caller, SetRate cmd, Loaded loaded) {
    CreatorEntity c = loaded.state().creator();
    PolicyRef capPolicy = loaded.caps().policy();
    OffsetDateTime now = StoredTime.now();
    byte[] stamp = journal.stamp(caller, now, cmd.reason(), cmd.requestId());
    CommissionRateEntity existing = loaded.current();
    CommissionRateEntity rate = existing == null ? new CommissionRateEntity() : existing;
    Integer old = existing == null ? null : existing.rateBps;
    rate.creatorId = c.creatorId;
    rate.category = cmd.category();
    rate.rateBps = cmd.rateBps();
    rate.capBps = loaded.capBps();
    rate.capPolicyKey = capPolicy.policyKey();
    rate.capPolicyVersion = capPolicy.policyVersion();
    rate.lastChange = stamp;
    rate.updateTime = now;
    CommissionChangeEntity change = new CommissionChangeEntity();
    change.changeId = ResourceIds.sortable("cc_");
    change.creatorId = c.creatorId;
    change.market = c.market;
    change.category = cmd.category();
    change.oldRateBps = old;
    change.newRateBps = cmd.rateBps();
    change.capBps = loaded.capBps();
    change.capPolicyKey = capPolicy.policyKey();
    change.capPolicyVersion = capPolicy.policyVersion();
    change.capFromCache = loaded.caps().stale();
    change.changed = stamp;
    change.occurredAt = now;
    c.commissionVersion++;
    c.updateTime = now;
    return new RateChange(loaded.state(), rate, existing == null, change, now);
  }

  private Uni<Void> announceChange(CallerIdentity caller, RateChange change) {
    CreatorEntity c = change.state().creator();
    return journal.event(
        new FeedChange.CommissionChanged(change.change()),
        c.creatorId,
        c.market,
        caller,
        change.at());
  }
}
