package io.creatorgov.creator.domain;

/** Why a ban or suspension was reversed outside an appeal. */
public enum ReversalBasis {
  OPERATOR_ERROR,
  OUT_OF_COURT_SETTLEMENT,
  COURT_ORDER
}
