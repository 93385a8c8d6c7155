package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.client.AppealsPolicy;
import io.creatorgov.enforcement.client.CreatorFacts;
import io.creatorgov.enforcement.client.CreatorServiceClient;
import io.creatorgov.enforcement.client.EnforcementPolicies;
import io.creatorgov.enforcement.client.EnforcementPolicySource;
import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.domain.Consequence;
import io.creatorgov.enforcement.domain.ManualConsequences;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.CommissionHoldEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * IssueManualAction: an operator's action with a mandatory reason. Reads top to bottom: check the
 * request → read what it needs (the cited violation, then the creator from creator-service and the
 * market's policies, concurrently, before any transaction) → one transaction: record the action,
 * its outbox row, its hold and ACTION_DECIDED → the API layer tries to apply it within the call.
 * Manual actions never add points or deduct score.
 */
@ApplicationScoped
public class ManualActions {

  /** IssueManualAction's input, in domain terms; optional fields are null when unset. */
  public record Issue(
      String requestId,
      String creatorId,
      String market,
      ActionType type,
      Duration duration,
      Set<RestrictionKind> additional,
      String reason,
      String violationId,
      String violationCode,
      String groundType,
      String legalReference,
      String category,
      String contentType) {}

  /** The action issued, with its outbox row and hold. */
  public record Issued(ActionRecord action) {}

  /** What the transaction needs, read before it. */
  private record Inputs(
      ViolationEntity violation,
      CreatorFacts creator,
      EnforcementPolicies catalogue,
      AppealsPolicy appeals) {}

  private final Clock clock;
  private final CreatorServiceClient creators;
  private final EnforcementPolicySource policies;
  private final MarketRegistry markets;
  private final Repositories.Violations violations;
  private final Repositories.Actions actions;
  private final Repositories.Deliveries deliveries;
  private final CommissionHolds holds;
  private final EnforcementJournal journal;
  private final EnforcementMetrics metrics;
  private final StatementTexts statements;

  public ManualActions(
      Clock clock,
      CreatorServiceClient creators,
      EnforcementPolicySource policies,
      MarketRegistry markets,
      Repositories.Violations violations,
      Repositories.Actions actions,
      Repositories.Deliveries deliveries,
      CommissionHolds holds,
      EnforcementJournal journal,
      EnforcementMetrics metrics,
      StatementTexts statements) {
    this.clock = clock;
    this.statements = statements;
    this.metrics = metrics;
    this.creators = creators;
    this.policies = policies;
    this.markets = markets;
    this.violations = violations;
    this.actions = actions;
    this.deliveries = deliveries;
    this.holds = holds;
    this.journal = journal;
  }

  public <R> Uni<R> issue(CallerIdentity caller, Issue cmd, Reply<Issued, R> reply) {
    check(caller, cmd);
    // 1. remote reads, no transaction open: what the command needs
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: database only
    return Reply.onceAfter(
        "IssueManualAction",
        caller,
        cmd.requestId(),
        reply,
        () -> gather(cmd),
        in -> record(caller, cmd, in));
  }

  /** The request's own rules: the consequence's fields and the ground's. */
  private void check(CallerIdentity caller, Issue cmd) {
    Market market = markets.require(cmd.market(), "market");
    caller.requireMarket(market.code());
    Violations v = new Violations();
    for (ManualConsequences.Problem p :
        ManualConsequences.check(cmd.type(), cmd.duration(), cmd.additional())) {
      v.add(p.field(), p.description());
    }
    boolean cites = cmd.violationCode() != null || cmd.violationId() != null;
    String given = cites ? "must be unset when a violation or code is cited" : null;
    v.require(cites && cmd.groundType() != null, "ground_type", given);
    v.require(cites && cmd.legalReference() != null, "legal_reference", given);
    v.require(cites && cmd.category() != null, "category", given);
    v.require(!cites && cmd.groundType() == null, "ground_type", "required without a cited code");
    v.require(
        !cites && cmd.legalReference() == null,
        "legal_reference",
        "required without a cited code (1–500 characters)");
    v.require(!cites && cmd.category() == null, "category", "required without a cited code");
    v.throwIfAny();
  }

  /** The cited violation (a session read), then the creator and the policies concurrently. */
  private Uni<Inputs> gather(Issue cmd) {
    return cited(cmd).chain(violation -> remoteReads(cmd, violation));
  }

  private Uni<ViolationEntity> cited(Issue cmd) {
    if (cmd.violationId() == null) {
      return Uni.createFrom().nullItem();
    }
    return Panache.withSession(() -> violations.findById(cmd.violationId()))
        .invoke(v -> requireSameCreator(cmd, v));
  }

  private static void requireSameCreator(Issue cmd, ViolationEntity v) {
    if (v == null) {
      throw ApiException.notFound("violation", cmd.violationId());
    }
    if (!v.creatorId.equals(cmd.creatorId()) || !v.market.equals(cmd.market())) {
      throw ApiException.invalid(
          "violation_id", "violation " + v.violationId + " is not of this creator in this market");
    }
  }

  private Uni<Inputs> remoteReads(Issue cmd, ViolationEntity violation) {
    Instant now = clock.instant();
    String code = cmd.violationCode() != null ? cmd.violationCode() : codeOf(violation);
    Uni<EnforcementPolicies> catalogue =
        code == null ? Uni.createFrom().nullItem() : policies.forViolation(cmd.market(), code, now);
    Uni<Inputs> all =
        Uni.combine()
            .all()
            .unis(
                creators.getCreator(cmd.creatorId()),
                catalogue,
                policies.appeals(cmd.market(), now))
            .with((creator, cat, appeals) -> new Inputs(violation, creator, cat, appeals));
    return CallerContext.resumeOn(all).invoke(in -> requireHomeMarket(cmd, in.creator()));
  }

  private static String codeOf(ViolationEntity v) {
    return v == null ? null : v.violationCode;
  }

  private static void requireHomeMarket(Issue cmd, CreatorFacts creator) {
    if (!creator.market().equals(cmd.market())) {
      throw ApiException.invalid(
          "market",
          "creator "
              + cmd.creatorId()
              + " belongs to market "
              + creator.market()
              + ", not "
              + cmd.market());
    }
  }

  // ---- the transaction -------------------------------------------------------------------------

  private Uni<Issued> record(CallerIdentity caller, Issue cmd, Inputs in) {
    OffsetDateTime now = StoredTime.now(clock);
    EnforcementActionEntity a = build(caller, cmd, in, now);
    ActionDeliveryEntity delivery =
        "PENDING".equals(a.state) ? DecisionRecords.delivery(a.actionId, now) : null;
    CommissionHoldEntity hold = CommissionHolds.openFor(a, now);
    ActionRecord r = new ActionRecord(a, delivery, null, hold);
    return persist(r)
        .chain(() -> journal.actionDecided(caller, r, now))
        .chain(() -> holds.persistOpened(hold, caller, now))
        .invoke(() -> metrics.decided(a))
        .replaceWith(new Issued(r));
  }

  private EnforcementActionEntity build(
      CallerIdentity caller, Issue cmd, Inputs in, OffsetDateTime now) {
    Consequence c = ManualConsequences.of(cmd.type(), cmd.duration(), cmd.additional());
    EnforcementActionEntity a =
        ManualRecords.action(
            ResourceIds.sortable("act_"),
            cmd.creatorId(),
            cmd.market(),
            "MANUAL",
            cmd.violationId(),
            c,
            ground(cmd, in),
            facts(cmd, in.violation()),
            in.appeals().window(),
            markets.enabled().stream().map(Market::code).toList(),
            Rows.actorOf(caller),
            cmd.requestId(),
            now);
    statements.stamp(a);
    return a;
  }

  private static ManualRecords.Ground ground(Issue cmd, Inputs in) {
    String appeals = in.appeals().version().reference();
    if (in.catalogue() == null) {
      return new ManualRecords.Ground(
          null,
          cmd.groundType(),
          cmd.legalReference(),
          cmd.category(),
          in.appeals().version().key(),
          in.appeals().version().version(),
          List.of());
    }
    var entry = in.catalogue().entry();
    List<String> others = new ArrayList<>(List.of(appeals));
    return new ManualRecords.Ground(
        entry.code(),
        entry.groundType().name(),
        entry.legalReference(),
        entry.category(),
        in.catalogue().catalogue().key(),
        in.catalogue().catalogue().version(),
        others);
  }

  private static ManualRecords.Facts facts(Issue cmd, ViolationEntity v) {
    String content =
        cmd.contentType() != null
            ? cmd.contentType()
            : v != null ? v.contentType : "ACCOUNT_CONDUCT";
    return new ManualRecords.Facts(
        cmd.reason(),
        v != null ? v.detectionSource : "MODERATOR",
        v != null && "AUTOMATED_SIGNAL".equals(v.detectionSource),
        content,
        v != null ? v.contentTime : null);
  }

  Uni<Void> persist(ActionRecord r) {
    Uni<Void> action = actions.persistAndFlush(r.action()).replaceWithVoid();
    return r.apply() == null
        ? action
        : action.chain(() -> deliveries.persist(r.apply())).replaceWithVoid();
  }
}
