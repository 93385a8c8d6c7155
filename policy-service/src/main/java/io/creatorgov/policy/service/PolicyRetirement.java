package io.creatorgov.policy.service;

import static io.creatorgov.policy.service.CommandChecks.checkEtag;
import static io.creatorgov.policy.service.CommandChecks.requireUnscoped;
import static io.creatorgov.policy.service.CommandChecks.requireVersionRef;

import com.google.protobuf.Message;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.domain.AffectedMarkets;
import io.creatorgov.policy.domain.RetirementImpact;
import io.creatorgov.policy.domain.VersionLifecycle;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.service.CommandSteps.Audit;
import io.creatorgov.policy.v1.PolicyVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Retiring a version: a published one stops being in force (the one it superseded may take over
 * again), an unpublished one is withdrawn. Retiring the version in force with nothing to take its
 * place needs an explicit allowance. Needs an unscoped token, is idempotent by request id and
 * audited with its actor; a published version's retirement is announced on the change feed and,
 * after it commits, to every cache.
 */
@ApplicationScoped
public class PolicyRetirement {
  private final PolicyVersionRepository versions;
  private final CommandSteps steps;
  private final PolicyJournal journal;
  private final MarketRegistry markets;

  public PolicyRetirement(
      PolicyVersionRepository versions,
      CommandSteps steps,
      PolicyJournal journal,
      MarketRegistry markets) {
    this.versions = versions;
    this.steps = steps;
    this.journal = journal;
    this.markets = markets;
  }

  /** RetirePolicyVersion. */
  public record Retirement(
      String policyKey,
      int version,
      String etag,
      String reason,
      boolean allowNoEffectiveVersion,
      String requestId) {}

  /** The retired version and the version in force after the command (0 if none). */
  public record Retired(PolicyVersion policyVersion, int effectiveVersionAfter) {}

  /** A version that may be retired, with its policy's published timeline before the retirement. */
  private record RetireContext(LockedVersion target, List<PolicyVersionEntity> rows) {}

  /** What retiring decides: when, what it does to the timeline, and whether it is announced. */
  private record RetirePlan(
      RetireContext ctx, OffsetDateTime now, RetirementImpact impact, boolean wasPublished) {}

  public <A extends Message> Uni<A> retire(
      CallerIdentity caller, Retirement cmd, IdempotentCall<Retired, A> call) {
    requireUnscoped(caller);
    requireVersionRef(cmd.policyKey(), cmd.version());
    Violations v = new Violations();
    v.text(cmd.reason(), "reason", 1, 2000);
    v.throwIfAny();
    return call.inTransaction(
            caller,
            () ->
                steps
                    .lockVersion(cmd.policyKey(), cmd.version())
                    .invoke(target -> checkRetirable(cmd, target))
                    .chain(this::withPublishedRows)
                    .map(ctx -> plan(cmd, ctx))
                    .chain(plan -> retireVersion(caller, cmd, plan)))
        .call(() -> steps.afterCommit(cmd.policyKey()));
  }

  private static void checkRetirable(Retirement cmd, LockedVersion target) {
    VersionLifecycle.requireRetirable(target.version().state);
    checkEtag(cmd.etag(), target.version().rowVersion);
  }

  private Uni<RetireContext> withPublishedRows(LockedVersion target) {
    return versions
        .publishedTimeline(target.version().policyKey)
        .map(rows -> new RetireContext(target, rows));
  }

  private RetirePlan plan(Retirement cmd, RetireContext ctx) {
    PolicyVersionEntity e = ctx.target().version();
    OffsetDateTime now = steps.now();
    RetirementImpact impact =
        RetirementImpact.of(PublishedRows.timeline(ctx.rows()), e.version, now.toInstant());
    impact.requireVersionInForce(cmd.allowNoEffectiveVersion(), e.policyKey, e.version);
    return new RetirePlan(ctx, now, impact, e.state.equals(VersionLifecycle.PUBLISHED));
  }

  private Uni<Retired> retireVersion(CallerIdentity caller, Retirement cmd, RetirePlan plan) {
    LockedVersion target = plan.ctx().target();
    PolicyVersionEntity e = target.version();
    OffsetDateTime now = plan.now();
    e.state = VersionLifecycle.RETIRED;
    e.retirer = PolicyJournal.stamp(caller, now, cmd.reason(), cmd.requestId()).toByteArray();
    e.updateTime = now;
    target.policy().updateTime = now;
    if (plan.wasPublished()) {
      e.retiredAt = now;
    }
    Audit audit = new Audit("RETIRE", caller, cmd.reason(), cmd.requestId(), now);
    int effectiveAfter = plan.impact().effectiveVersionAfter(plan.wasPublished());
    return steps
        .saveVersion(target, audit)
        .call(() -> announce(caller, cmd, plan))
        .map(version -> new Retired(version, effectiveAfter));
  }

  /** VERSION_RETIRED, for a version that was published; a withdrawn draft is not announced. */
  private Uni<Void> announce(CallerIdentity caller, Retirement cmd, RetirePlan plan) {
    if (!plan.wasPublished()) {
      return Uni.createFrom().voidItem();
    }
    LockedVersion target = plan.ctx().target();
    RetirementImpact impact = plan.impact();
    List<String> affected =
        AffectedMarkets.of(
            markets,
            target.document(),
            PublishedRows.document(plan.ctx().rows(), impact.inForceAfter()));
    return journal.event(
        PolicyEvents.retired(
            caller, target, impact.wasEffective(), impact.effectiveAfter(), cmd.reason()),
        affected,
        plan.now());
  }
}
