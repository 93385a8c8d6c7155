package io.creatorgov.policy.service;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.cache.PolicyReadCache;
import io.creatorgov.policy.cache.Timeline;
import io.creatorgov.policy.domain.ContentHash;
import io.creatorgov.policy.domain.EffectiveVersions;
import io.creatorgov.policy.domain.OverlayMerger;
import io.creatorgov.policy.domain.PolicyDiff;
import io.creatorgov.policy.domain.PolicyKeys;
import io.creatorgov.policy.domain.VersionTimeline;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyRepository;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.repository.PolicyVersionRepository;
import io.creatorgov.policy.v1.*;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads: policies, versions, resolution per market and time, the market rulebook, diffs. */
@ApplicationScoped
public class PolicyQueries {
  /** Roles that may see DRAFT and APPROVED versions. */
  static final Set<Role> DRAFT_READERS =
      EnumSet.of(
          Role.GOVERNANCE_ADMIN,
          Role.POLICY_AUTHOR,
          Role.POLICY_APPROVER,
          Role.AUDITOR,
          Role.SERVICE);

  private final PolicyRepository policies;
  private final PolicyVersionRepository versions;
  private final PolicyReadCache cache;
  private final MarketRegistry markets;
  private final PageTokens pageTokens;

  public PolicyQueries(
      PolicyRepository policies,
      PolicyVersionRepository versions,
      PolicyReadCache cache,
      MarketRegistry markets,
      PageTokens pageTokens) {
    this.policies = policies;
    this.versions = versions;
    this.cache = cache;
    this.markets = markets;
    this.pageTokens = pageTokens;
  }

  public Uni<GetPolicyResponse> getPolicy(GetPolicyRequest req) {
    requireKey(req.getPolicyKey(), "policy_key");
    return Panache.withSession(() -> policies.findById(req.getPolicyKey()))
        .flatMap(
            e -> {
              if (e == null) {
                throw ApiException.notFound("policy", req.getPolicyKey());
              }
              return effectiveVersion(e.policyKey)
                  .map(
                      v ->
                          GetPolicyResponse.newBuilder()
                              .setPolicy(PolicyMapper.toPolicy(e, v))
                              .build());
            });
  }

  public Uni<ListPoliciesResponse> listPolicies(ListPoliciesRequest req) {
    int size = PageSize.resolve(req.getPageSize());
    String query = "policies|" + req.getKind().name() + "|" + req.getKeyPrefix();
    String after = pageTokens.decode(req.getPageToken(), query);
    String kind = req.getKind() == PolicyKind.POLICY_KIND_UNSPECIFIED ? null : req.getKind().name();
    return Panache.withSession(() -> policies.page(kind, req.getKeyPrefix(), after, size + 1))
        .flatMap(
            rows -> {
              boolean more = rows.size() > size;
              List<PolicyEntity> page = more ? rows.subList(0, size) : rows;
              Uni<List<Policy>> mapped = Uni.createFrom().item(new ArrayList<>());
              for (PolicyEntity e : page) {
                mapped =
                    mapped.flatMap(
                        list ->
                            effectiveVersion(e.policyKey)
                                .map(
                                    v -> {
                                      list.add(PolicyMapper.toPolicy(e, v));
                                      return list;
                                    }));
              }
              return mapped.map(
                  list ->
                      ListPoliciesResponse.newBuilder()
                          .addAllPolicies(list)
                          .setNextPageToken(
                              more
                                  ? pageTokens.encode(query, page.get(page.size() - 1).policyKey)
                                  : "")
                          .build());
            });
  }

  public Uni<GetPolicyVersionResponse> getVersion(
      CallerIdentity caller, GetPolicyVersionRequest req) {
    requireKey(req.getPolicyKey(), "policy_key");
    requireVersion(req.getVersion(), "version");
    return Panache.withSession(
            () ->
                policies
                    .findById(req.getPolicyKey())
                    .flatMap(
                        p -> {
                          if (p == null) {
                            throw ApiException.notFound("policy", req.getPolicyKey());
                          }
                          return versions
                              .findVersion(req.getPolicyKey(), req.getVersion())
                              .map(v -> new Object[] {p, v});
                        }))
        .map(
            pair -> {
              PolicyEntity p = (PolicyEntity) pair[0];
              PolicyVersionEntity v = (PolicyVersionEntity) pair[1];
              if (v == null || !visible(caller, v)) {
                throw ApiException.notFound(
                    "policy version", req.getPolicyKey() + "/" + req.getVersion());
              }
              return GetPolicyVersionResponse.newBuilder()
                  .setPolicyVersion(PolicyMapper.toVersion(v, p.kind, view(req.getView())))
                  .build();
            });
  }

