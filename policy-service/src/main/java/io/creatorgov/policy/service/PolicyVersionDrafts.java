package io.creatorgov.policy.service;

import static io.creatorgov.policy.service.CommandChecks.checkEtag;
import static io.creatorgov.policy.service.CommandChecks.maskPaths;
import static io.creatorgov.policy.service.CommandChecks.requireScopeAllows;
import static io.creatorgov.policy.service.CommandChecks.throwIfInvalid;

import com.google.protobuf.Message;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.domain.ContentValidator;
import io.creatorgov.policy.domain.DraftDocuments;
import io.creatorgov.policy.domain.VersionLifecycle;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.service.CommandSteps.Audit;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * Drafting versions: a new draft (empty or copied from an earlier version) and edits of a draft. A
 * market-scoped author may only touch overlays of their markets; every draft must pass content
 * validation as a draft. Idempotent by request id and audited with the actor.
 */
@ApplicationScoped
public class PolicyVersionDrafts {
  private static final Set<String> EDITABLE_PATHS =
      Set.of("change_summary", "base_content", "overlays");

  private final PolicyVersionRepository versions;
  private final CommandSteps steps;
  private final ContentValidator validator;

  public PolicyVersionDrafts(
      PolicyVersionRepository versions, CommandSteps steps, MarketRegistry markets) {
    this.versions = versions;
    this.steps = steps;
    this.validator = new ContentValidator(markets);
  }

  /** CreatePolicyVersion: a new DRAFT, copied from {@code copyFromVersion} unless that is 0. */
  public record NewDraft(
      String policyKey, int copyFromVersion, PolicyVersion given, String requestId) {}

  /** UpdatePolicyVersion: the fields named by {@code updateMask} take the given values. */
  public record DraftEdit(
      String policyKey,
      int version,
      List<String> updateMask,
      PolicyVersion given,
      String etag,
      String requestId) {}

  /** The policy a new draft belongs to (locked) and the version it copies, if any. */
  private record DraftSource(PolicyEntity policy, PolicyVersionEntity copied) {}

  public <A extends Message> Uni<A> createVersion(
      CallerIdentity caller, NewDraft cmd, IdempotentCall<PolicyVersion, A> call) {
    validate(cmd);
    return call.inTransaction(
        caller,
        () ->
            steps
                .lockPolicy(cmd.policyKey())
                .chain(policy -> loadSource(policy, cmd))
                .map(source -> newDraft(caller, cmd, source))
                .chain(draft -> persist(caller, cmd, draft)));
  }

  public <A extends Message> Uni<A> updateVersion(
      CallerIdentity caller, DraftEdit cmd, IdempotentCall<PolicyVersion, A> call) {
    List<String> paths = validate(cmd);
    return call.inTransaction(
        caller,
        () ->
            steps
                .lockVersion(cmd.policyKey(), cmd.version())
                .invoke(target -> edit(caller, cmd, paths, target))
                .chain(target -> save(caller, cmd, paths, target)));
  }

  // ---- CreatePolicyVersion steps

  private static void validate(NewDraft cmd) {
    Violations v = new Violations();
    v.require(cmd.policyKey().isEmpty(), "policy_key", "required");
    v.require(
        cmd.copyFromVersion() < 0, "copy_from_version", "must be 0 (none) or a version number");
    v.text(cmd.given().getChangeSummary(), "policy_version.change_summary", 0, 2000);
    v.throwIfAny();
  }

  private Uni<DraftSource> loadSource(PolicyEntity policy, NewDraft cmd) {
    if (cmd.copyFromVersion() == 0) {
      return Uni.createFrom().item(new DraftSource(policy, null));
    }
    return versions
        .findVersion(cmd.policyKey(), cmd.copyFromVersion())
        .invoke(copied -> requireCopied(copied, cmd))
        .map(copied -> new DraftSource(policy, copied));
  }

