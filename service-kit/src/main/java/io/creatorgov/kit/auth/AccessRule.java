package io.creatorgov.kit.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call one RPC: any caller holding one of {@link #roles()}. Finer checks (market scope, "a
 * creator may only read their own record") happen in the service once the resource is known, using
 * {@link CallerIdentity}.
 */
public record AccessRule(Set<Role> roles) {
  public AccessRule {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("an access rule needs at least one role");
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
  }

  public static AccessRule anyOf(Role first, Role... rest) {
    return new AccessRule(EnumSet.of(first, rest));
  }

  /** Every role of the suite: any authenticated caller. */
  public static AccessRule anyAuthenticated() {
    return new AccessRule(EnumSet.allOf(Role.class));
  }
}
