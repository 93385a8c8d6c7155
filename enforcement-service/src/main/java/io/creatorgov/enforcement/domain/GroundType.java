package io.creatorgov.enforcement.domain;

/**
 * The legal basis category of a rule and of the decisions taken under it (the contract's {@code
 * GroundType}, same order), copied into every statement of reasons.
 */
public enum GroundType {
  /** Incompatible with the marketplace's terms; the legal reference names the terms clause. */
  INCOMPATIBLE_WITH_TERMS,
  /** Illegal under the law of the market; the legal reference names the legal provision. */
  ILLEGAL_CONTENT
}