  private static void requireCopied(PolicyVersionEntity copied, NewDraft cmd) {
    if (copied == null) {
      throw ApiException.notFound("policy version", cmd.policyKey() + "/" + cmd.copyFromVersion());
    }
  }

  /** Decides the new draft's document and row; the policy's latest version moves to it. */
  private LockedVersion newDraft(CallerIdentity caller, NewDraft cmd, DraftSource source) {
    PolicyVersion copied = source.copied() == null ? null : PolicyMapper.document(source.copied());
    PolicyVersion doc = DraftDocuments.initial(cmd.given(), copied);
    PolicyEntity policy = source.policy();
    requireScopeAllows(caller, copied, doc);
    throwIfInvalid(
        validator.validate(PolicyKind.valueOf(policy.kind), doc, "policy_version", false));
    OffsetDateTime now = steps.now();
    PolicyVersionEntity e = new PolicyVersionEntity();
    e.policyKey = policy.policyKey;
    e.version = policy.latestVersion + 1;
    e.state = VersionLifecycle.DRAFT;
    e.document = doc.toByteArray();
    e.sourceVersion = cmd.copyFromVersion();
    e.authorSubject = caller.subject();
    e.contributors = caller.subject();
    e.author = PolicyJournal.stamp(caller, now, "", cmd.requestId()).toByteArray();
    e.createTime = now;
    e.updateTime = now;
    policy.latestVersion = e.version;
    policy.updateTime = now;
    return new LockedVersion(policy, e);
  }

  private Uni<PolicyVersion> persist(CallerIdentity caller, NewDraft cmd, LockedVersion draft) {
    PolicyVersionEntity e = draft.version();
    Audit audit =
        new Audit(
            "CREATE_VERSION",
            caller,
            draft.document().getChangeSummary(),
            cmd.requestId(),
            e.createTime);
    return versions
        .persistAndFlush(e)
        .call(() -> steps.audit(e.policyKey, e.version, audit))
        .map(ignored -> CommandSteps.fullView(e, draft.policy().kind));
  }

  // ---- UpdatePolicyVersion steps

  private static List<String> validate(DraftEdit cmd) {
    List<String> paths =
        maskPaths(cmd.updateMask(), EDITABLE_PATHS, "change_summary", "base_content", "overlays");
    Violations v = new Violations();
    v.require(cmd.policyKey().isEmpty(), "policy_key", "required");
    v.require(cmd.version() <= 0, "version", "required: a version number");
    v.text(cmd.given().getChangeSummary(), "policy_version.change_summary", 0, 2000);
    v.throwIfAny();
    return paths;
  }

  /**
   * Applies the edit to a version that may still change; editing an APPROVED version sends it back
   * for approval, and the editor becomes a contributor.
   */
  private void edit(
      CallerIdentity caller, DraftEdit cmd, List<String> paths, LockedVersion target) {
    PolicyVersionEntity e = target.version();
    VersionLifecycle.requireEditable(e.state, e.version);
    checkEtag(cmd.etag(), e.rowVersion);
    PolicyVersion before = target.document();
    PolicyVersion doc = DraftDocuments.edited(before, cmd.given(), paths);
    requireScopeAllows(caller, before, doc);
    throwIfInvalid(validator.validate(target.kind(), doc, "policy_version", false));
    OffsetDateTime now = steps.now();
    e.document = doc.toByteArray();
    e.state = VersionLifecycle.DRAFT;
    e.approver = null;
    e.contributors = VersionLifecycle.withContributor(e.contributors, caller.subject());
    e.lastEditor = PolicyJournal.stamp(caller, now, "", cmd.requestId()).toByteArray();
    e.updateTime = now;
  }

  private Uni<PolicyVersion> save(
      CallerIdentity caller, DraftEdit cmd, List<String> paths, LockedVersion target) {
    Audit audit =
        new Audit(
            "UPDATE_VERSION",
            caller,
            String.join(",", paths),
            cmd.requestId(),
            target.version().updateTime);
    return steps.saveVersion(target, audit);
  }
}
