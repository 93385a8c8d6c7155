package io.creatorgov.enforcement.client;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.enforcement.domain.CatalogueEntry;
import io.creatorgov.kit.client.PeerFailures;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.client.CachedPolicies;
import io.creatorgov.policy.client.PolicyServiceClient;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The enforcement policies of a market at an instant, read through the near cache and mapped by
 * {@link PolicyRules}.
 *
 * <p>The violation code is looked up in the catalogue policies named by {@code
 * creatorgov.enforcement.catalogue-keys}, in order (codes are unique across a market's catalogues).
 * Named keys rather than GetMarketRulebook: every read stays a cached ResolvePolicy that follows
 * its key's invalidations, and the catalogue that defines the code is pinned by key and version. A
 * catalogue key not effective in the market is skipped; if none is effective the report is
 * NOT_FOUND (POLICY_NOT_EFFECTIVE); if none defines the code, INVALID_ARGUMENT naming the catalogue
 * version(s) consulted.
 */
@ApplicationScoped
public class EnforcementPolicySource {
  /** Which input of a decision a policy key is. */
  public enum KeyRole {
    CATALOGUE,
    STANDING,
    APPEALS
  }

  private final CachedPolicies policies;
  private final PolicyServiceClient client;
  private final MarketRegistry markets;
  private final List<String> catalogueKeys;
  private final String standingKey;
  private final String appealsKey;

  public EnforcementPolicySource(
      CachedPolicies policies,
      PolicyServiceClient client,
      MarketRegistry markets,
      @ConfigProperty(name = "creatorgov.enforcement.catalogue-keys") List<String> catalogueKeys,
      @ConfigProperty(name = "creatorgov.enforcement.standing-key") String standingKey,
      @ConfigProperty(name = "creatorgov.enforcement.appeals-key") String appealsKey) {
    this.policies = policies;
    this.client = client;
    this.markets = markets;
    this.catalogueKeys = List.copyOf(catalogueKeys);
    this.standingKey = standingKey;
    this.appealsKey = appealsKey;
  }

  /** Catalogue entry, standing rules and appeal window for {@code code} in force at {@code at}. */
  public Uni<EnforcementPolicies> forViolation(String market, String code, Instant at) {
    List<Uni<Optional<ResolvedPolicy>>> catalogues = new ArrayList<>();
    for (String key : catalogueKeys) {
      catalogues.add(optional(policies.resolveAt(key, market, at)));
    }
    Uni<List<Optional<ResolvedPolicy>>> allCatalogues = Uni.join().all(catalogues).andFailFast();
    return Uni.combine()
        .all()
        .unis(
            allCatalogues,
            policies.resolveAt(standingKey, market, at),
            policies.resolveAt(appealsKey, market, at))
        .with((cats, standing, appeals) -> assemble(market, code, cats, standing, appeals));
  }

  /**
   * The market's standing policy in force at {@code at} (through the near cache): NOT_FOUND
   * POLICY_NOT_EFFECTIVE when none is, UNAVAILABLE DEPENDENCY_UNAVAILABLE when policy-service
   * cannot answer and nothing usable is cached.
   */
  public Uni<StandingPolicy> standing(String market, Instant at) {
    return policies
        .resolveAt(standingKey, market, at)
        .map(
            standing ->
                new StandingPolicy(
                    PolicyRules.standingRules(standing, markets.require(market, "market").zone()),
                    PolicyRules.pinned(standing, market)));
  }

  /** The market's appeal rules in force at {@code at} (a manual action's appeal window). */
  public Uni<AppealsPolicy> appeals(String market, Instant at) {
    return policies
        .resolveAt(appealsKey, market, at)
        .map(
            appeals ->
                new AppealsPolicy(
                    PolicyRules.appealWindow(appeals), PolicyRules.pinned(appeals, market)));
  }

  /** Which input of a decision {@code policyKey} is; empty when decisions do not use it. */
  public Optional<KeyRole> roleOf(String policyKey) {
    if (catalogueKeys.contains(policyKey)) {
      return Optional.of(KeyRole.CATALOGUE);
    }
    if (standingKey.equals(policyKey)) {
      return Optional.of(KeyRole.STANDING);
    }
    return appealsKey.equals(policyKey) ? Optional.of(KeyRole.APPEALS) : Optional.empty();
  }

  public String standingKey() {
    return standingKey;
  }

  /**
   * A simulation's candidate, read once (uncached, drafts included): the version's base content for
   * its hash, and the version resolved for each market. NOT_FOUND RESOURCE_NOT_FOUND when
   * policy-service has no such key or version; UNAVAILABLE DEPENDENCY_UNAVAILABLE when it cannot
   * answer; a call that runs out of time stays a fault-tolerance timeout (DEADLINE_EXCEEDED).
   */
  public Uni<CandidatePolicy> candidate(String policyKey, int version, List<String> inMarkets) {
    List<Uni<ResolvedPolicy>> resolutions = new ArrayList<>();
    for (String market : inMarkets) {
      resolutions.add(client.resolveVersion(policyKey, market, version));
    }
    Uni<List<ResolvedPolicy>> all = Uni.join().all(resolutions).andFailFast();
    return client
        .getVersion(policyKey, version)
        .map(v -> contentHash(v.getBaseContent()))
        .chain(
            hash -> all.map(resolved -> candidate(policyKey, version, hash, inMarkets, resolved)))
        .onFailure(PeerFailures.TransientFailure.class)
        .transform(f -> CachedPolicies.unavailable(policyKey));
  }

  /**
   * A version a recorded decision pinned, resolved for {@code market} (uncached): what a simulation
   * replays every input but the candidate with.
   */
  public Uni<ResolvedRules> pinned(String policyKey, String market, int version) {
    return client
        .resolveVersion(policyKey, market, version)
        .map(ResolvedRules::new)
        .onFailure(PeerFailures.TransientFailure.class)
        .transform(f -> CachedPolicies.unavailable(policyKey));
  }

  private static CandidatePolicy candidate(
      String policyKey,
      int version,
      String hash,
      List<String> inMarkets,
      List<ResolvedPolicy> resolved) {
    Map<String, ResolvedRules> byMarket = new java.util.HashMap<>();
    for (int i = 0; i < inMarkets.size(); i++) {
      byMarket.put(inMarkets.get(i), new ResolvedRules(resolved.get(i)));
    }
    return new CandidatePolicy(policyKey, version, hash, byMarket);
  }

  /** SHA-256 of the deterministic serialization of {@code content}, lower-case hex. */
  static String contentHash(com.google.protobuf.Message content) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      com.google.protobuf.CodedOutputStream out =
          com.google.protobuf.CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      content.writeTo(out);
      out.flush();
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private EnforcementPolicies assemble(
      String market,
      String code,
      List<Optional<ResolvedPolicy>> catalogues,
      ResolvedPolicy standing,
      ResolvedPolicy appeals) {
    List<ResolvedPolicy> effective = catalogues.stream().flatMap(Optional::stream).toList();
    if (effective.isEmpty()) {
      throw noCatalogue(market);
    }
    for (ResolvedPolicy catalogue : effective) {
      Optional<CatalogueEntry> entry = PolicyRules.catalogueEntry(catalogue, code);
      if (entry.isPresent()) {
        return new EnforcementPolicies(
            entry.get(),
            PolicyRules.pinned(catalogue, market),
            PolicyRules.standingRules(standing, markets.require(market, "market").zone()),
            PolicyRules.pinned(standing, market),
            PolicyRules.appealWindow(appeals),
            PolicyRules.pinned(appeals, market));
      }
    }
    throw unknownCode(market, code, effective);
  }

  /** No catalogue is effective: the market has no enforcement rules at that time. */
  private ApiException noCatalogue(String market) {
    String keys = String.join(",", catalogueKeys);
    return ApiException.of(
        ErrorReason.ERROR_REASON_POLICY_NOT_EFFECTIVE,
        "no violation catalogue (" + keys + ") is effective in " + market + " at observed_time",
        Map.of("policy_key", keys, "market", market));
  }

  private ApiException unknownCode(String market, String code, List<ResolvedPolicy> consulted) {
    String keys =
        consulted.isEmpty()
            ? String.join(",", catalogueKeys)
            : consulted.stream().map(ResolvedPolicy::getPolicyKey).collect(Collectors.joining(","));
    String versions =
        consulted.stream()
            .map(p -> Integer.toString(p.getVersion()))
            .collect(Collectors.joining(","));
    String description =
        "code "
            + code
            + " is not in the violation catalogue of "
            + market
            + " ("
            + keys
            + (versions.isEmpty() ? "" : " version " + versions)
            + ")";
    return new ApiException(
        ErrorReason.ERROR_REASON_INVALID_ARGUMENT,
        "violation_code: " + description,
        Map.of("policy_key", keys, "policy_version", versions),
        List.of(new FieldViolation("violation_code", description)),
        List.of(),
        null);
  }

  /** A catalogue that is not effective in the market defines no code: empty, not a failure. */
  private static Uni<Optional<ResolvedPolicy>> optional(Uni<ResolvedPolicy> policy) {
    return policy
        .map(Optional::of)
        .onFailure(EnforcementPolicySource::notEffective)
        .recoverWithItem(Optional.empty());
  }

  private static boolean notEffective(Throwable f) {
    return f instanceof ApiException e
        && e.reason() == ErrorReason.ERROR_REASON_POLICY_NOT_EFFECTIVE;
  }
}
