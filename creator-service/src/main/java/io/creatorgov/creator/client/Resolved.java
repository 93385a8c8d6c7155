package io.creatorgov.creator.client;

import io.creatorgov.creator.domain.PolicyRef;

/**
 * A policy's content in force in a market, in the domain's terms.
 *
 * @param policy the version it came from (in the market asked for)
 * @param stale true when it came from an expired cache entry because policy-service could not be
 *     reached (within max-stale)
 */
public record Resolved<T>(PolicyRef policy, T content, boolean stale) {}