  public Uni<ListPolicyVersionsResponse> listVersions(
      CallerIdentity caller, ListPolicyVersionsRequest req) {
    requireKey(req.getPolicyKey(), "policy_key");
    int size = PageSize.resolve(req.getPageSize());
    List<String> states = new ArrayList<>();
    for (PolicyVersionState s : req.getStatesList()) {
      if (s == PolicyVersionState.POLICY_VERSION_STATE_UNSPECIFIED
          || s == PolicyVersionState.UNRECOGNIZED) {
        throw ApiException.invalid("states", "must be DRAFT, APPROVED, PUBLISHED or RETIRED");
      }
      states.add(s.name().substring("POLICY_VERSION_STATE_".length()));
    }
    if (!caller.hasAnyRole(DRAFT_READERS)) {
      states =
          states.isEmpty()
              ? List.of("PUBLISHED", "RETIRED")
              : states.stream().filter(s -> s.equals("PUBLISHED") || s.equals("RETIRED")).toList();
      if (states.isEmpty()) {
        return Uni.createFrom().item(ListPolicyVersionsResponse.getDefaultInstance());
      }
    }
    List<String> stateFilter = states;
    String query =
        "versions|"
            + req.getPolicyKey()
            + "|"
            + String.join(",", stateFilter)
            + "|"
            + view(req.getView());
    String afterToken = pageTokens.decode(req.getPageToken(), query);
    // newest first: the page token holds the last (lowest) version returned
    int after = afterToken == null ? Integer.MAX_VALUE : Integer.parseInt(afterToken);
    return Panache.withSession(
            () ->
                policies
                    .findById(req.getPolicyKey())
                    .flatMap(
                        p -> {
                          if (p == null) {
                            throw ApiException.notFound("policy", req.getPolicyKey());
                          }
                          return versions
                              .page(req.getPolicyKey(), stateFilter, after, size + 1)
                              .map(rows -> new Object[] {p, rows});
                        }))
        .map(
            pair -> {
              PolicyEntity p = (PolicyEntity) pair[0];
              @SuppressWarnings("unchecked")
              List<PolicyVersionEntity> rows = (List<PolicyVersionEntity>) pair[1];
              boolean more = rows.size() > size;
              List<PolicyVersionEntity> page = more ? rows.subList(0, size) : rows;
              return ListPolicyVersionsResponse.newBuilder()
                  .addAllPolicyVersions(
                      page.stream()
                          .map(v -> PolicyMapper.toVersion(v, p.kind, view(req.getView())))
                          .toList())
                  .setNextPageToken(
                      more
                          ? pageTokens.encode(
                              query, Integer.toString(page.get(page.size() - 1).version))
                          : "")
                  .build();
            });
  }

  public Uni<ResolvePolicyResponse> resolve(CallerIdentity caller, ResolvePolicyRequest req) {
    Violations v = new Violations();
    PolicyKeys.check(req.getPolicyKey(), "policy_key")
        .ifPresent(f -> v.add(f.field(), f.description()));
    v.require(req.getVersion() < 0, "version", "must be 0 (the effective one) or a version number");
    v.require(
        req.getVersion() > 0 && req.hasResolveTime(),
        "resolve_time",
        "give either a pinned version or a time, not both");
    v.require(
        req.hasResolveTime() && !com.google.protobuf.util.Timestamps.isValid(req.getResolveTime()),
        "resolve_time",
        "not a valid timestamp");
    v.throwIfAny();
    markets.require(req.getMarket(), "market");
    caller.requireMarket(req.getMarket());
    Instant at = req.hasResolveTime() ? ProtoTime.toInstant(req.getResolveTime()) : Instant.now();
    if (req.getVersion() > 0) {
      return resolvePinned(caller, req.getPolicyKey(), req.getVersion(), req.getMarket(), at)
          .map(r -> ResolvePolicyResponse.newBuilder().setResolvedPolicy(r).build());
    }
    return cache
        .timeline(req.getPolicyKey())
        .flatMap(
            timeline -> {
              if (timeline == null) {
                throw ApiException.notFound("policy", req.getPolicyKey());
              }
              return resolveAt(timeline, req.getMarket(), at)
                  .map(
                      r -> {
                        if (r.isEmpty()) {
                          throw notEffective(req.getPolicyKey(), req.getMarket(), at);
                        }
                        return ResolvePolicyResponse.newBuilder()
                            .setResolvedPolicy(r.get())
                            .build();
                      });
            });
  }

