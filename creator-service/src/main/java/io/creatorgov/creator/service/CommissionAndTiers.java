package io.creatorgov.creator.service;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.client.PolicyGateway;
import io.creatorgov.creator.domain.CommissionRules;
import io.creatorgov.creator.domain.TierCalculator;
import io.creatorgov.creator.repository.CommissionChangeEntity;
import io.creatorgov.creator.repository.CommissionRateEntity;
import io.creatorgov.creator.repository.CommissionRepositories;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.PerformanceSnapshotEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.repository.TierAssessmentEntity;
import io.creatorgov.creator.v1.*;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.IdempotentCommands;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.client.PolicyNearCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Commission control (rates per category bounded by the market's caps from policy-service, frozen
 * while COMMISSION_FROZEN, every change audited) and tiers (performance snapshots assessed against
 * the market's tier thresholds, history kept).
 */
@ApplicationScoped
public class CommissionAndTiers {
  static final String CAPS_POLICY = "commission.caps";
  static final String TIERS_POLICY = "creator.tiers";

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final CommissionRepositories.Rates rates;
  private final CommissionRepositories.Changes changes;
  private final CommissionRepositories.Snapshots snapshots;
  private final CommissionRepositories.Assessments assessments;
  private final CreatorJournal journal;
  private final PolicyGateway policies;
  private final PageTokens pageTokens;

  public CommissionAndTiers(
      CreatorRepository creators,
      RestrictionRepository restrictions,
      CommissionRepositories.Rates rates,
      CommissionRepositories.Changes changes,
      CommissionRepositories.Snapshots snapshots,
      CommissionRepositories.Assessments assessments,
      CreatorJournal journal,
      PolicyGateway policies,
      PageTokens pageTokens) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.rates = rates;
    this.changes = changes;
    this.snapshots = snapshots;
    this.assessments = assessments;
    this.journal = journal;
    this.policies = policies;
    this.pageTokens = pageTokens;
  }

  // ---- commission ------------------------------------------------------------------------------

  public Uni<SetCommissionRateResponse> setRate(
      CallerIdentity caller, SetCommissionRateRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    Violations v = new Violations();
    v.require(
        req.getRateBps() < 0 || req.getRateBps() > CommissionRules.MAX_RATE_BPS,
        "rate_bps",
        "must be between 0 and 10000 bps");
    v.require(
        !CommissionRules.isValidCategory(req.getCategory()),
        "category",
        "must be a category slug like 'beauty'");
    CreatorCommands.checkText(v, req.getReason(), "reason", 1, 2000);
    v.throwIfAny();
    // 1. remote reads, no transaction open: the market's caps (from the near cache when fresh)
    return capsFor(req.getCreatorId())
        // 2. the transaction: the creator's row lock is held only while touching the database
        .chain(caps -> setRateLocked(caller, req, caps));
  }

  /**
   * The commission caps of the creator's home market, resolved before any transaction opens (a
   * creator's market never changes). Null when the creator does not exist: the transaction then
   * answers NOT_FOUND with the caller's access rules.
   */
  private Uni<PolicyNearCache.Answer> capsFor(String creatorId) {
    return creators
        .marketOf(creatorId)
        .chain(
            m -> m.isEmpty() ? Uni.createFrom().nullItem() : policies.answer(CAPS_POLICY, m.get()));
  }

  private Uni<SetCommissionRateResponse> setRateLocked(
      CallerIdentity caller, SetCommissionRateRequest req, PolicyNearCache.Answer caps) {
    return idempotent(
        "SetCommissionRate",
        caller,
        req.getRequestId(),
        req,
        SetCommissionRateResponse.parser(),
        () ->
            creators
                .lockedFor(caller, req.getCreatorId())
                .invoke(c -> requireTermsChangeable(c, req))
                .chain(
                    c ->
                        restrictions
                            .active(c.creatorId)
                            .invoke(CommissionAndTiers::requireNotFrozen)
                            .chain(active -> applyRate(caller, req, c, caps, active))));
  }

  /** Decide: a banned or offboarded creator has no terms; a stale etag is refused. */
  private static void requireTermsChangeable(CreatorEntity c, SetCommissionRateRequest req) {
    CreatorStatus status = CreatorStatus.valueOf(c.status);
    if (status == CreatorStatus.CREATOR_STATUS_BANNED
        || status == CreatorStatus.CREATOR_STATUS_OFFBOARDED) {
      throw ApiException.precondition(
          ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
          "a " + CreatorCommands.shortName(c.status) + " creator has no commission terms",
          List.of(
              new PreconditionViolation(
                  "STATE", CreatorCommands.shortName(c.status), "commission cannot change")));
    }
    if (!req.getEtag().isEmpty() && !req.getEtag().equals(termsEtag(c))) {
      throw ApiException.etagMismatch(termsEtag(c));
    }
  }

  /** Decide: no rate change while a COMMISSION_FROZEN restriction is in force. */
  private static void requireNotFrozen(List<RestrictionEntity> active) {
    List<RestrictionEntity> freezes = frozenBy(active);
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

  private Uni<SetCommissionRateResponse> applyRate(
      CallerIdentity caller,
      SetCommissionRateRequest req,
      CreatorEntity c,
      PolicyNearCache.Answer capsAnswer,
      List<RestrictionEntity> active) {
    io.creatorgov.policy.v1.ResolvedPolicy caps = capsAnswer.policy();
    PolicyRef capPolicy = Onboarding.reference(caps, c.market);
    int cap =
        CommissionRules.check(
            req.getRateBps(), req.getCategory(), caps.getContent().getCommissionCaps(), capPolicy);
    OffsetDateTime now = CreatorCommands.now();
    AuditStamp stamp = CreatorJournal.stamp(caller, now, req.getReason(), req.getRequestId());
    return rates
        .find(c.creatorId, req.getCategory())
        .flatMap(
            existing -> {
              if (existing != null && existing.rateBps == req.getRateBps()) {
                return terms(c, active)
                    .map(t -> SetCommissionRateResponse.newBuilder().setTerms(t).build());
              }
              Integer old = existing == null ? null : existing.rateBps;
              CommissionRateEntity rate = existing == null ? new CommissionRateEntity() : existing;
              rate.creatorId = c.creatorId;
              rate.category = req.getCategory();
              rate.rateBps = req.getRateBps();
              rate.capBps = cap;
              rate.capPolicyKey = capPolicy.getPolicyKey();
              rate.capPolicyVersion = capPolicy.getPolicyVersion();
              rate.lastChange = stamp.toByteArray();
              rate.updateTime = now;
              CommissionChangeEntity change = new CommissionChangeEntity();
              change.changeId = sortableId("cc_");
              change.creatorId = c.creatorId;
              change.market = c.market;
              change.category = req.getCategory();
              change.oldRateBps = old;
              change.newRateBps = req.getRateBps();
              change.capBps = cap;
              change.capPolicyKey = capPolicy.getPolicyKey();
              change.capPolicyVersion = capPolicy.getPolicyVersion();
              // the cap came from an expired cache entry because policy-service was down
              change.capFromCache = capsAnswer.stale();
              change.changed = stamp.toByteArray();
              change.occurredAt = now;
              c.commissionVersion++;
              c.updateTime = now;
              CommissionChange proto = toChange(change);
              return (existing == null ? rates.persist(rate) : Uni.createFrom().item(rate))
                  .flatMap(ignored -> changes.persist(change))
                  .call(() -> rates.flush())
                  .call(
                      () ->
                          journal.event(
                              CreatorEvent.newBuilder()
                                  .setCommissionChanged(
                                      CommissionChanged.newBuilder().setChange(proto)),
                              CreatorEventType.CREATOR_EVENT_TYPE_COMMISSION_CHANGED,
                              c.creatorId,
                              c.market,
                              caller,
                              now))
                  .flatMap(ignored -> terms(c, active))
                  .map(
                      t ->
                          SetCommissionRateResponse.newBuilder()
                              .setTerms(t)
                              .setChange(proto)
                              .build());
            });
  }

  public Uni<GetCommissionTermsResponse> getTerms(
      CallerIdentity caller, GetCommissionTermsRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, req.getCreatorId(), TERMS_READERS)
                .flatMap(c -> restrictions.active(c.creatorId).flatMap(active -> terms(c, active)))
                .map(t -> GetCommissionTermsResponse.newBuilder().setTerms(t).build()));
  }

  public Uni<ListCommissionChangesResponse> listChanges(
      CallerIdentity caller, ListCommissionChangesRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    int size = PageSize.resolve(req.getPageSize());
    String query = "commission|" + req.getCreatorId() + "|" + req.getCategory();
    String after = pageTokens.decode(req.getPageToken(), query);
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, req.getCreatorId(), CreatorQueries.READERS)
                .flatMap(
                    c ->
                        changes.page(
                            c.creatorId,
                            req.getCategory().isEmpty() ? null : req.getCategory(),
                            after == null ? "" : after,
                            size + 1))
                .map(
                    rows -> {
                      boolean more = rows.size() > size;
                      var page = more ? rows.subList(0, size) : rows;
                      return ListCommissionChangesResponse.newBuilder()
                          .addAllChanges(page.stream().map(CommissionAndTiers::toChange).toList())
                          .setNextPageToken(
                              more
                                  ? pageTokens.encode(query, page.get(page.size() - 1).changeId)
                                  : "")
                          .build();
                    }));
  }

  private Uni<CommissionTerms> terms(CreatorEntity c, List<RestrictionEntity> active) {
    List<RestrictionEntity> freezes = frozenBy(active);
    return rates
        .ofCreator(c.creatorId)
        .map(
            list -> {
              CommissionTerms.Builder t =
                  CommissionTerms.newBuilder()
                      .setCreatorId(c.creatorId)
                      .setMarket(c.market)
                      .setFrozen(!freezes.isEmpty())
                      .setEtag(termsEtag(c))
                      .setUpdateTime(ProtoTime.of(c.updateTime));
              freezes.forEach(f -> t.addFreezes(CreatorMapper.toRestriction(f)));
              for (CommissionRateEntity r : list) {
                t.addRates(
                    CommissionRate.newBuilder()
                        .setCategory(r.category)
                        .setRateBps(r.rateBps)
                        .setCapBps(r.capBps)
                        .setCapPolicy(
                            PolicyRef.newBuilder()
                                .setPolicyKey(r.capPolicyKey)
                                .setPolicyVersion(r.capPolicyVersion)
                                .setMarket(c.market))
                        .setLastChange(CreatorMapper.stamp(r.lastChange)));
              }
              return t.build();
            });
  }

  // ---- tiers -----------------------------------------------------------------------------------

  public Uni<RecordPerformanceSnapshotResponse> recordSnapshot(
      CallerIdentity caller, RecordPerformanceSnapshotRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    PerformanceSnapshot s = req.getSnapshot();
    Violations v = new Violations();
    v.require(
        !s.hasPeriod() || !s.getPeriod().hasStartTime() || !s.getPeriod().hasEndTime(),
        "snapshot.period",
        "required: start_time and end_time");
    v.require(
        s.hasPeriod()
            && s.getPeriod().hasStartTime()
            && s.getPeriod().hasEndTime()
            && !ProtoTime.toInstant(s.getPeriod().getEndTime())
                .isAfter(ProtoTime.toInstant(s.getPeriod().getStartTime())),
        "snapshot.period.end_time",
        "must be after start_time");
    v.require(
        !s.hasGmv() || s.getGmv().getAmountMinor() < 0,
        "snapshot.gmv",
        "required, 0 or more (minor units)");
    v.require(
        !s.hasLiveDuration() || s.getLiveDuration().getSeconds() < 0,
        "snapshot.live_duration",
        "required, 0 or more");
    v.require(s.getOrders() < 0, "snapshot.orders", "0 or more");
    v.require(
        s.getQualityScore() < 0 || s.getQualityScore() > 1000, "snapshot.quality_score", "0-1000");
    v.throwIfAny();
    // 1. remote reads, no transaction open: the market's tier thresholds
    return creators
        .marketOf(req.getCreatorId())
        .chain(
            m ->
                m.isEmpty() ? Uni.createFrom().nullItem() : policies.resolve(TIERS_POLICY, m.get()))
        // 2. the transaction: database only
        .chain(thresholds -> recordSnapshotLocked(caller, req, thresholds));
  }

  private Uni<RecordPerformanceSnapshotResponse> recordSnapshotLocked(
      CallerIdentity caller,
      RecordPerformanceSnapshotRequest req,
      io.creatorgov.policy.v1.ResolvedPolicy thresholds) {
    return idempotent(
        "RecordPerformanceSnapshot",
        caller,
        req.getRequestId(),
        req,
        RecordPerformanceSnapshotResponse.parser(),
        () ->
            creators
                .lockedFor(caller, req.getCreatorId())
                .flatMap(
                    c -> {
                      if (c.status.equals(CreatorStatus.CREATOR_STATUS_OFFBOARDED.name())) {
                        throw ApiException.illegalTransition("OFFBOARDED", "PERFORMANCE_RECORDED");
                      }
                      return snapshots
                          .latest(c.creatorId)
                          .flatMap(
                              latest ->
                                  assess(
                                      caller,
                                      req,
                                      c,
                                      thresholds,
                                      latest == null
                                          ? java.util.Optional.empty()
                                          : java.util.Optional.of(latest.periodEnd.toInstant())));
                    }));
  }

  private Uni<RecordPerformanceSnapshotResponse> assess(
      CallerIdentity caller,
      RecordPerformanceSnapshotRequest req,
      CreatorEntity c,
      io.creatorgov.policy.v1.ResolvedPolicy thresholds,
      java.util.Optional<Instant> latestPeriodEnd) {
    OffsetDateTime now = CreatorCommands.now();
    AuditStamp stamp = CreatorJournal.stamp(caller, now, "", req.getRequestId());
    PerformanceSnapshot snapshot =
        req.getSnapshot().toBuilder()
            .setSnapshotId(sortableId("ps_"))
            .setCreatorId(c.creatorId)
            .setRecorded(stamp)
            .build();
    PolicyRef policy = Onboarding.reference(thresholds, c.market);
    CreatorTier previous = CreatorTier.valueOf(c.tier);
    if (!TierCalculator.isAssessed(
        ProtoTime.toInstant(snapshot.getPeriod().getEndTime()), latestPeriodEnd)) {
      // an older period (a backfill): stored, but the tier follows the newest period
      PerformanceSnapshotEntity older = new PerformanceSnapshotEntity();
      older.snapshotId = snapshot.getSnapshotId();
      older.creatorId = c.creatorId;
      older.payload = snapshot.toByteArray();
      older.periodEnd = ProtoTime.toOffsetDateTime(snapshot.getPeriod().getEndTime());
      older.createdAt = now;
      return snapshots
          .persist(older)
          .map(
              ignored ->
                  RecordPerformanceSnapshotResponse.newBuilder().setSnapshot(snapshot).build());
    }
    TierCalculator.Assessment a =
        TierCalculator.assess(
            snapshot, thresholds.getContent().getTierThresholds(), policy, previous);
    PerformanceSnapshotEntity row = new PerformanceSnapshotEntity();
    row.snapshotId = snapshot.getSnapshotId();
    row.creatorId = c.creatorId;
    row.payload = snapshot.toByteArray();
    row.periodEnd = ProtoTime.toOffsetDateTime(snapshot.getPeriod().getEndTime());
    row.createdAt = now;
    TierAssessment assessment =
        TierAssessment.newBuilder()
            .setAssessmentId(sortableId("ta_"))
            .setCreatorId(c.creatorId)
            .setTier(a.tier())
            .setPreviousTier(previous)
            .setTierChanged(a.tierChanged())
            .setSnapshotId(snapshot.getSnapshotId())
            .setThresholdsPolicy(policy)
            .setAssessTime(ProtoTime.of(now))
            .build();
    TierAssessmentEntity arow = new TierAssessmentEntity();
    arow.assessmentId = assessment.getAssessmentId();
    arow.creatorId = c.creatorId;
    arow.payload = assessment.toByteArray();
    arow.tierChanged = a.tierChanged();
    arow.assessTime = now;
    if (a.tierChanged()) {
      c.tier = a.tier().name();
      c.updateTime = now;
      c.lastChange = stamp.toByteArray();
    }
    return snapshots
        .persist(row)
        .flatMap(ignored -> assessments.persist(arow))
        .call(() -> creators.flush())
        .call(
            () ->
                a.tierChanged()
                    ? journal.event(
                        CreatorEvent.newBuilder()
                            .setTierChanged(TierChanged.newBuilder().setAssessment(assessment)),
                        CreatorEventType.CREATOR_EVENT_TYPE_TIER_CHANGED,
                        c.creatorId,
                        c.market,
                        caller,
                        now)
                    : Uni.createFrom().voidItem())
        .map(
            ignored ->
                RecordPerformanceSnapshotResponse.newBuilder()
                    .setSnapshot(snapshot)
                    .setAssessment(assessment)
                    .build());
  }

  public Uni<GetTierResponse> getTier(CallerIdentity caller, GetTierRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    int size = PageSize.resolve(req.getPageSize());
    String query = "tiers|" + req.getCreatorId() + "|" + req.getChangesOnly();
    String before = pageTokens.decode(req.getPageToken(), query);
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, req.getCreatorId(), TERMS_READERS)
                .flatMap(
                    c ->
                        assessments
                            .latestChange(c.creatorId)
                            .flatMap(
                                current ->
                                    assessments
                                        .page(
                                            c.creatorId,
                                            req.getChangesOnly(),
                                            before == null ? "~" : before,
                                            size + 1)
                                        .map(
                                            rows -> {
                                              boolean more = rows.size() > size;
                                              var page = more ? rows.subList(0, size) : rows;
                                              GetTierResponse.Builder b =
                                                  GetTierResponse.newBuilder()
                                                      .setTier(CreatorTier.valueOf(c.tier))
                                                      .setNextPageToken(
                                                          more
                                                              ? pageTokens.encode(
                                                                  query,
                                                                  page.get(page.size() - 1)
                                                                      .assessmentId)
                                                              : "");
                                              page.forEach(r -> b.addHistory(parse(r.payload)));
                                              if (current != null) {
                                                b.setCurrentAssessment(parse(current.payload));
                                              }
                                              return b.build();
                                            }))));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static TierAssessment parse(byte[] bytes) {
    try {
      return TierAssessment.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt tier assessment", e);
    }
  }

  static CommissionChange toChange(CommissionChangeEntity e) {
    CommissionChange.Builder b =
        CommissionChange.newBuilder()
            .setChangeId(e.changeId)
            .setCreatorId(e.creatorId)
            .setMarket(e.market)
            .setCategory(e.category)
            .setNewRateBps(e.newRateBps)
            .setCapBps(e.capBps)
            .setCapPolicy(
                PolicyRef.newBuilder()
                    .setPolicyKey(e.capPolicyKey)
                    .setPolicyVersion(e.capPolicyVersion)
                    .setMarket(e.market))
            .setCapFromCache(e.capFromCache)
            .setChanged(CreatorMapper.stamp(e.changed));
    if (e.oldRateBps != null) {
      b.setOldRateBps(e.oldRateBps);
    }
    return b.build();
  }

  private static List<RestrictionEntity> frozenBy(List<RestrictionEntity> active) {
    Instant now = Instant.now();
    return active.stream()
        .filter(r -> r.type.equals(RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN.name()))
        .filter(r -> r.endTime == null || r.endTime.toInstant().isAfter(now))
        .toList();
  }

  private static String termsEtag(CreatorEntity c) {
    return "c" + c.commissionVersion;
  }

  /** Ids that sort by creation time, so paging by id is chronological. */
  static String sortableId(String prefix) {
    return prefix
        + String.format("%013d", System.currentTimeMillis())
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Commission terms and tiers are also read by incentive managers (programme eligibility). */
  static final java.util.Set<io.creatorgov.kit.auth.Role> TERMS_READERS =
      java.util.EnumSet.of(
          io.creatorgov.kit.auth.Role.CREATOR_OPS,
          io.creatorgov.kit.auth.Role.GOVERNANCE_ADMIN,
          io.creatorgov.kit.auth.Role.AUDITOR,
          io.creatorgov.kit.auth.Role.SERVICE,
          io.creatorgov.kit.auth.Role.INCENTIVE_MANAGER);

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
}
