package io.creatorgov.policy.service;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.EventEnvelope;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.PreconditionViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.IdempotentCommands;
import io.creatorgov.kit.market.Market;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.cache.PolicyReadCache;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.domain.ContentValidator;
import io.creatorgov.policy.domain.EffectiveVersions;
import io.creatorgov.policy.domain.PolicyKeys;
import io.creatorgov.policy.domain.VersionTimeline;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyRepository;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.v1.*;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The policy lifecycle: create and edit policies and drafts, approve (by someone who did not write
 * it), publish (now or scheduled), retire. Every command is idempotent by request id, audited with
 * its actor, and announces published/retired versions on the change feed and to every cache.
 */
@ApplicationScoped
public class PolicyCommands {
  private static final Set<String> EDITABLE_VERSION_PATHS =
      Set.of("change_summary", "base_content", "overlays");
  private static final Set<String> EDITABLE_POLICY_PATHS = Set.of("display_name", "description");

  private final PolicyRepository policies;
  private final PolicyVersionRepository versions;
  private final PolicyJournal journal;
  private final ContentValidator validator;
  private final MarketRegistry markets;
  private final PolicyReadCache cache;
  private final PolicySettings settings;
  private final FeedSignals feed;

  public PolicyCommands(
      PolicyRepository policies,
      PolicyVersionRepository versions,
      PolicyJournal journal,
      MarketRegistry markets,
      PolicyReadCache cache,
      PolicySettings settings,
      FeedSignals feed) {
    this.policies = policies;
    this.versions = versions;
    this.journal = journal;
    this.markets = markets;
    this.validator = new ContentValidator(markets);
    this.cache = cache;
    this.settings = settings;
    this.feed = feed;
  }

  // ---- policies
  // ----------------------------------------------------------------------------------

  public Uni<CreatePolicyResponse> createPolicy(CallerIdentity caller, CreatePolicyRequest req) {
    requireUnscoped(caller);
    Policy p = req.getPolicy();
    Violations v = new Violations();
    PolicyKeys.check(p.getKey(), "policy.key").ifPresent(f -> v.add(f.field(), f.description()));
    v.require(p.getKind() == PolicyKind.POLICY_KIND_UNSPECIFIED, "policy.kind", "required");
    v.require(p.getKind() == PolicyKind.UNRECOGNIZED, "policy.kind", "unknown kind");
    checkText(v, p.getDisplayName(), "policy.display_name", 1, 200);
    checkText(v, p.getDescription(), "policy.description", 0, 10_000);
    v.throwIfAny();
    return idempotent(
        "CreatePolicy",
        caller,
        req.getRequestId(),
        req,
        CreatePolicyResponse.parser(),
        () ->
            policies
                .findById(p.getKey())
                .flatMap(
                    existing -> {
                      if (existing != null) {
                        throw ApiException.alreadyExists("policy", p.getKey());
                      }
                      return p.getKind() == PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE
                          ? Uni.createFrom().item(0L)
                          : policies.count("kind", p.getKind().name());
                    })
                .flatMap(
                    sameKind -> {
                      if (sameKind > 0) {
                        throw ApiException.alreadyExists("policy of kind", p.getKind().name());
                      }
                      OffsetDateTime now = now();
                      PolicyEntity e = new PolicyEntity();
                      e.policyKey = p.getKey();
                      e.kind = p.getKind().name();
                      e.title = p.getDisplayName();
                      e.description = p.getDescription();
                      e.latestVersion = 0;
                      e.createdBy =
                          PolicyJournal.stamp(caller, now, "", req.getRequestId()).toByteArray();
                      e.createTime = now;
                      e.updateTime = now;
                      return policies
                          .persistAndFlush(e)
                          .call(
                              () ->
                                  journal.audit(
                                      e.policyKey,
                                      0,
                                      "CREATE_POLICY",
                                      caller,
                                      "",
                                      req.getRequestId(),
                                      now))
                          .map(
                              ignored ->
                                  CreatePolicyResponse.newBuilder()
                                      .setPolicy(PolicyMapper.toPolicy(e, 0))
                                      .build());
                    }));
  }