  public Uni<GetMarketRulebookResponse> rulebook(GetMarketRulebookRequest req) {
    markets.require(req.getMarket(), "market");
    for (int i = 0; i < req.getKindsCount(); i++) {
      if (req.getKinds(i) == PolicyKind.POLICY_KIND_UNSPECIFIED
          || req.getKinds(i) == PolicyKind.UNRECOGNIZED) {
        throw ApiException.invalid("kinds[" + i + "]", "must be a policy kind");
      }
    }
    Instant at = req.hasResolveTime() ? ProtoTime.toInstant(req.getResolveTime()) : Instant.now();
    List<String> kinds = req.getKindsList().stream().map(Enum::name).toList();
    return Panache.withSession(() -> policies.allOfKinds(kinds))
        .flatMap(
            all -> {
              Uni<List<ResolvedPolicy>> acc = Uni.createFrom().item(new ArrayList<>());
              for (PolicyEntity p :
                  all.stream().sorted((a, b) -> a.policyKey.compareTo(b.policyKey)).toList()) {
                acc =
                    acc.flatMap(
                        list ->
                            cache
                                .timeline(p.policyKey)
                                .flatMap(
                                    t ->
                                        t == null
                                            ? Uni.createFrom()
                                                .item(Optional.<ResolvedPolicy>empty())
                                            : resolveAt(t, req.getMarket(), at))
                                .map(
                                    r -> {
                                      r.ifPresent(list::add);
                                      return list;
                                    }));
              }
              return acc;
            })
        .map(
            list -> {
              GetMarketRulebookResponse.Builder b =
                  GetMarketRulebookResponse.newBuilder()
                      .setMarket(req.getMarket())
                      .setResolveTime(ProtoTime.of(at))
                      .addAllPolicies(list)
                      .setRulebookHash(rulebookHash(list));
              list.stream()
                  .filter(ResolvedPolicy::hasNextChangeTime)
                  .map(r -> ProtoTime.toInstant(r.getNextChangeTime()))
                  .min(Instant::compareTo)
                  .ifPresent(next -> b.setNextChangeTime(ProtoTime.of(next)));
              return b.build();
            });
  }

