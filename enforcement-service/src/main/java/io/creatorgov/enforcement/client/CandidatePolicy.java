package io.creatorgov.enforcement.client;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A simulation's candidate as read from policy-service at creation.
 *
 * @param key the policy key
 * @param version the candidate version (any state)
 * @param contentHash SHA-256 (lower-case hex) of the deterministic serialization of the version's
 *     base content
 * @param resolved the candidate resolved for each market to replay (base with the market's
 *     overlay), by market
 */
public record CandidatePolicy(
    String key, int version, String contentHash, Map<String, ResolvedRules> resolved) {
  public CandidatePolicy {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(contentHash, "contentHash");
    resolved = Map.copyOf(new TreeMap<>(resolved));
  }
}