  public Uni<UpdatePolicyResponse> updatePolicy(CallerIdentity caller, UpdatePolicyRequest req) {
    requireUnscoped(caller);
    List<String> paths =
        maskPaths(
            req.getUpdateMask().getPathsList(),
            EDITABLE_POLICY_PATHS,
            "display_name",
            "description");
    Violations v = new Violations();
    v.require(req.getPolicyKey().isEmpty(), "policy_key", "required");
    if (paths.contains("display_name")) {
      checkText(v, req.getPolicy().getDisplayName(), "policy.display_name", 1, 200);
    }
    if (paths.contains("description")) {
      checkText(v, req.getPolicy().getDescription(), "policy.description", 0, 10_000);
    }
    v.throwIfAny();
    String key = req.getPolicyKey();
    return idempotent(
            "UpdatePolicy",
            caller,
            req.getRequestId(),
            req,
            UpdatePolicyResponse.parser(),
            () ->
                policies
                    .findById(key, LockModeType.PESSIMISTIC_WRITE)
                    .flatMap(
                        e -> {
                          if (e == null) {
                            throw ApiException.notFound("policy", key);
                          }
                          checkEtag(req.getEtag(), e.rowVersion);
                          OffsetDateTime now = now();
                          if (paths.contains("display_name")) {
                            e.title = req.getPolicy().getDisplayName();
                          }
                          if (paths.contains("description")) {
                            e.description = req.getPolicy().getDescription();
                          }
                          e.updateTime = now;
                          return policies
                              .flush()
                              .call(
                                  () ->
                                      journal.audit(
                                          key,
                                          0,
                                          "UPDATE_POLICY",
                                          caller,
                                          "",
                                          req.getRequestId(),
                                          now))
                              .chain(() -> versions.publishedTimeline(key))
                              .map(
                                  timeline ->
                                      UpdatePolicyResponse.newBuilder()
                                          .setPolicy(PolicyMapper.toPolicy(e, inForceNow(timeline)))
                                          .build());
                        }))
        // after commit: a reader racing the transaction must not re-cache the old title
        .call(() -> cache.invalidate(key));
  }

  // ---- versions
  // ----------------------------------------------------------------------------------

