package io.creatorgov.policy.service;

import static io.creatorgov.policy.service.CommandChecks.checkEtag;
import static io.creatorgov.policy.service.CommandChecks.requireUnscoped;
import static io.creatorgov.policy.service.CommandChecks.requireVersionRef;
import static io.creatorgov.policy.service.CommandChecks.throwIfInvalid;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.domain.AffectedMarkets;
import io.creatorgov.policy.domain.ContentValidator;
import io.creatorgov.policy.domain.EffectiveVersions;
import io.creatorgov.policy.domain.PublicationTimes;
import io.creatorgov.policy.domain.VersionLifecycle;
import io.creatorgov.policy.domain.VersionTimeline;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.service.CommandSteps.Audit;
import io.creatorgov.policy.v1.PolicyVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Approval (by someone who did not write the version) and publication (now or scheduled) of a
 * version, both after the rules that span policies. Both need an unscoped token, are idempotent by
 * request id and audited with their actor; a publication is announced on the change feed and, after
 * it commits, to every cache.
 */
@ApplicationScoped
public class PolicyPublication {
  private final PolicyVersionRepository versions;
  private final CommandSteps steps;
  private final CrossPolicyChecks crossPolicy;
  private final PolicyJournal journal;
  private final MarketRegistry markets;
  private final PolicySettings settings;
  private final ContentValidator validator;

  public PolicyPublication(
      PolicyVersionRepository versions,
      CommandSteps steps,
      CrossPolicyChecks crossPolicy,
      PolicyJournal journal,
      MarketRegistry markets,
      PolicySettings settings) {
    this.versions = versions;
    this.steps = steps;
    this.crossPolicy = crossPolicy;
    this.journal = journal;
    this.markets = markets;
    this.settings = settings;
    this.validator = new ContentValidator(markets);
  }

  /** ApprovePolicyVersion. */
  public record Approval(
      String policyKey, int version, String etag, String comment, String requestId) {}

  /** PublishPolicyVersion: effective at {@code effectiveTime}, or now when it is empty. */
  public record Publication(
      String policyKey,
      int version,
      String etag,
      Optional<Timestamp> effectiveTime,
      String requestId) {}

  /** An approved version that may be published, and when it takes effect. */
  private record Publishable(LockedVersion target, Instant effectiveFrom) {}

  /** A publishable version with its policy's published timeline before the publication. */
  private record PublishContext(Publishable publishable, List<PolicyVersionEntity> rows) {}

  /** What publishing decides: the time, whether it is scheduled, what it supersedes, where. */
  private record PublishPlan(
      LockedVersion target,
      Instant effectiveFrom,
      OffsetDateTime now,
      boolean scheduled,
      int supersededVersion,
      List<String> affectedMarkets) {}

  public <A extends Message> Uni<A> approve(
      CallerIdentity caller, Approval cmd, IdempotentCall<PolicyVersion, A> call) {
    requireUnscoped(caller);
    requireVersionRef(cmd.policyKey(), cmd.version());
    return call.inTransaction(
        caller,
        () ->
            steps
                .lockVersion(cmd.policyKey(), cmd.version())
                .call(crossPolicy::check)
                .invoke(target -> approveVersion(caller, cmd, target))
                .chain(target -> steps.saveVersion(target, approvalAudit(caller, cmd, target))));
  }

  public <A extends Message> Uni<A> publish(
      CallerIdentity caller, Publication cmd, IdempotentCall<PolicyVersion, A> call) {
    requireUnscoped(caller);
    requireVersionRef(cmd.policyKey(), cmd.version());
    if (cmd.effectiveTime().filter(t -> !Timestamps.isValid(t)).isPresent()) {
      throw ApiException.invalid("effective_time", "not a valid timestamp");
    }
    return call.inTransaction(
            caller,
            () ->
                steps
                    .lockVersion(cmd.policyKey(), cmd.version())
                    .call(crossPolicy::check)
                    .map(target -> checkPublishable(cmd, target))
                    .chain(this::withPublishedRows)
                    .map(this::plan)
                    .chain(plan -> publishVersion(caller, cmd, plan)))
        .call(() -> steps.afterCommit(cmd.policyKey()));
  }

  // ---- ApprovePolicyVersion steps

