package io.creatorgov.kit.auth;

import io.creatorgov.common.v1.Actor;
import io.creatorgov.common.v1.ActorKind;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The verified caller of an RPC: who (token subject), what kind of principal, which roles, and
 * which markets the caller may act in. Built only from a verified token, never from a request body,
 * and recorded as the actor of every change.
 *
 * @param subject the token subject: a user id, a creator id, or a service name
 * @param roles the roles the token grants
 * @param marketScope the markets the caller is limited to; empty means every market
 * @param tokenId the token's {@code jti}, if any, for audit correlation
 */
public record CallerIdentity(
    String subject, Set<Role> roles, Set<String> marketScope, String tokenId) {

  public CallerIdentity {
    Objects.requireNonNull(subject, "subject");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    marketScope = Set.copyOf(marketScope);
    tokenId = tokenId == null ? "" : tokenId;
  }

  private static final String SYSTEM_PREFIX = "system:";

  /** The suite itself acting (a scheduled job), for audit stamps; it holds no roles. */
  public static CallerIdentity system(String job) {
    return new CallerIdentity(SYSTEM_PREFIX + job, Set.of(), Set.of(), "");
  }

  /** A service account, a user, or the suite itself. */
  public ActorKind kind() {
    if (roles.isEmpty() && subject.startsWith(SYSTEM_PREFIX)) {
      return ActorKind.ACTOR_KIND_SYSTEM;
    }
    return roles.contains(Role.SERVICE) ? ActorKind.ACTOR_KIND_SERVICE : ActorKind.ACTOR_KIND_USER;
  }

  public boolean isService() {
    return kind() == ActorKind.ACTOR_KIND_SERVICE;
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  public boolean hasAnyRole(Collection<Role> anyOf) {
    return anyOf.stream().anyMatch(roles::contains);
  }

  /** True when the caller's market scope includes {@code market} (or the caller is unscoped). */
  public boolean canAccessMarket(String market) {
    return marketScope.isEmpty() || marketScope.contains(market);
  }

  /** Throws PERMISSION_DENIED MARKET_OUT_OF_SCOPE unless the caller may act in {@code market}. */
  public void requireMarket(String market) {
    if (!canAccessMarket(market)) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE,
          "caller is not allowed to act in market " + market,
          Map.of(
              "market", market, "allowed_markets", String.join(",", new TreeSet<>(marketScope))));
    }
  }

  /**
   * For RPCs a creator may call on their own resources: passes if the caller holds one of {@code
   * privileged}, or is the creator {@code creatorId}; otherwise PERMISSION_DENIED
   * NOT_RESOURCE_OWNER.
   */
  public void requireSelfOrAnyRole(String creatorId, Collection<Role> privileged) {
    if (hasAnyRole(privileged)) {
      return;
    }
    if (hasRole(Role.CREATOR) && subject.equals(creatorId)) {
      return;
    }
    throw ApiException.of(
        ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER,
        "a creator may only act on their own resources",
        Map.of("creator_id", creatorId));
  }

  /** The audit stamp of a change this caller makes at {@code at}. */
  public io.creatorgov.common.v1.AuditStamp stamp(
      java.time.OffsetDateTime at, String reason, String requestId) {
    return io.creatorgov.common.v1.AuditStamp.newBuilder()
        .setActor(toActor())
        .setCommitTime(io.creatorgov.kit.time.ProtoTime.of(at))
        .setReason(reason == null ? "" : reason)
        .setRequestId(requestId == null ? "" : requestId)
        .build();
  }

  /** The audit actor for changes made by this caller. */
  public Actor toActor() {
    // the contract names a system actor by its job (for example `restriction-expiry`)
    boolean system = kind() == ActorKind.ACTOR_KIND_SYSTEM;
    return Actor.newBuilder()
        .setSubject(system ? subject.substring(SYSTEM_PREFIX.length()) : subject)
        .setKind(kind())
        .addAllRoles(roles.stream().map(Role::claim).sorted().collect(Collectors.toList()))
        .build();
  }
}