  public Uni<CreatePolicyVersionResponse> createVersion(
      CallerIdentity caller, CreatePolicyVersionRequest req) {
    Violations v = new Violations();
    v.require(req.getPolicyKey().isEmpty(), "policy_key", "required");
    v.require(
        req.getCopyFromVersion() < 0, "copy_from_version", "must be 0 (none) or a version number");
    checkText(
        v, req.getPolicyVersion().getChangeSummary(), "policy_version.change_summary", 0, 2000);
    v.throwIfAny();
    return idempotent(
        "CreatePolicyVersion",
        caller,
        req.getRequestId(),
        req,
        CreatePolicyVersionResponse.parser(),
        () ->
            policies
                .findById(req.getPolicyKey(), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(
                    policy -> {
                      if (policy == null) {
                        throw ApiException.notFound("policy", req.getPolicyKey());
                      }
                      if (req.getCopyFromVersion() == 0) {
                        return Uni.createFrom().item(new Object[] {policy, null});
                      }
                      return versions
                          .findVersion(req.getPolicyKey(), req.getCopyFromVersion())
                          .map(source -> new Object[] {policy, source});
                    })
                .flatMap(
                    pair -> {
                      PolicyEntity policy = (PolicyEntity) pair[0];
                      PolicyVersionEntity source = (PolicyVersionEntity) pair[1];
                      if (req.getCopyFromVersion() > 0 && source == null) {
                        throw ApiException.notFound(
                            "policy version", req.getPolicyKey() + "/" + req.getCopyFromVersion());
                      }
                      PolicyVersion.Builder doc = initialDocument(req.getPolicyVersion(), source);
                      PolicyKind kind = PolicyKind.valueOf(policy.kind);
                      requireScopeAllows(
                          caller,
                          source == null ? null : PolicyMapper.document(source),
                          doc.build());
                      throwIfInvalid(
                          validator.validate(kind, doc.build(), "policy_version", false));
                      OffsetDateTime now = now();
                      PolicyVersionEntity e = new PolicyVersionEntity();
                      e.policyKey = policy.policyKey;
                      e.version = policy.latestVersion + 1;
                      e.state = "DRAFT";
                      e.document = doc.build().toByteArray();
                      e.sourceVersion = req.getCopyFromVersion();
                      e.authorSubject = caller.subject();
                      e.contributors = caller.subject();
                      e.author =
                          PolicyJournal.stamp(caller, now, "", req.getRequestId()).toByteArray();
                      e.createTime = now;
                      e.updateTime = now;
                      policy.latestVersion = e.version;
                      policy.updateTime = now;
                      return versions
                          .persistAndFlush(e)
                          .call(
                              () ->
                                  journal.audit(
                                      e.policyKey,
                                      e.version,
                                      "CREATE_VERSION",
                                      caller,
                                      doc.getChangeSummary(),
                                      req.getRequestId(),
                                      now))
                          .map(
                              ignored ->
                                  CreatePolicyVersionResponse.newBuilder()
                                      .setPolicyVersion(
                                          PolicyMapper.toVersion(
                                              e,
                                              policy.kind,
                                              PolicyVersionView.POLICY_VERSION_VIEW_FULL))
                                      .build());
                    }));
  }

  public Uni<UpdatePolicyVersionResponse> updateVersion(
      CallerIdentity caller, UpdatePolicyVersionRequest req) {
    List<String> paths =
        maskPaths(
            req.getUpdateMask().getPathsList(),
            EDITABLE_VERSION_PATHS,
            "change_summary",
            "base_content",
            "overlays");
    Violations v = new Violations();
    v.require(req.getPolicyKey().isEmpty(), "policy_key", "required");
    v.require(req.getVersion() <= 0, "version", "required: a version number");
    checkText(
        v, req.getPolicyVersion().getChangeSummary(), "policy_version.change_summary", 0, 2000);
    v.throwIfAny();
    return idempotent(
        "UpdatePolicyVersion",
        caller,
        req.getRequestId(),
        req,
        UpdatePolicyVersionResponse.parser(),
        () ->
            lockedVersion(req.getPolicyKey(), req.getVersion())
                .flatMap(
                    pv -> {
                      PolicyVersionEntity e = pv.version();
                      if (e.state.equals("PUBLISHED") || e.state.equals("RETIRED")) {
                        throw ApiException.precondition(
                            ErrorReason.ERROR_REASON_POLICY_VERSION_IMMUTABLE,
                            "version " + e.version + " is " + e.state + " and cannot change",
                            List.of(
                                new PreconditionViolation(
                                    "STATE", e.state, "create a new version")));
                      }
                      checkEtag(req.getEtag(), e.rowVersion);
                      PolicyVersion before = PolicyMapper.document(e);
                      PolicyVersion.Builder doc = before.toBuilder();
                      if (paths.contains("change_summary")) {
                        doc.setChangeSummary(req.getPolicyVersion().getChangeSummary());
                      }
                      if (paths.contains("base_content")) {
                        doc.clearBaseContent();
                        if (req.getPolicyVersion().hasBaseContent()) {
                          doc.setBaseContent(req.getPolicyVersion().getBaseContent());
                        }
                      }
                      if (paths.contains("overlays")) {
                        doc.clearOverlays()
                            .addAllOverlays(req.getPolicyVersion().getOverlaysList());
                      }
                      requireScopeAllows(caller, before, doc.build());
                      throwIfInvalid(
                          validator.validate(
                              PolicyKind.valueOf(pv.policy().kind),
                              doc.build(),
                              "policy_version",
                              false));
                      OffsetDateTime now = now();
                      e.document = doc.build().toByteArray();
                      e.state = "DRAFT"; // editing an APPROVED version sends it back for approval
                      e.approver = null;
                      Set<String> contributors =
                          // stored one subject per line, in order of first contribution; a
                          // subject may contain a comma, never a line break
                          new LinkedHashSet<>(List.of(e.contributors.split("\n")));
                      contributors.add(caller.subject());
                      e.contributors = String.join("\n", contributors);
                      e.lastEditor =
                          PolicyJournal.stamp(caller, now, "", req.getRequestId()).toByteArray();
                      e.updateTime = now;
                      return saved(
                              e,
                              pv.policy().kind,
                              "UPDATE_VERSION",
                              caller,
                              String.join(",", paths),
                              req.getRequestId(),
                              now)
                          .map(
                              version ->
                                  UpdatePolicyVersionResponse.newBuilder()
                                      .setPolicyVersion(version)
                                      .build());
                    }));
  }

  /** Flushes a changed version, audits the change and returns the full view of it. */
  private Uni<PolicyVersion> saved(
      PolicyVersionEntity e,
      String kind,
      String action,
      CallerIdentity caller,
      String comment,
      String requestId,
      OffsetDateTime now) {
    return versions
        .flush()
        .call(() -> journal.audit(e.policyKey, e.version, action, caller, comment, requestId, now))
        .map(
            ignored -> PolicyMapper.toVersion(e, kind, PolicyVersionView.POLICY_VERSION_VIEW_FULL));
  }

  public Uni<ApprovePolicyVersionResponse> approve(
      CallerIdentity caller, ApprovePolicyVersionRequest req) {
    requireUnscoped(caller);
    requireVersionRef(req.getPolicyKey(), req.getVersion());
    return idempotent(
        "ApprovePolicyVersion",
        caller,
        req.getRequestId(),
        req,
        ApprovePolicyVersionResponse.parser(),
        () ->
            lockedVersion(req.getPolicyKey(), req.getVersion())
                .call(this::checkAcrossPolicies)
                .flatMap(
                    pv -> {
                      PolicyVersionEntity e = pv.version();
                      if (!e.state.equals("DRAFT")) {
                        throw ApiException.illegalTransition(e.state, "APPROVED");
                      }
                      checkEtag(req.getEtag(), e.rowVersion);
                      if (List.of(e.contributors.split("\n")).contains(caller.subject())) {
                        throw ApiException.of(
                            ErrorReason.ERROR_REASON_SELF_APPROVAL_FORBIDDEN,
                            "a version cannot be approved by someone who wrote or edited it",
                            Map.of("approver", caller.subject()));
                      }
                      throwIfInvalid(
                          validator.validate(
                              PolicyKind.valueOf(pv.policy().kind),
                              PolicyMapper.document(e),
                              "policy_version",
                              true));
                      OffsetDateTime now = now();
                      e.state = "APPROVED";
                      e.approver =
                          PolicyJournal.stamp(caller, now, req.getComment(), req.getRequestId())
                              .toByteArray();
                      e.updateTime = now;
                      return saved(
                              e,
                              pv.policy().kind,
                              "APPROVE",
                              caller,
                              req.getComment(),
                              req.getRequestId(),
                              now)
                          .map(
                              version ->
                                  ApprovePolicyVersionResponse.newBuilder()
                                      .setPolicyVersion(version)
                                      .build());
                    }));
  }

  public Uni<PublishPolicyVersionResponse> publish(
      CallerIdentity caller, PublishPolicyVersionRequest req) {
    requireUnscoped(caller);
    requireVersionRef(req.getPolicyKey(), req.getVersion());
    if (req.hasEffectiveTime()
        && !com.google.protobuf.util.Timestamps.isValid(req.getEffectiveTime())) {
      throw ApiException.invalid("effective_time", "not a valid timestamp");
    }
    return idempotent(
            "PublishPolicyVersion",
            caller,
            req.getRequestId(),
            req,
            PublishPolicyVersionResponse.parser(),
            () ->
                lockedVersion(req.getPolicyKey(), req.getVersion())
                    .call(this::checkAcrossPolicies)
                    .flatMap(
                        pv -> {
                          PolicyVersionEntity e = pv.version();
                          if (e.state.equals("DRAFT")) {
                            throw ApiException.precondition(
                                ErrorReason.ERROR_REASON_POLICY_VERSION_NOT_APPROVED,
                                "version " + e.version + " must be approved before it is published",
                                List.of(
                                    new PreconditionViolation(
                                        "APPROVAL",
                                        "policy_version",
                                        "ask a policy-approver to approve it")));
                          }
                          if (!e.state.equals("APPROVED")) {
                            throw ApiException.illegalTransition(e.state, "PUBLISHED");
                          }
                          checkEtag(req.getEtag(), e.rowVersion);
                          // Checked here, not before the idempotency lookup, so a replay of a
                          // committed publish returns its answer however late it comes.
                          Instant effectiveFrom = effectiveFrom(req);
                          PolicyVersion document = PolicyMapper.document(e);
                          PolicyKind kind = PolicyKind.valueOf(pv.policy().kind);
                          throwIfInvalid(
                              validator.validate(kind, document, "policy_version", true));
                          return versions
                              .publishedTimeline(e.policyKey)
                              .flatMap(
                                  timelineRows -> {
                                    OffsetDateTime now = now();
                                    Optional<VersionTimeline> before =
                                        EffectiveVersions.inForceAt(
                                            toTimeline(timelineRows), now.toInstant());
                                    e.state = "PUBLISHED";
                                    e.effectiveFrom = effectiveFrom.atOffset(ZoneOffset.UTC);
                                    e.publisher =
                                        PolicyJournal.stamp(caller, now, "", req.getRequestId())
                                            .toByteArray();
                                    e.updateTime = now;
                                    pv.policy().updateTime =
                                        now; // its etag and effective_version change
                                    boolean scheduled = effectiveFrom.isAfter(now.toInstant());
                                    List<String> affected =
                                        affectedMarkets(document, documentOf(timelineRows, before));
                                    PolicyChangeEvent.Builder published =
                                        PolicyChangeEvent.newBuilder()
                                            .setEnvelope(
                                                EventEnvelope.newBuilder()
                                                    .setActor(caller.toActor()))
                                            .setPolicyKey(e.policyKey)
                                            .setKind(kind)
                                            .setVersion(e.version)
                                            .setEventType(
                                                PolicyChangeEventType
                                                    .POLICY_CHANGE_EVENT_TYPE_VERSION_PUBLISHED)
                                            .setVersionPublished(
                                                VersionPublished.newBuilder()
                                                    .setEffectiveTime(ProtoTime.of(effectiveFrom))
                                                    .setScheduled(scheduled));
                                    Uni<Void> events =
                                        journal.event(published.build(), affected, now);
                                    if (!scheduled) {
                                      PolicyChangeEvent effective =
                                          PolicyChangeEvent.newBuilder()
                                              .setEnvelope(
                                                  EventEnvelope.newBuilder()
                                                      .setActor(caller.toActor()))
                                              .setPolicyKey(e.policyKey)
                                              .setKind(kind)
                                              .setVersion(e.version)
                                              .setEventType(
                                                  PolicyChangeEventType
                                                      .POLICY_CHANGE_EVENT_TYPE_VERSION_BECAME_EFFECTIVE)
                                              .setVersionBecameEffective(
                                                  VersionBecameEffective.newBuilder()
                                                      .setEffectiveTime(ProtoTime.of(effectiveFrom))
                                                      .setSupersededVersion(
                                                          before
                                                              .map(VersionTimeline::version)
                                                              .orElse(0)))
                                              .build();
                                      events =
                                          events.call(
                                              () -> journal.event(effective, affected, now));
                                    }
                                    Uni<Void> publishEvents = events;
                                    return saved(
                                            e,
                                            pv.policy().kind,
                                            "PUBLISH",
                                            caller,
                                            "effective_from=" + effectiveFrom,
                                            req.getRequestId(),
                                            now)
                                        .call(() -> publishEvents)
                                        .map(
                                            version ->
                                                PublishPolicyVersionResponse.newBuilder()
                                                    .setPolicyVersion(version)
                                                    .build());
                                  });
                        }))
        .call(() -> afterCommit(req.getPolicyKey()));
  }

  public Uni<RetirePolicyVersionResponse> retire(
      CallerIdentity caller, RetirePolicyVersionRequest req) {
    requireUnscoped(caller);
    requireVersionRef(req.getPolicyKey(), req.getVersion());
    Violations v = new Violations();
    checkText(v, req.getReason(), "reason", 1, 2000);
    v.throwIfAny();
    return idempotent(
            "RetirePolicyVersion",
            caller,
            req.getRequestId(),
            req,
            RetirePolicyVersionResponse.parser(),
            () ->
                lockedVersion(req.getPolicyKey(), req.getVersion())
                    .flatMap(
                        pv -> {
                          PolicyVersionEntity e = pv.version();
                          if (e.state.equals("RETIRED")) {
                            throw ApiException.illegalTransition(e.state, "RETIRED");
                          }
                          checkEtag(req.getEtag(), e.rowVersion);
                          return versions
                              .publishedTimeline(e.policyKey)
                              .flatMap(
                                  rows -> {
                                    OffsetDateTime now = now();
                                    List<VersionTimeline> timeline = toTimeline(rows);
                                    Optional<VersionTimeline> inForce =
                                        EffectiveVersions.inForceAt(timeline, now.toInstant());
                                    boolean wasPublished = e.state.equals("PUBLISHED");
                                    boolean wasEffective =
                                        inForce.map(t -> t.version() == e.version).orElse(false);
                                    List<VersionTimeline> after = new ArrayList<>();
                                    for (VersionTimeline t : timeline) {
                                      after.add(
                                          t.version() == e.version
                                              ? new VersionTimeline(
                                                  t.version(), t.effectiveFrom(), now.toInstant())
                                              : t);
                                    }
                                    int effectiveAfter =
                                        EffectiveVersions.inForceAt(after, now.toInstant())
                                            .map(VersionTimeline::version)
                                            .orElse(0);
                                    if (wasEffective
                                        && effectiveAfter == 0
                                        && !req.getAllowNoEffectiveVersion()) {
                                      throw ApiException.precondition(
                                          ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
                                          "retiring version "
                                              + e.version
                                              + " would leave no version in force; set allow_no_effective_version",
                                          List.of(
                                              new PreconditionViolation(
                                                  "EFFECTIVE_VERSION",
                                                  e.policyKey,
                                                  "no other published version would be in force")));
                                    }
                                    e.state = "RETIRED";
                                    e.retirer =
                                        PolicyJournal.stamp(
                                                caller, now, req.getReason(), req.getRequestId())
                                            .toByteArray();
                                    e.updateTime = now;
                                    pv.policy().updateTime = now;
                                    Uni<Void> events = Uni.createFrom().voidItem();
                                    if (wasPublished) {
                                      e.retiredAt = now;
                                      PolicyChangeEvent retired =
                                          PolicyChangeEvent.newBuilder()
                                              .setEnvelope(
                                                  EventEnvelope.newBuilder()
                                                      .setActor(caller.toActor()))
                                              .setPolicyKey(e.policyKey)
                                              .setKind(PolicyKind.valueOf(pv.policy().kind))
                                              .setVersion(e.version)
                                              .setEventType(
                                                  PolicyChangeEventType
                                                      .POLICY_CHANGE_EVENT_TYPE_VERSION_RETIRED)
                                              .setVersionRetired(
                                                  VersionRetired.newBuilder()
                                                      .setWasEffective(wasEffective)
                                                      .setEffectiveVersionAfter(effectiveAfter)
                                                      .setReason(req.getReason()))
                                              .build();
                                      events =
                                          journal.event(
                                              retired,
                                              affectedMarkets(
                                                  PolicyMapper.document(e),
                                                  documentOf(
                                                      rows,
                                                      EffectiveVersions.inForceAt(
                                                          after, now.toInstant()))),
                                              now);
                                    }
                                    Uni<Void> journalEvents = events;
                                    return saved(
                                            e,
                                            pv.policy().kind,
                                            "RETIRE",
                                            caller,
                                            req.getReason(),
                                            req.getRequestId(),
                                            now)
                                        .call(() -> journalEvents)
                                        .map(
                                            version ->
                                                RetirePolicyVersionResponse.newBuilder()
                                                    .setPolicyVersion(version)
                                                    .setEffectiveVersionAfter(
                                                        wasPublished
                                                            ? effectiveAfter
                                                            : inForce
                                                                .map(VersionTimeline::version)
                                                                .orElse(0))
                                                    .build());
                                  });
                        }))
        .call(() -> afterCommit(req.getPolicyKey()));
  }

  /**
   * Rules that span policies, checked at approval and publication: every policy a creator must
   * acknowledge exists, and no violation code is defined by two catalogues in force.
   */
  private Uni<Void> checkAcrossPolicies(LockedVersion pv) {
    PolicyVersion document = PolicyMapper.document(pv.version());
    PolicyKind kind = PolicyKind.valueOf(pv.policy().kind);
    List<FieldViolation> found = new ArrayList<>();
    Uni<List<FieldViolation>> chain = Uni.createFrom().item(found);
    if (kind == PolicyKind.POLICY_KIND_ONBOARDING_REQUIREMENTS) {
      Map<String, String> keys = new java.util.LinkedHashMap<>();
      collectAckKeys(document.getBaseContent(), "policy_version.base_content", keys);
      for (int o = 0; o < document.getOverlaysCount(); o++) {
        collectAckKeys(
            document.getOverlays(o).getContent(),
            "policy_version.overlays[" + o + "].content",
            keys);
      }
      for (Map.Entry<String, String> k : keys.entrySet()) {
        chain =
            chain.call(
                list ->
                    policies
                        .findById(k.getKey())
                        .invoke(
                            p -> {
                              if (p == null) {
                                list.add(
                                    new FieldViolation(
                                        k.getValue(),
                                        "no policy with key " + k.getKey() + " exists"));
                              }
                            }));
      }
    } else if (kind == PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE) {
      Map<String, String> codes = new java.util.LinkedHashMap<>();
      collectCodes(document.getBaseContent(), "policy_version.base_content", codes);
      for (int o = 0; o < document.getOverlaysCount(); o++) {
        collectCodes(
            document.getOverlays(o).getContent(),
            "policy_version.overlays[" + o + "].content",
            codes);
      }
      chain =
          chain.call(
              list ->
                  policies
                      .list(
                          "kind = ?1 and policyKey <> ?2",
                          PolicyKind.POLICY_KIND_VIOLATION_CATALOGUE.name(),
                          pv.policy().policyKey)
                      .call(
                          others -> {
                            Uni<Void> each = Uni.createFrom().voidItem();
                            for (PolicyEntity other : others) {
                              each =
                                  each.call(
                                      () ->
                                          versions
                                              .publishedTimeline(other.policyKey)
                                              .invoke(
                                                  rows ->
                                                      clashes(other.policyKey, rows, codes, list)));
                            }
                            return each;
                          }));
    }
    return chain.invoke(PolicyCommands::throwIfInvalid).replaceWithVoid();
  }

  private static void collectAckKeys(PolicyContent content, String path, Map<String, String> into) {
    List<String> keys = content.getOnboardingRequirements().getAcknowledgementPolicyKeysList();
    for (int i = 0; i < keys.size(); i++) {
      into.putIfAbsent(
          keys.get(i), path + ".onboarding_requirements.acknowledgement_policy_keys[" + i + "]");
    }
  }

  private static void collectCodes(PolicyContent content, String path, Map<String, String> into) {
    List<ViolationCatalogueEntry> entries = content.getViolationCatalogue().getEntriesList();
    for (int i = 0; i < entries.size(); i++) {
      into.putIfAbsent(
          entries.get(i).getCode(), path + ".violation_catalogue.entries[" + i + "].code");
    }
  }

  /** Codes of {@code ours} that the catalogue {@code otherKey} in force now also defines. */
  private static void clashes(
      String otherKey,
      List<PolicyVersionEntity> rows,
      Map<String, String> ours,
      List<FieldViolation> into) {
    Optional<VersionTimeline> inForce =
        EffectiveVersions.inForceAt(toTimeline(rows), Instant.now());
    if (inForce.isEmpty()) {
      return;
    }
    PolicyVersionEntity row =
        rows.stream().filter(r -> r.version == inForce.get().version()).findFirst().orElseThrow();
    PolicyVersion doc = PolicyMapper.document(row);
    Set<String> theirs = new java.util.HashSet<>();
    doc.getBaseContent()
        .getViolationCatalogue()
        .getEntriesList()
        .forEach(x -> theirs.add(x.getCode()));
    doc.getOverlaysList()
        .forEach(
            ov ->
                ov.getContent()
                    .getViolationCatalogue()
                    .getEntriesList()
                    .forEach(x -> theirs.add(x.getCode())));
    ours.forEach(
        (code, path) -> {
          if (theirs.contains(code)) {
            into.add(
                new FieldViolation(
                    path, "code " + code + " is already defined by policy " + otherKey));
          }
        });
  }

  /**
   * When the version takes effect: the requested time, or the commit time when it is unset or lies
   * (within the tolerance) in the past — so what was in force at a past instant never changes.
   */
  private Instant effectiveFrom(PublishPolicyVersionRequest req) {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    if (!req.hasEffectiveTime()) {
      return now;
    }
    Instant requested =
        ProtoTime.toInstant(req.getEffectiveTime())
            .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Violations v = new Violations();
    v.require(
        requested.isBefore(now.minus(settings.publishPastTolerance())),
        "effective_time",
        "must not lie in the past (more than "
            + settings.publishPastTolerance().toSeconds()
            + "s); past answers never change");
    v.require(
        requested.isAfter(now.plus(settings.publishMaxAhead())),
        "effective_time",
        "must be at most " + settings.publishMaxAhead().toDays() + " days ahead");
    v.throwIfAny();
    return requested.isBefore(now) ? now : requested;
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private record LockedVersion(PolicyEntity policy, PolicyVersionEntity version) {}

  private Uni<LockedVersion> lockedVersion(String policyKey, int version) {
    // The policy row first: every state change of any version of one policy is serialized, so
    // concurrent publishes/retires of different versions see each other's effect.
    return policies
        .findById(policyKey, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            policy -> {
              if (policy == null) {
                throw ApiException.notFound("policy", policyKey);
              }
              return versions
                  .lockVersion(policyKey, version)
                  .map(
                      row -> {
                        if (row == null) {
                          throw ApiException.notFound("policy version", policyKey + "/" + version);
                        }
                        return new LockedVersion(policy, row);
                      });
            });
  }

  /** After a publish or retire commits: drop caches everywhere and wake change-feed streams. */
  private Uni<Void> afterCommit(String policyKey) {
    return cache.invalidate(policyKey).invoke(feed::changed);
  }

  private <T extends Message> Uni<T> idempotent(
      String rpc,
      CallerIdentity caller,
      String requestId,
      Message request,
      Parser<T> parser,
      Supplier<Uni<T>> command) {
    return IdempotentCommands.inTransaction(
        rpc, caller.subject(), requestId, request, parser, command);
  }

  /**
   * Markets where a change is felt: where the policy applied before it or applies after it (an
   * overlay may exclude a market, so both sides count). Never empty.
   */
  private List<String> affectedMarkets(PolicyVersion... documents) {
    return affectedMarkets(markets, documents);
  }

  static List<String> affectedMarkets(MarketRegistry registry, PolicyVersion... documents) {
    Set<String> affected = new java.util.TreeSet<>();
    for (PolicyVersion document : documents) {
      if (document == null) {
        continue;
      }
      Set<String> excluded = new LinkedHashSet<>();
      document.getOverlaysList().stream()
          .filter(MarketOverlay::getExcluded)
          .forEach(o -> excluded.add(o.getMarket()));
      registry.enabled().stream()
          .map(Market::code)
          .filter(c -> !excluded.contains(c))
          .forEach(affected::add);
    }
    if (affected.isEmpty()) {
      registry.enabled().forEach(m -> affected.add(m.code()));
    }
    return List.copyOf(affected);
  }

  private static PolicyVersion documentOf(
      List<PolicyVersionEntity> rows, Optional<VersionTimeline> version) {
    return version
        .flatMap(v -> rows.stream().filter(r -> r.version == v.version()).findFirst())
        .map(PolicyMapper::document)
        .orElse(null);
  }

  /**
   * A new draft's document: the copied version's change summary, base content and overlays, each
   * replaced by the request's value when that one is set (non-empty), as the contract says.
   */
  private static PolicyVersion.Builder initialDocument(
      PolicyVersion given, PolicyVersionEntity source) {
    PolicyVersion.Builder doc =
        source == null
            ? PolicyVersion.newBuilder()
            : PolicyVersion.newBuilder()
                .setChangeSummary(PolicyMapper.document(source).getChangeSummary())
                .setBaseContent(PolicyMapper.document(source).getBaseContent())
                .addAllOverlays(PolicyMapper.document(source).getOverlaysList());
    if (!given.getChangeSummary().isEmpty()) {
      doc.setChangeSummary(given.getChangeSummary());
    }
    if (given.hasBaseContent()) {
      doc.setBaseContent(given.getBaseContent());
    }
    if (given.getOverlaysCount() > 0) {
      doc.clearOverlays().addAllOverlays(given.getOverlaysList());
    }
    return doc;
  }

  /** The version in force now (0 if none), from the database: no cache call in a transaction. */
  private static int inForceNow(List<PolicyVersionEntity> timeline) {
    return EffectiveVersions.inForceAt(toTimeline(timeline), Instant.now())
        .map(VersionTimeline::version)
        .orElse(0);
  }

  private static List<VersionTimeline> toTimeline(List<PolicyVersionEntity> rows) {
    return rows.stream()
        .map(
            r ->
                new VersionTimeline(
                    r.version,
                    r.effectiveFrom.toInstant(),
                    r.retiredAt == null ? null : r.retiredAt.toInstant()))
        .toList();
  }

  private static void requireUnscoped(CallerIdentity caller) {
    if (!caller.marketScope().isEmpty()) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE,
          "this command changes every market and needs an unscoped token",
          Map.of("allowed_markets", String.join(",", caller.marketScope())));
    }
  }

