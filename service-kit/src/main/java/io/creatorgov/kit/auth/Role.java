package io.creatorgov.kit.auth;

import java.util.Arrays;
import java.util.Optional;

/** The suite's roles, as they appear in a token's {@code groups} claim. */
public enum Role {
  GOVERNANCE_ADMIN("governance-admin"),
  POLICY_AUTHOR("policy-author"),
  POLICY_APPROVER("policy-approver"),
  CREATOR_OPS("creator-ops"),
  MODERATOR("moderator"),
  APPEALS_REVIEWER("appeals-reviewer"),
  INCENTIVE_MANAGER("incentive-manager"),
  /** Read-only access to everything. */
  AUDITOR("auditor"),
  /** A creator; the token subject is the creator's id. */
  CREATOR("creator"),
  /** A service account; the token subject is the calling service's name. */
  SERVICE("service");

  private final String claim;

  Role(String claim) {
    this.claim = claim;
  }

  /** The value used in tokens and configuration. */
  public String claim() {
    return claim;
  }

  public static Optional<Role> fromClaim(String value) {
    return Arrays.stream(values()).filter(r -> r.claim.equals(value)).findFirst();
  }
}
