package io.creatorgov.policy.service;

import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.policy.cache.PolicyReadCache;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyRepository;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.PolicyVersionView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The steps the policy commands share: lock what a command changes, save and audit a changed
 * version, and — after a publish or retire commits — tell the caches and the change-feed streams.
 */
@ApplicationScoped
public class CommandSteps {
  private final PolicyRepository policies;
  private final PolicyVersionRepository versions;
  private final PolicyJournal journal;
  private final PolicyReadCache cache;
  private final FeedSignals feed;
  private final Clock clock;

  public CommandSteps(
      PolicyRepository policies,
      PolicyVersionRepository versions,
      PolicyJournal journal,
      PolicyReadCache cache,
      FeedSignals feed,
      Clock clock) {
    this.policies = policies;
    this.versions = versions;
    this.journal = journal;
    this.cache = cache;
    this.feed = feed;
    this.clock = clock;
  }

  /** What the audit trail records of a command. */
  record Audit(
      String action, CallerIdentity caller, String comment, String requestId, OffsetDateTime at) {}

  /** The policy row, locked for update; NOT_FOUND when there is none. */
  Uni<PolicyEntity> lockPolicy(String policyKey) {
    return policies
        .findById(policyKey, LockModeType.PESSIMISTIC_WRITE)
        .invoke(policy -> requireFound(policy, "policy", policyKey));
  }

  /**
   * The version and its policy, both locked for update; NOT_FOUND when either is missing. The
   * policy row first: every state change of any version of one policy is serialized, so concurrent
   * publishes/retires of different versions see each other's effect.
   */
  Uni<LockedVersion> lockVersion(String policyKey, int version) {
    return lockPolicy(policyKey).chain(policy -> lockVersionOf(policy, version));
  }

  private Uni<LockedVersion> lockVersionOf(PolicyEntity policy, int version) {
    String id = policy.policyKey + "/" + version;
    return versions
        .lockVersion(policy.policyKey, version)
        .invoke(row -> requireFound(row, "policy version", id))
        .map(row -> new LockedVersion(policy, row));
  }

  /** Records the command in the audit trail. */
  Uni<Void> audit(String policyKey, int version, Audit audit) {
    return journal.audit(
        policyKey,
        version,
        audit.action(),
        audit.caller(),
        audit.comment(),
        audit.requestId(),
        audit.at());
  }

  /** Flushes a changed version, audits the change and returns the full view of it. */
  Uni<PolicyVersion> saveVersion(LockedVersion changed, Audit audit) {
    PolicyVersionEntity e = changed.version();
    return versions
        .flush()
        .call(() -> audit(e.policyKey, e.version, audit))
        .map(ignored -> fullView(e, changed.policy().kind));
  }

  static PolicyVersion fullView(PolicyVersionEntity e, String kind) {
    return PolicyMapper.toVersion(e, kind, PolicyVersionView.POLICY_VERSION_VIEW_FULL);
  }

  /** After a publish or retire commits: drop caches everywhere and wake change-feed streams. */
  Uni<Void> afterCommit(String policyKey) {
    return cache.invalidate(policyKey).invoke(feed::changed);
  }

  /**
   * Now by the policy clock, in microseconds as PostgreSQL stores it, so what we return equals what
   * we re-read.
   */
  OffsetDateTime now() {
    return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
  }

  private static void requireFound(Object row, String resourceType, String id) {
    if (row == null) {
      throw ApiException.notFound(resourceType, id);
    }
  }
}