  /**
   * Approves a draft that passes validation as published content and that the caller did not write.
   */
  private void approveVersion(CallerIdentity caller, Approval cmd, LockedVersion target) {
    PolicyVersionEntity e = target.version();
    VersionLifecycle.requireApprovable(e.state);
    checkEtag(cmd.etag(), e.rowVersion);
    VersionLifecycle.requireNotContributor(e.contributors, caller.subject());
    throwIfInvalid(validator.validate(target.kind(), target.document(), "policy_version", true));
    OffsetDateTime now = steps.now();
    e.state = VersionLifecycle.APPROVED;
    e.approver = PolicyJournal.stamp(caller, now, cmd.comment(), cmd.requestId()).toByteArray();
    e.updateTime = now;
  }

  private static Audit approvalAudit(CallerIdentity caller, Approval cmd, LockedVersion target) {
    return new Audit(
        "APPROVE", caller, cmd.comment(), cmd.requestId(), target.version().updateTime);
  }

  // ---- PublishPolicyVersion steps

  private Publishable checkPublishable(Publication cmd, LockedVersion target) {
    PolicyVersionEntity e = target.version();
    VersionLifecycle.requirePublishable(e.state, e.version);
    checkEtag(cmd.etag(), e.rowVersion);
    // Checked here, not before the idempotency lookup, so a replay of a committed publish returns
    // its answer however late it comes.
    Instant effectiveFrom =
        PublicationTimes.effectiveFrom(
            cmd.effectiveTime().map(ProtoTime::toInstant).orElse(null),
            steps.now().toInstant(),
            settings.publishPastTolerance(),
            settings.publishMaxAhead());
    throwIfInvalid(validator.validate(target.kind(), target.document(), "policy_version", true));
    return new Publishable(target, effectiveFrom);
  }

  private Uni<PublishContext> withPublishedRows(Publishable publishable) {
    return versions
        .publishedTimeline(publishable.target().policy().policyKey)
        .map(rows -> new PublishContext(publishable, rows));
  }

  /**
   * A version whose time has come supersedes the one in force now at once; a later one is
   * scheduled. The change is felt where either version applies.
   */
  private PublishPlan plan(PublishContext ctx) {
    LockedVersion target = ctx.publishable().target();
    Instant effectiveFrom = ctx.publishable().effectiveFrom();
    OffsetDateTime now = steps.now();
    Optional<VersionTimeline> before =
        EffectiveVersions.inForceAt(PublishedRows.timeline(ctx.rows()), now.toInstant());
    List<String> affected =
        AffectedMarkets.of(markets, target.document(), PublishedRows.document(ctx.rows(), before));
    return new PublishPlan(
        target,
        effectiveFrom,
        now,
        effectiveFrom.isAfter(now.toInstant()),
        before.map(VersionTimeline::version).orElse(0),
        affected);
  }

  private Uni<PolicyVersion> publishVersion(
      CallerIdentity caller, Publication cmd, PublishPlan plan) {
    LockedVersion target = plan.target();
    PolicyVersionEntity e = target.version();
    OffsetDateTime now = plan.now();
    e.state = VersionLifecycle.PUBLISHED;
    e.effectiveFrom = plan.effectiveFrom().atOffset(ZoneOffset.UTC);
    e.publisher = PolicyJournal.stamp(caller, now, "", cmd.requestId()).toByteArray();
    e.updateTime = now;
    target.policy().updateTime = now; // its etag and effective_version change
    Audit audit =
        new Audit(
            "PUBLISH", caller, "effective_from=" + plan.effectiveFrom(), cmd.requestId(), now);
    return steps.saveVersion(target, audit).call(() -> announce(caller, plan));
  }

  /** VERSION_PUBLISHED, and VERSION_BECAME_EFFECTIVE at once unless the version is scheduled. */
  private Uni<Void> announce(CallerIdentity caller, PublishPlan plan) {
    LockedVersion target = plan.target();
    Uni<Void> published =
        journal.event(
            PolicyEvents.published(caller, target, plan.effectiveFrom(), plan.scheduled()),
            plan.affectedMarkets(),
            plan.now());
    if (plan.scheduled()) {
      return published;
    }
    return published.call(
        () ->
            journal.event(
                PolicyEvents.becameEffective(
                    caller, target, plan.effectiveFrom(), plan.supersededVersion()),
                plan.affectedMarkets(),
                plan.now()));
  }
}
