package io.creatorgov.policy.service;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
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
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.Policy;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyFieldChange;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.PolicyVersionState;
import io.creatorgov.policy.v1.PolicyVersionView;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
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
  private final Clock clock;

  public PolicyQueries(
      PolicyRepository policies,
      PolicyVersionRepository versions,
      PolicyReadCache cache,
      MarketRegistry markets,
      PageTokens pageTokens,
      Clock clock) {
    this.policies = policies;
    this.versions = versions;
    this.cache = cache;
    this.markets = markets;
    this.pageTokens = pageTokens;
    this.clock = clock;
  }

  /** ListPolicies: a page of policies of {@code kind} (all when UNSPECIFIED) by key prefix. */
  public record PolicyListing(PolicyKind kind, String keyPrefix, int pageSize, String pageToken) {}

  /** ListPolicyVersions: a page of a policy's versions in {@code states} (all when empty). */
  public record VersionListing(
      String policyKey,
      List<PolicyVersionState> states,
      int pageSize,
      String pageToken,
      PolicyVersionView view) {}

  /** ResolvePolicy: a pinned version, or the one in force at {@code resolveTime} (now if empty). */
  public record Resolution(
      String policyKey, int version, String market, Optional<Timestamp> resolveTime) {}

  /** GetMarketRulebook: the policies of {@code kinds} (all when empty) in force in a market. */
  public record RulebookQuery(
      String market, List<PolicyKind> kinds, Optional<Timestamp> resolveTime) {}

  /** DiffPolicyVersions: two versions' content, as resolved for {@code market} (base if empty). */
  public record DiffQuery(String policyKey, int versionA, int versionB, String market) {}

  /** One page of a listing; {@code nextPageToken} is empty on the last page. */
  public record Page<T>(List<T> items, String nextPageToken) {
    static <T> Page<T> empty() {
      return new Page<>(List.of(), "");
    }
  }

  /**
   * A market's rulebook at an instant: the policies in force, a hash over them, and the next
   * instant at which any of them changes (empty when none is scheduled to).
   */
  public record Rulebook(
      String market,
      Instant resolveTime,
      List<ResolvedPolicy> policies,
      String rulebookHash,
      Optional<Instant> nextChangeTime) {}

  /** Two versions' content compared, with each side's content hash (empty for no content). */
  public record VersionDiff(
      String policyKey,
      int versionA,
      int versionB,
      String market,
      String contentHashA,
      String contentHashB,
      List<PolicyFieldChange> changes) {}

  /** A policy and one of its versions (null when there is none). */
  private record PolicyAndVersion(PolicyEntity policy, PolicyVersionEntity version) {}

  /** A policy and a page of its versions, one more than asked for when there are more. */
  private record PolicyAndVersions(PolicyEntity policy, List<PolicyVersionEntity> rows) {}

  public Uni<Policy> getPolicy(String policyKey) {
    requireKey(policyKey, "policy_key");
    return Panache.withSession(() -> policies.findById(policyKey))
        .invoke(p -> requireFound(p, "policy", policyKey))
        .chain(this::withEffectiveVersion);
  }

  public Uni<Page<Policy>> listPolicies(PolicyListing q) {
    int size = PageSize.resolve(q.pageSize());
    String query = "policies|" + q.kind().name() + "|" + q.keyPrefix();
    String after = pageTokens.decode(q.pageToken(), query);
    String kind = q.kind() == PolicyKind.POLICY_KIND_UNSPECIFIED ? null : q.kind().name();
    return Panache.withSession(() -> policies.page(kind, q.keyPrefix(), after, size + 1))
        .chain(rows -> policyPage(rows, size, query));
  }

  public Uni<PolicyVersion> getVersion(
      CallerIdentity caller, String policyKey, int version, PolicyVersionView view) {
    requireKey(policyKey, "policy_key");
    requireVersion(version, "version");
    return Panache.withSession(() -> policyAndVersion(policyKey, version))
        .map(found -> visibleVersion(caller, found, policyKey + "/" + version))
        .map(found -> PolicyMapper.toVersion(found.version(), found.policy().kind, view(view)));
  }

  public Uni<Page<PolicyVersion>> listVersions(CallerIdentity caller, VersionListing q) {
    requireKey(q.policyKey(), "policy_key");
    int size = PageSize.resolve(q.pageSize());
    List<String> states = requestedStates(q.states());
    if (!caller.hasAnyRole(DRAFT_READERS)) {
      states = publicStates(states);
      if (states.isEmpty()) {
        return Uni.createFrom().item(Page.empty());
      }
    }
    List<String> stateFilter = states;
    String query =
        "versions|" + q.policyKey() + "|" + String.join(",", stateFilter) + "|" + view(q.view());
    String afterToken = pageTokens.decode(q.pageToken(), query);
    // newest first: the page token holds the last (lowest) version returned
    int after = afterToken == null ? Integer.MAX_VALUE : Integer.parseInt(afterToken);
    return Panache.withSession(() -> policyAndVersions(q.policyKey(), stateFilter, after, size + 1))
        .map(found -> versionPage(found, size, query, view(q.view())));
  }

  public Uni<ResolvedPolicy> resolve(CallerIdentity caller, Resolution q) {
    Violations v = new Violations();
    v.addAll(PolicyKeys.check(q.policyKey(), "policy_key").stream().toList());
    v.require(q.version() < 0, "version", "must be 0 (the effective one) or a version number");
    v.require(
        q.version() > 0 && q.resolveTime().isPresent(),
        "resolve_time",
        "give either a pinned version or a time, not both");
    v.require(
        q.resolveTime().filter(t -> !Timestamps.isValid(t)).isPresent(),
        "resolve_time",
        "not a valid timestamp");
    v.throwIfAny();
    markets.require(q.market(), "market");
    caller.requireMarket(q.market());
    Instant at = q.resolveTime().map(ProtoTime::toInstant).orElseGet(clock::instant);
    if (q.version() > 0) {
      return resolvePinned(caller, q.policyKey(), q.version(), q.market(), at);
    }
    return cache
        .timeline(q.policyKey())
        .invoke(timeline -> requireFound(timeline, "policy", q.policyKey()))
        .chain(timeline -> resolveAt(timeline, q.market(), at))
        .map(r -> r.orElseThrow(() -> notEffective(q.policyKey(), q.market(), at)));
  }

  public Uni<Rulebook> rulebook(RulebookQuery q) {
    markets.require(q.market(), "market");
    for (int i = 0; i < q.kinds().size(); i++) {
      if (q.kinds().get(i) == PolicyKind.POLICY_KIND_UNSPECIFIED
          || q.kinds().get(i) == PolicyKind.UNRECOGNIZED) {
        throw ApiException.invalid("kinds[" + i + "]", "must be a policy kind");
      }
    }
    Instant at = q.resolveTime().map(ProtoTime::toInstant).orElseGet(clock::instant);
    List<String> kinds = q.kinds().stream().map(Enum::name).toList();
    return Panache.withSession(() -> policies.allOfKinds(kinds))
        .map(PolicyQueries::byKey)
        .chain(all -> InTurn.map(all, p -> resolveNow(p, q.market(), at)))
        .map(resolved -> rulebook(q.market(), at, present(resolved)));
  }

  public Uni<VersionDiff> diff(CallerIdentity caller, DiffQuery q) {
    Violations v = new Violations();
    v.addAll(PolicyKeys.check(q.policyKey(), "policy_key").stream().toList());
    v.require(q.versionA() <= 0, "version_a", "required: a version number");
    v.require(q.versionB() <= 0, "version_b", "required: a version number");
    if (!q.market().isEmpty()) {
      v.addAll(markets.check(q.market(), "market").stream().toList());
    }
    v.throwIfAny();
    if (!q.market().isEmpty()) {
      caller.requireMarket(q.market());
    }
    return Panache.withSession(() -> twoVersions(q)).map(pair -> compare(caller, q, pair));
  }

  // ---- steps

  private Uni<Policy> withEffectiveVersion(PolicyEntity e) {
    return effectiveVersion(e.policyKey).map(v -> PolicyMapper.toPolicy(e, v));
  }

  private Uni<Page<Policy>> policyPage(List<PolicyEntity> rows, int size, String query) {
    boolean more = rows.size() > size;
    List<PolicyEntity> page = more ? rows.subList(0, size) : rows;
    String next = more ? pageTokens.encode(query, page.get(page.size() - 1).policyKey) : "";
    return InTurn.map(page, this::withEffectiveVersion).map(list -> new Page<>(list, next));
  }

  private Uni<PolicyAndVersion> policyAndVersion(String policyKey, int version) {
    return policies
        .findById(policyKey)
        .invoke(p -> requireFound(p, "policy", policyKey))
        .chain(p -> versions.findVersion(policyKey, version).map(v -> new PolicyAndVersion(p, v)));
  }

  private static PolicyAndVersion visibleVersion(
      CallerIdentity caller, PolicyAndVersion found, String id) {
    if (found.version() == null || !visible(caller, found.version())) {
      throw ApiException.notFound("policy version", id);
    }
    return found;
  }

  private static List<String> requestedStates(List<PolicyVersionState> requested) {
    List<String> states = new ArrayList<>();
    for (PolicyVersionState s : requested) {
      if (s == PolicyVersionState.POLICY_VERSION_STATE_UNSPECIFIED
          || s == PolicyVersionState.UNRECOGNIZED) {
        throw ApiException.invalid("states", "must be DRAFT, APPROVED, PUBLISHED or RETIRED");
      }
      states.add(s.name().substring("POLICY_VERSION_STATE_".length()));
    }
    return states;
  }

  /** What a caller without a draft-reader role may list: published and retired versions. */
  private static List<String> publicStates(List<String> requested) {
    return requested.isEmpty()
        ? List.of("PUBLISHED", "RETIRED")
        : requested.stream().filter(s -> s.equals("PUBLISHED") || s.equals("RETIRED")).toList();
  }

  private Uni<PolicyAndVersions> policyAndVersions(
      String policyKey, List<String> states, int after, int limit) {
    return policies
        .findById(policyKey)
        .invoke(p -> requireFound(p, "policy", policyKey))
        .chain(
            p ->
                versions
                    .page(policyKey, states, after, limit)
                    .map(rows -> new PolicyAndVersions(p, rows)));
  }

  private Page<PolicyVersion> versionPage(
      PolicyAndVersions found, int size, String query, PolicyVersionView view) {
    List<PolicyVersionEntity> rows = found.rows();
    boolean more = rows.size() > size;
    List<PolicyVersionEntity> page = more ? rows.subList(0, size) : rows;
    List<PolicyVersion> items =
        page.stream().map(v -> PolicyMapper.toVersion(v, found.policy().kind, view)).toList();
    String next =
        more ? pageTokens.encode(query, Integer.toString(page.get(page.size() - 1).version)) : "";
    return new Page<>(items, next);
  }

  private Uni<Optional<ResolvedPolicy>> resolveNow(PolicyEntity p, String market, Instant at) {
    return cache.timeline(p.policyKey).chain(t -> resolveIfAny(t, market, at));
  }

  private Uni<Optional<ResolvedPolicy>> resolveIfAny(Timeline timeline, String market, Instant at) {
    return timeline == null
        ? Uni.createFrom().item(Optional.<ResolvedPolicy>empty())
        : resolveAt(timeline, market, at);
  }

  private static Rulebook rulebook(String market, Instant at, List<ResolvedPolicy> list) {
    Optional<Instant> next =
        list.stream()
            .filter(ResolvedPolicy::hasNextChangeTime)
            .map(r -> ProtoTime.toInstant(r.getNextChangeTime()))
            .min(Instant::compareTo);
    return new Rulebook(market, at, list, rulebookHash(list), next);
  }

  private Uni<PolicyVersionEntity[]> twoVersions(DiffQuery q) {
    return versions
        .findVersion(q.policyKey(), q.versionA())
        .chain(
            a ->
                versions
                    .findVersion(q.policyKey(), q.versionB())
                    .map(b -> new PolicyVersionEntity[] {a, b}));
  }

  private VersionDiff compare(CallerIdentity caller, DiffQuery q, PolicyVersionEntity[] pair) {
    for (int i = 0; i < 2; i++) {
      if (pair[i] == null || !visible(caller, pair[i])) {
        throw ApiException.notFound(
            "policy version", q.policyKey() + "/" + (i == 0 ? q.versionA() : q.versionB()));
      }
    }
    PolicyContent a = contentFor(pair[0], q.market());
    PolicyContent b = contentFor(pair[1], q.market());
    return new VersionDiff(
        q.policyKey(),
        q.versionA(),
        q.versionB(),
        q.market(),
        hashOrEmpty(a),
        hashOrEmpty(b),
        PolicyDiff.diff(a, b));
  }

  private Uni<Optional<ResolvedPolicy>> resolveAt(Timeline timeline, String market, Instant at) {
    Optional<VersionTimeline> inForce = EffectiveVersions.inForceAt(timeline.versions(), at);
    if (inForce.isEmpty()) {
      return Uni.createFrom().item(Optional.empty());
    }
    VersionTimeline version = inForce.get();
    return cache
        .variant(timeline, version.version(), market)
        .map(cached -> resolved(timeline, version, at, cached));
  }

  /** The cached variant as resolved at {@code at}; empty when the market is excluded. */
  private Optional<ResolvedPolicy> resolved(
      Timeline timeline, VersionTimeline version, Instant at, ResolvedPolicy cached) {
    if (PolicyReadCache.EXCLUDED_HASH.equals(cached.getContentHash())) {
      return Optional.empty();
    }
    ResolvedPolicy.Builder r =
        cached.toBuilder()
            .setPolicyDisplayName(timeline.title())
            .setResolveTime(ProtoTime.of(at))
            .setVersionState(
                version.retiredAt() != null && !version.retiredAt().isAfter(clock.instant())
                    ? PolicyVersionState.POLICY_VERSION_STATE_RETIRED
                    : PolicyVersionState.POLICY_VERSION_STATE_PUBLISHED);
    EffectiveVersions.nextChangeAfter(timeline.versions(), at)
        .ifPresent(next -> r.setNextChangeTime(ProtoTime.of(next)));
    return Optional.of(r.build());
  }

  private Uni<ResolvedPolicy> resolvePinned(
      CallerIdentity caller, String key, int version, String market, Instant at) {
    return Panache.withSession(() -> policyAndVersion(key, version))
        .map(found -> visibleVersion(caller, found, key + "/" + version))
        .map(found -> pinned(found, key, market, at));
  }

  private static ResolvedPolicy pinned(
      PolicyAndVersion found, String key, String market, Instant at) {
    PolicyEntity p = found.policy();
    PolicyVersionEntity v = found.version();
    ResolvedPolicy r = PolicyReadCache.resolveRow(key, p.kind, p.title, v, market);
    if (PolicyReadCache.EXCLUDED_HASH.equals(r.getContentHash())) {
      throw notEffective(key, market, at);
    }
    return r.toBuilder()
        .setResolveTime(ProtoTime.of(at))
        .setVersionState(PolicyVersionState.valueOf("POLICY_VERSION_STATE_" + v.state))
        .build();
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
                    : EffectiveVersions.inForceAt(t.versions(), clock.instant())
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

  private static void requireFound(Object row, String resourceType, String id) {
    if (row == null) {
      throw ApiException.notFound(resourceType, id);
    }
  }

  private static List<PolicyEntity> byKey(List<PolicyEntity> all) {
    return all.stream().sorted((a, b) -> a.policyKey.compareTo(b.policyKey)).toList();
  }

  private static <T> List<T> present(List<Optional<T>> found) {
    return found.stream().flatMap(Optional::stream).toList();
  }

  private static void requireVersion(int version, String field) {
    if (version <= 0) {
      throw ApiException.invalid(field, "required: a version number");
    }
  }
}