  /**
   * A market-scoped author may only change overlays of markets in their scope; the base content and
   * other markets' overlays must stay as they were ({@code before}, or empty for a new version).
   */
  private static void requireScopeAllows(
      CallerIdentity caller, PolicyVersion before, PolicyVersion after) {
    if (caller.marketScope().isEmpty()) {
      return;
    }
    PolicyVersion prior = before == null ? PolicyVersion.getDefaultInstance() : before;
    if (!prior.getBaseContent().equals(after.getBaseContent())) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE,
          "a market-scoped author may only change overlays of their markets, not the base content",
          Map.of("allowed_markets", String.join(",", caller.marketScope())));
    }
    Set<String> touched = new LinkedHashSet<>();
    Map<String, MarketOverlay> priorByMarket = new java.util.HashMap<>();
    prior.getOverlaysList().forEach(o -> priorByMarket.put(o.getMarket(), o));
    Map<String, MarketOverlay> afterByMarket = new java.util.HashMap<>();
    after.getOverlaysList().forEach(o -> afterByMarket.put(o.getMarket(), o));
    Set<String> all = new LinkedHashSet<>(priorByMarket.keySet());
    all.addAll(afterByMarket.keySet());
    for (String market : all) {
      if (!java.util.Objects.equals(priorByMarket.get(market), afterByMarket.get(market))) {
        touched.add(market);
      }
    }
    for (String market : touched) {
      caller.requireMarket(market);
    }
  }

  private static void requireVersionRef(String policyKey, int version) {
    Violations v = new Violations();
    v.require(policyKey.isEmpty(), "policy_key", "required");
    v.require(version <= 0, "version", "required: a version number");
    v.throwIfAny();
  }

  private static void checkEtag(String given, long rowVersion) {
    if (!given.isEmpty() && !given.equals(PolicyMapper.etag(rowVersion))) {
      throw ApiException.etagMismatch(PolicyMapper.etag(rowVersion));
    }
  }

  private static void throwIfInvalid(List<FieldViolation> violations) {
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
  }

  private static void checkText(Violations v, String value, String field, int min, int max) {
    int length = value.codePointCount(0, value.length());
    if (length < min) {
      v.add(field, min == 1 ? "required" : "must have at least " + min + " characters");
    } else if (length > max) {
      v.add(field, "must have at most " + max + " characters");
    }
  }

  /**
   * The update mask's paths (all editable ones when empty); unknown paths are INVALID_UPDATE_MASK.
   */
  private static List<String> maskPaths(
      List<String> requested, Set<String> allowed, String... all) {
    List<FieldViolation> bad = new ArrayList<>();
    if (requested.isEmpty()) {
      bad.add(
          new FieldViolation(
              "update_mask",
              "required: name the fields to update (" + String.join(", ", all) + ")"));
    }
    for (String path : requested) {
      if (!allowed.contains(path)) {
        bad.add(
            new FieldViolation(
                "update_mask",
                "'" + path + "' cannot be updated; allowed: " + String.join(", ", all)));
      }
    }
    if (!bad.isEmpty()) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_INVALID_UPDATE_MASK,
          "update_mask names fields that cannot be updated",
          Map.of(),
          bad,
          List.of(),
          null);
    }
    return List.copyOf(requested);
  }

  private static OffsetDateTime now() {
    // Microsecond precision, as PostgreSQL stores it, so what we return equals what we re-read.
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