  public Uni<DiffPolicyVersionsResponse> diff(
      CallerIdentity caller, DiffPolicyVersionsRequest req) {
    Violations v = new Violations();
    PolicyKeys.check(req.getPolicyKey(), "policy_key")
        .ifPresent(f -> v.add(f.field(), f.description()));
    v.require(req.getVersionA() <= 0, "version_a", "required: a version number");
    v.require(req.getVersionB() <= 0, "version_b", "required: a version number");
    if (!req.getMarket().isEmpty()) {
      markets.check(req.getMarket(), "market").ifPresent(f -> v.add(f.field(), f.description()));
    }
    v.throwIfAny();
    if (!req.getMarket().isEmpty()) {
      caller.requireMarket(req.getMarket());
    }
    return Panache.withSession(
            () ->
                versions
                    .findVersion(req.getPolicyKey(), req.getVersionA())
                    .flatMap(
                        a ->
                            versions
                                .findVersion(req.getPolicyKey(), req.getVersionB())
                                .map(b -> new PolicyVersionEntity[] {a, b})))
        .map(
            pair -> {
              for (int i = 0; i < 2; i++) {
                if (pair[i] == null || !visible(caller, pair[i])) {
                  throw ApiException.notFound(
                      "policy version",
                      req.getPolicyKey() + "/" + (i == 0 ? req.getVersionA() : req.getVersionB()));
                }
              }
              PolicyContent a = contentFor(pair[0], req.getMarket());
              PolicyContent b = contentFor(pair[1], req.getMarket());
              return DiffPolicyVersionsResponse.newBuilder()
                  .setPolicyKey(req.getPolicyKey())
                  .setVersionA(req.getVersionA())
                  .setVersionB(req.getVersionB())
                  .setMarket(req.getMarket())
                  .setContentHashA(hashOrEmpty(a))
                  .setContentHashB(hashOrEmpty(b))
                  .addAllChanges(PolicyDiff.diff(a, b))
                  .build();
            });
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private Uni<Optional<ResolvedPolicy>> resolveAt(Timeline timeline, String market, Instant at) {
    Optional<VersionTimeline> inForce = EffectiveVersions.inForceAt(timeline.versions(), at);
    if (inForce.isEmpty()) {
      return Uni.createFrom().item(Optional.empty());
    }
    VersionTimeline version = inForce.get();
    return cache
        .variant(timeline, version.version(), market)
        .map(
            cached -> {
              if (PolicyReadCache.EXCLUDED_HASH.equals(cached.getContentHash())) {
                return Optional.<ResolvedPolicy>empty();
              }
              ResolvedPolicy.Builder r =
                  cached.toBuilder()
                      .setPolicyDisplayName(timeline.title())
                      .setResolveTime(ProtoTime.of(at))
                      .setVersionState(
                          version.retiredAt() != null && !version.retiredAt().isAfter(Instant.now())
                              ? PolicyVersionState.POLICY_VERSION_STATE_RETIRED
                              : PolicyVersionState.POLICY_VERSION_STATE_PUBLISHED);
              EffectiveVersions.nextChangeAfter(timeline.versions(), at)
                  .ifPresent(next -> r.setNextChangeTime(ProtoTime.of(next)));
              return Optional.of(r.build());
            });
  }

  private Uni<ResolvedPolicy> resolvePinned(
      CallerIdentity caller, String key, int version, String market, Instant at) {
    return Panache.withSession(
            () ->
                policies
                    .findById(key)
                    .flatMap(
                        p -> {
                          if (p == null) {
                            throw ApiException.notFound("policy", key);
                          }
                          return versions.findVersion(key, version).map(v -> new Object[] {p, v});
                        }))
        .map(
            pair -> {
              PolicyEntity p = (PolicyEntity) pair[0];
              PolicyVersionEntity v = (PolicyVersionEntity) pair[1];
              if (v == null || !visible(caller, v)) {
                throw ApiException.notFound("policy version", key + "/" + version);
              }
              ResolvedPolicy r = PolicyReadCache.resolveRow(key, p.kind, p.title, v, market);
              if (PolicyReadCache.EXCLUDED_HASH.equals(r.getContentHash())) {
                throw notEffective(key, market, at);
              }
              return r.toBuilder()
                  .setResolveTime(ProtoTime.of(at))
                  .setVersionState(PolicyVersionState.valueOf("POLICY_VERSION_STATE_" + v.state))
                  .build();
            });
  }

  private PolicyContent contentFor(PolicyVersionEntity row, String market) {
    PolicyVersion doc = PolicyMapper.document(row);
    if (market.isEmpty()) {
      return OverlayMerger.canonical(doc.getBaseContent());
    }
    MarketOverlay overlay =
        doc.getOverlaysList().stream()
            .filter(o -> o.getMarket().equals(market))
            .findFirst()
            .orElse(null);
    if (overlay != null && overlay.getExcluded()) {
      return PolicyContent.getDefaultInstance();
    }
    return OverlayMerger.merge(doc.getBaseContent(), overlay);
  }

  private Uni<Integer> effectiveVersion(String policyKey) {
    return cache
        .timeline(policyKey)
        .map(
            t ->
                t == null
                    ? 0
                    : EffectiveVersions.inForceAt(t.versions(), Instant.now())
                        .map(VersionTimeline::version)
                        .orElse(0));
  }

  static boolean visible(CallerIdentity caller, PolicyVersionEntity v) {
    return v.state.equals("PUBLISHED")
        || v.state.equals("RETIRED")
        || caller.hasAnyRole(DRAFT_READERS);
  }

  private static PolicyVersionView view(PolicyVersionView requested) {
    return requested == PolicyVersionView.POLICY_VERSION_VIEW_BASIC
        ? PolicyVersionView.POLICY_VERSION_VIEW_BASIC
        : PolicyVersionView.POLICY_VERSION_VIEW_FULL;
  }

  private static ApiException notEffective(String key, String market, Instant at) {
    return ApiException.of(
        ErrorReason.ERROR_REASON_POLICY_NOT_EFFECTIVE,
        "no published version of " + key + " is in force in " + market + " at " + at,
        Map.of("policy_key", key, "market", market, "at", at.toString()));
  }

  private static String rulebookHash(List<ResolvedPolicy> list) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (ResolvedPolicy r : list) {
        sha.update(
            (r.getPolicyKey() + " " + r.getVersion() + " " + r.getContentHash() + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hashOrEmpty(PolicyContent content) {
    return content.getContentCase() == PolicyContent.ContentCase.CONTENT_NOT_SET
        ? ""
        : ContentHash.sha256Hex(content);
  }

  private static void requireKey(String key, String field) {
    PolicyKeys.check(key, field)
        .ifPresent(
            f -> {
              throw ApiException.invalid(f.field(), f.description());
            });
  }

  private static void requireVersion(int version, String field) {
    if (version <= 0) {
      throw ApiException.invalid(field, "required: a version number");
    }
  }
}
