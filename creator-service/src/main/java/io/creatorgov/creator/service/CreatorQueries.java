package io.creatorgov.creator.service;

import com.google.rpc.Status;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.creator.domain.CapabilityEvaluator;
import io.creatorgov.creator.domain.CapabilityInputs;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
import io.creatorgov.creator.repository.OnboardingSubmissionRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.repository.StatusHistoryRepository;
import io.creatorgov.creator.v1.*;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.creatorgov.kit.time.ProtoTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creator reads, including the CheckCapability hot path. */
@ApplicationScoped
public class CreatorQueries {
  static final Set<Role> READERS =
      EnumSet.of(Role.CREATOR_OPS, Role.GOVERNANCE_ADMIN, Role.AUDITOR, Role.SERVICE);

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final StatusHistoryRepository history;
  private final OnboardingSubmissionRepository submissions;
  private final Onboarding onboarding;
  private final CapabilityCache cache;
  private final MarketRegistry markets;
  private final PageTokens pageTokens;
  private final Duration cacheMaxAge;
  private final GrpcErrorMapper errors;

  public CreatorQueries(
      CreatorRepository creators,
      RestrictionRepository restrictions,
      StatusHistoryRepository history,
      OnboardingSubmissionRepository submissions,
      Onboarding onboarding,
      CapabilityCache cache,
      MarketRegistry markets,
      PageTokens pageTokens,
      @ConfigProperty(name = "creatorgov.capability.cache-max-age", defaultValue = "2s")
          Duration cacheMaxAge,
      @ConfigProperty(name = "creatorgov.error.domain", defaultValue = "creator.creatorgov.io")
          String domain) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.history = history;
    this.submissions = submissions;
    this.onboarding = onboarding;
    this.cache = cache;
    this.markets = markets;
    this.pageTokens = pageTokens;
    this.cacheMaxAge = cacheMaxAge;
    this.errors = new GrpcErrorMapper(domain);
  }

  public Uni<GetCreatorResponse> get(CallerIdentity caller, GetCreatorRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, req.getCreatorId(), READERS)
                .flatMap(
                    c ->
                        restrictions
                            .active(c.creatorId)
                            .map(
                                active ->
                                    GetCreatorResponse.newBuilder()
                                        .setCreator(
                                            CreatorMapper.toCreator(c, active, Instant.now()))
                                        .build())));
  }

  public Uni<ListCreatorsResponse> list(CallerIdentity caller, ListCreatorsRequest req) {
    Violations v = new Violations();
    if (!req.getMarket().isEmpty()) {
      markets.check(req.getMarket(), "market").ifPresent(f -> v.add(f.field(), f.description()));
    }
    v.require(req.getStatus() == CreatorStatus.UNRECOGNIZED, "status", "unknown status");
    v.require(req.getTier() == CreatorTier.UNRECOGNIZED, "tier", "unknown tier");
    v.require(
        !req.getCategory().isEmpty()
            && !CreatorCommands.CATEGORY.matcher(req.getCategory()).matches(),
        "category",
        "must be a category slug like 'beauty'");
    v.throwIfAny();
    java.util.Set<String> inMarkets;
    if (!req.getMarket().isEmpty()) {
      caller.requireMarket(req.getMarket());
      inMarkets = java.util.Set.of(req.getMarket());
    } else {
      inMarkets = caller.marketScope(); // a scoped caller sees its markets only
    }
    int size = PageSize.resolve(req.getPageSize());
    String query =
        String.join(
            "|",
            "creators",
            req.getMarket(),
            req.getStatus().name(),
            req.getTier().name(),
            req.getCategory(),
            req.getHandle());
    String cursor = pageTokens.decode(req.getPageToken(), query);
    java.time.OffsetDateTime afterTime = null;
    String afterId = null;
    if (cursor != null) {
      int bar = cursor.indexOf('|');
      afterTime = java.time.OffsetDateTime.parse(cursor.substring(0, bar));
      afterId = cursor.substring(bar + 1);
    }
    java.time.OffsetDateTime t = afterTime;
    String id = afterId;
    return Panache.withSession(
            () ->
                creators.page(
                    inMarkets,
                    req.getStatus() == CreatorStatus.CREATOR_STATUS_UNSPECIFIED
                        ? null
                        : req.getStatus().name(),
                    req.getTier() == CreatorTier.CREATOR_TIER_UNSPECIFIED
                        ? null
                        : req.getTier().name(),
                    req.getCategory().isEmpty() ? null : req.getCategory(),
                    req.getHandle().isEmpty() ? null : req.getHandle(),
                    t,
                    id,
                    size + 1))
        .map(
            rows -> {
              boolean more = rows.size() > size;
              List<CreatorEntity> page = more ? rows.subList(0, size) : rows;
              CreatorEntity last = page.isEmpty() ? null : page.get(page.size() - 1);
              return ListCreatorsResponse.newBuilder()
                  .addAllCreators(
                      page.stream()
                          .map(c -> CreatorMapper.toCreator(c, List.of(), Instant.now()))
                          .toList())
                  .setNextPageToken(
                      more ? pageTokens.encode(query, last.createTime + "|" + last.creatorId) : "")
                  .build();
            });
  }

  public Uni<ListStatusHistoryResponse> history(
      CallerIdentity caller, ListStatusHistoryRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    int size = PageSize.resolve(req.getPageSize());
    String query = "history|" + req.getCreatorId();
    String after = pageTokens.decode(req.getPageToken(), query);
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, req.getCreatorId(), READERS)
                .flatMap(
                    c ->
                        history.page(
                            c.creatorId, after == null ? 0 : Long.parseLong(after), size + 1))
                .map(
                    rows -> {
                      boolean more = rows.size() > size;
                      var page = more ? rows.subList(0, size) : rows;
                      return ListStatusHistoryResponse.newBuilder()
                          .addAllEntries(page.stream().map(CreatorMapper::toEntry).toList())
                          .setNextPageToken(
                              more
                                  ? pageTokens.encode(
                                      query, Long.toString(page.get(page.size() - 1).sequence))
                                  : "")
                          .build();
                    }));
  }

  public Uni<ListRestrictionsResponse> restrictions(
      CallerIdentity caller, ListRestrictionsRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    Violations v = new Violations();
    v.require(req.getState() == RestrictionState.UNRECOGNIZED, "state", "unknown state");
    for (int i = 0; i < req.getTypesCount(); i++) {
      v.require(
          req.getTypes(i) == io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_UNSPECIFIED
              || req.getTypes(i) == io.creatorgov.common.v1.RestrictionType.UNRECOGNIZED,
          "types[" + i + "]",
          "must be a restriction type");
    }
    v.throwIfAny();
    int size = PageSize.resolve(req.getPageSize());
    String query =
        "restrictions|"
            + req.getCreatorId()
            + "|"
            + req.getState()
            + "|"
            + req.getTypesList()
            + "|"
            + req.getEnforcementActionId();
    String cursor = pageTokens.decode(req.getPageToken(), query);
    java.time.OffsetDateTime beforeTime =
        cursor == null
            ? null
            : java.time.OffsetDateTime.parse(cursor.substring(0, cursor.indexOf('|')));
    String beforeId = cursor == null ? null : cursor.substring(cursor.indexOf('|') + 1);
    String state =
        req.getState() == RestrictionState.RESTRICTION_STATE_UNSPECIFIED
            ? null
            : req.getState().name().substring("RESTRICTION_STATE_".length());
    List<String> types = req.getTypesList().stream().map(Enum::name).toList();
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, req.getCreatorId(), READERS)
                .flatMap(
                    c ->
                        restrictions.page(
                            c.creatorId,
                            state,
                            types,
                            req.getEnforcementActionId().isEmpty()
                                ? null
                                : req.getEnforcementActionId(),
                            beforeTime,
                            beforeId,
                            size + 1))
                .map(
                    rows -> {
                      boolean more = rows.size() > size;
                      List<RestrictionEntity> page = more ? rows.subList(0, size) : rows;
                      RestrictionEntity last = page.isEmpty() ? null : page.get(page.size() - 1);
                      return ListRestrictionsResponse.newBuilder()
                          .addAllRestrictions(
                              page.stream().map(CreatorMapper::toRestriction).toList())
                          .setNextPageToken(
                              more
                                  ? pageTokens.encode(
                                      query, last.startTime + "|" + last.restrictionId)
                                  : "")
                          .build();
                    }));
  }

  public Uni<GetOnboardingChecklistResponse> checklist(
      CallerIdentity caller, GetOnboardingChecklistRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    // 1. the database, in a session of its own; 2. the policies, after it closed
    return Panache.withSession(() -> loadSubmissions(caller, req.getCreatorId()))
        .chain(
            loaded ->
                onboarding
                    .requirements(loaded.creator().market)
                    .map(requirements -> Onboarding.checklist(loaded.submitted(), requirements))
                    .map(
                        checklist ->
                            GetOnboardingChecklistResponse.newBuilder()
                                .setChecklist(
                                    Onboarding.toProto(
                                        loaded.creator(), checklist, loaded.submitted()))
                                .build()));
  }

  private record Submitted(CreatorEntity creator, List<OnboardingSubmissionEntity> submitted) {}

  private Uni<Submitted> loadSubmissions(CallerIdentity caller, String creatorId) {
    return creators
        .readableBy(caller, creatorId, READERS)
        .flatMap(c -> submissions.ofCreator(c.creatorId).map(all -> new Submitted(c, all)));
  }

  public Uni<CheckCapabilityResponse> check(CallerIdentity caller, CheckCapabilityRequest req) {
    CreatorCommands.requireCreatorId(req.getCreatorId());
    requireCapability(req.getCapability(), "capability");
    return decide(caller, req.getCreatorId(), req.getCapability(), Instant.now())
        .map(d -> CheckCapabilityResponse.newBuilder().setDecision(d).build());
  }

  public Uni<BatchCheckCapabilityResponse> batch(
      CallerIdentity caller, BatchCheckCapabilityRequest req) {
    Violations v = new Violations();
    v.require(req.getChecksCount() == 0, "checks", "give 1-500 checks");
    v.require(req.getChecksCount() > 500, "checks", "at most 500 checks");
    for (int i = 0; i < req.getChecksCount(); i++) {
      v.require(
          req.getChecks(i).getCreatorId().isEmpty(), "checks[" + i + "].creator_id", "required");
      Capability cap = req.getChecks(i).getCapability();
      v.require(
          cap == Capability.CAPABILITY_UNSPECIFIED || cap == Capability.UNRECOGNIZED,
          "checks[" + i + "].capability",
          "required");
    }
    v.throwIfAny();
    Instant now = Instant.now();
    Uni<List<CapabilityCheckResult>> acc = Uni.createFrom().item(new ArrayList<>());
    for (CapabilityCheck check : req.getChecksList()) {
      acc =
          acc.flatMap(
              list ->
                  decide(caller, check.getCreatorId(), check.getCapability(), now)
                      .map(d -> CapabilityCheckResult.newBuilder().setDecision(d))
                      .onFailure()
                      .recoverWithItem(
                          f -> {
                            Status status = errors.toRpcStatus(errors.toApiException(f));
                            return CapabilityCheckResult.newBuilder().setError(status);
                          })
                      .map(
                          r -> {
                            list.add(
                                r.setCreatorId(check.getCreatorId())
                                    .setCapability(check.getCapability())
                                    .build());
                            return list;
                          }));
    }
    return acc.map(
        list ->
            BatchCheckCapabilityResponse.newBuilder()
                .addAllResults(list)
                .setEvaluatedTime(ProtoTime.of(now))
                .build());
  }

  private Uni<CapabilityDecision> decide(
      CallerIdentity caller, String creatorId, Capability capability, Instant now) {
    return cache
        .inputs(creatorId, () -> loadInputs(creatorId))
        .map(
            inputs -> {
              caller.requireMarket(inputs.market());
              caller.requireSelfOrAnyRole(creatorId, READERS);
              CapabilityDecision d = CapabilityEvaluator.decide(inputs, capability, now);
              Duration maxAge = cacheMaxAge;
              if (d.hasExpireTime()) {
                Duration untilChange =
                    Duration.between(now, ProtoTime.toInstant(d.getExpireTime()));
                if (untilChange.compareTo(maxAge) < 0) {
                  maxAge = untilChange.isNegative() ? Duration.ZERO : untilChange;
                }
              }
              return d.toBuilder().setCacheMaxAge(ProtoTime.of(maxAge)).build();
            });
  }

  /** What a capability decision needs: the database in a session, then (rarely) a policy. */
  private Uni<CapabilityInputs> loadInputs(String creatorId) {
    return Panache.withSession(() -> loadRows(creatorId))
        .chain(rows -> missingOnboarding(rows).map(missing -> toInputs(rows, missing)));
  }

  private record CapabilityRows(
      CreatorEntity creator,
      List<OnboardingSubmissionEntity> submitted,
      List<RestrictionEntity> active) {}

  private Uni<CapabilityRows> loadRows(String creatorId) {
    return creators
        .findById(creatorId)
        .flatMap(
            c -> {
              if (c == null) {
                throw ApiException.notFound("creator", creatorId);
              }
              return submissions
                  .ofCreator(c.creatorId)
                  .flatMap(
                      all ->
                          restrictions.active(c.creatorId).map(a -> new CapabilityRows(c, all, a)));
            });
  }

  /**
   * The onboarding items still missing, only for a creator not yet activated. The hot path never
   * fails on policy-service: an APPLIED creator is denied by its status anyway; only the onboarding
   * detail is left out.
   */
  private Uni<List<OnboardingItemKind>> missingOnboarding(CapabilityRows rows) {
    CreatorEntity c = rows.creator();
    if (c.activated || !c.status.equals(CreatorStatus.CREATOR_STATUS_APPLIED.name())) {
      return Uni.createFrom().item(List.of());
    }
    return onboarding
        .requirements(c.market)
        .map(requirements -> Onboarding.checklist(rows.submitted(), requirements).missingKinds())
        .onFailure()
        .recoverWithItem(List.of());
  }

  private static CapabilityInputs toInputs(CapabilityRows rows, List<OnboardingItemKind> missing) {
    CreatorEntity c = rows.creator();
    return new CapabilityInputs(
        c.creatorId,
        c.market,
        CreatorStatus.valueOf(c.status),
        c.suspensionEndTime == null ? null : c.suspensionEndTime.toInstant(),
        CreatorMapper.lifecycle(c, 0).statusEnforcementActionId(),
        missing,
        rows.active().stream().map(CreatorMapper::toActive).toList());
  }

  static void requireCapability(Capability capability, String field) {
    if (capability == Capability.CAPABILITY_UNSPECIFIED || capability == Capability.UNRECOGNIZED) {
      throw ApiException.invalid(field, "required: a capability");
    }
  }
}
