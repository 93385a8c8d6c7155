package io.creatorgov.policy.domain;

/**
 * Where content sits (see {@link ContentValidator}): base content (complete, no money), an
 * overlay's own content (partial for keyed-list kinds, money allowed) or a market's resolved
 * content (complete, money in the market's currency).
 */
enum ContentScope {
  BASE,
  OVERLAY,
  RESOLVED
}
