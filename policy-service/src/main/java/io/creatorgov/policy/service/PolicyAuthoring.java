package io.creatorgov.policy.service;

import static io.creatorgov.policy.service.CommandChecks.checkEtag;
import static io.creatorgov.policy.service.CommandChecks.maskPaths;
import static io.creatorgov.policy.service.CommandChecks.requireUnscoped;

import com.google.protobuf.Message;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.cache.PolicyReadCache;
import io.creatorgov.policy.domain.PolicyKeys;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyRepository;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.service.CommandSteps.Audit;
import io.creatorgov.policy.v1.Policy;
import io.creatorgov.policy.v1.PolicyKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * Creating a policy and editing its title and description. Both need an unscoped token, are
 * idempotent by request id and audited with their actor.
 */
@ApplicationScoped
public class PolicyAuthoring {
  private static final Set<String> EDITABLE_PATHS = Set.of("display_name", "description");

  private final PolicyRepository policies;
  private final PolicyVersionRepository versions;
  private final CommandSteps steps;
  private final PolicyReadCache cache;

  public PolicyAuthoring(
      PolicyRepository policies,
      PolicyVersionRepository versions,
      CommandSteps steps,
      PolicyReadCache cache) {
    this.policies = policies;
    this.versions = versions;
    this.steps = steps;
    this.cache = cache;
  }

  /** CreatePolicy: a new policy, without versions. */
  public record NewPolicy(
      String key, PolicyKind kind, String displayName, String description, String requestId) {}

  /** UpdatePolicy: the fields named by {@code updateMask} take the given values. */
  public record PolicyEdit(
      String policyKey,
      List<String> updateMask,
      String displayName,
      String description,
      String etag,
      String requestId) {}

  public <A extends Message> Uni<A> createPolicy(
      CallerIdentity caller, NewPolicy cmd, IdempotentCall<Policy, A> call) {
    requireUnscoped(caller);
    validate(cmd);
    return call.inTransaction(
        caller,
        () ->
            requireKeyFree(cmd)
                .chain(() -> requireKindFree(cmd))
                .map(ignored -> newPolicy(caller, cmd))
                .chain(created -> persist(caller, cmd, created)));
  }

  public <A extends Message> Uni<A> updatePolicy(
      CallerIdentity caller, PolicyEdit cmd, IdempotentCall<Policy, A> call) {
    requireUnscoped(caller);
    List<String> paths = validate(cmd);
    return call.inTransaction(
            caller,
            () ->
                steps
                    .lockPolicy(cmd.policyKey())
                    .invoke(policy -> edit(policy, cmd, paths))
                    .chain(policy -> save(caller, cmd, policy)))
        // after commit: a reader racing the transaction must not re-cache the old title
        .call(() -> cache.invalidate(cmd.policyKey()));
  }

  // ---- CreatePolicy steps

  private static void validate(NewPolicy cmd) {
    Violations v = new Violations();
    v.addAll(PolicyKeys.check(cmd.key(), "policy.key").stream().toList());
    v.require(cmd.kind() == PolicyKind.POLICY_KIND_UNSPECIFIED, "policy.kind", "required");
    v.require(cmd.kind() == PolicyKind.UNRECOGNIZED, "policy.kind", "unknown kind");
    v.text(cmd.displayName(), "policy.display_name", 1, 200);
    v.text(cmd.description(), "policy.description", 0, 10_000);
    v.throwIfAny();
  }

  private Uni<Void> requireKeyFree(NewPolicy cmd) {
    return policies
        .findById(cmd.key())
        .invoke(
            existing -> {
              if (existing != null) {
                throw ApiException.alreadyExists("policy", cmd.key());
              }
            })
        .replaceWithVoid();
  }

  /** One policy per kind, except violation catalogues (each defines its own codes). */
  private Uni<Void> requireKindFree(NewPolicy cmd) {
    if (cmd.kind() == PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE) {
      return Uni.createFrom().voidItem();
    }
    return policies
        .count("kind", cmd.kind().name())
        .invoke(
            sameKind -> {
              if (sameKind > 0) {
                throw ApiException.alreadyExists("policy of kind", cmd.kind().name());
              }
            })
        .replaceWithVoid();
  }

  private PolicyEntity newPolicy(CallerIdentity caller, NewPolicy cmd) {
    OffsetDateTime now = steps.now();
    PolicyEntity e = new PolicyEntity();
    e.policyKey = cmd.key();
    e.kind = cmd.kind().name();
    e.title = cmd.displayName();
    e.description = cmd.description();
    e.latestVersion = 0;
    e.createdBy = PolicyJournal.stamp(caller, now, "", cmd.requestId()).toByteArray();
    e.createTime = now;
    e.updateTime = now;
    return e;
  }

  private Uni<Policy> persist(CallerIdentity caller, NewPolicy cmd, PolicyEntity e) {
    Audit audit = new Audit("CREATE_POLICY", caller, "", cmd.requestId(), e.createTime);
    return policies
        .persistAndFlush(e)
        .call(() -> steps.audit(e.policyKey, 0, audit))
        .map(ignored -> PolicyMapper.toPolicy(e, 0));
  }

  // ---- UpdatePolicy steps

  private static List<String> validate(PolicyEdit cmd) {
    List<String> paths = maskPaths(cmd.updateMask(), EDITABLE_PATHS, "display_name", "description");
    Violations v = new Violations();
    v.require(cmd.policyKey().isEmpty(), "policy_key", "required");
    if (paths.contains("display_name")) {
      v.text(cmd.displayName(), "policy.display_name", 1, 200);
    }
    if (paths.contains("description")) {
      v.text(cmd.description(), "policy.description", 0, 10_000);
    }
    v.throwIfAny();
    return paths;
  }

  private void edit(PolicyEntity e, PolicyEdit cmd, List<String> paths) {
    checkEtag(cmd.etag(), e.rowVersion);
    if (paths.contains("display_name")) {
      e.title = cmd.displayName();
    }
    if (paths.contains("description")) {
      e.description = cmd.description();
    }
    e.updateTime = steps.now();
  }

  private Uni<Policy> save(CallerIdentity caller, PolicyEdit cmd, PolicyEntity e) {
    Audit audit = new Audit("UPDATE_POLICY", caller, "", cmd.requestId(), e.updateTime);
    return policies
        .flush()
        .call(() -> steps.audit(cmd.policyKey(), 0, audit))
        .chain(() -> versions.publishedTimeline(cmd.policyKey()))
        .map(
            rows ->
                PolicyMapper.toPolicy(
                    e, PublishedRows.versionInForce(rows, steps.now().toInstant())));
  }
}
