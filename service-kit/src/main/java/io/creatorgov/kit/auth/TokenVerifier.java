package io.creatorgov.kit.auth;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Verifies RS256 bearer tokens (signature against the configured public key, issuer, optional
 * audience, expiry with a small clock skew) and turns their claims into a {@link CallerIdentity}.
 *
 * <p>Claims: {@code sub} (required), {@code groups} (roles, array of strings; unknown roles are
 * ignored), {@code markets} (optional array of market codes limiting the caller), {@code exp}
 * (required), {@code jti} (optional). Only RS256 is accepted, so an unsigned ({@code alg=none}) or
 * HMAC-signed token can never pass.
 */
public final class TokenVerifier {
  /** Verified tokens kept by default (see {@link VerifiedTokenCache}). */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  private final JwtConsumer consumer;
  private final LongSupplier keysVersion;
  private final VerifiedTokenCache verified;

  /** Tokens signed by one static key (a PEM public key). */
  public TokenVerifier(
      PublicKey publicKey, String issuer, Optional<String> audience, Duration clockSkew) {
    this(publicKey, issuer, audience, clockSkew, DEFAULT_CACHE_SIZE, Clock.systemUTC());
  }

  /** As above, keeping up to {@code cacheSize} verified tokens (0: verify every call). */
  public TokenVerifier(
      PublicKey publicKey,
      String issuer,
      Optional<String> audience,
      Duration clockSkew,
      int cacheSize,
      Clock clock) {
    this(
        builder -> builder.setVerificationKey(publicKey),
        () -> 0L,
        issuer,
        audience,
        clockSkew,
        new VerifiedTokenCache(cacheSize, clock));
  }

  /**
   * Tokens signed by any key of an identity provider's key set, selected by the token's {@code kid}
   * (see {@link JwksKeys}: rotation without a restart).
   */
  public TokenVerifier(
      JwksKeys keys, String issuer, Optional<String> audience, Duration clockSkew) {
    this(keys, issuer, audience, clockSkew, DEFAULT_CACHE_SIZE, Clock.systemUTC());
  }

  /**
   * As above, keeping up to {@code cacheSize} verified tokens (0: verify every call); a kept token
   * is used only while the key set is the one it was verified with.
   */
  public TokenVerifier(
      JwksKeys keys,
      String issuer,
      Optional<String> audience,
      Duration clockSkew,
      int cacheSize,
      Clock clock) {
    this(
        builder -> builder.setVerificationKeyResolver(keys),
        keys::version,
        issuer,
        audience,
        clockSkew,
        new VerifiedTokenCache(cacheSize, clock));
  }

  private TokenVerifier(
      java.util.function.Consumer<JwtConsumerBuilder> keySource,
      LongSupplier keysVersion,
      String issuer,
      Optional<String> audience,
      Duration clockSkew,
      VerifiedTokenCache verified) {
    this.keysVersion = keysVersion;
    this.verified = verified;
    JwtConsumerBuilder builder =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireSubject()
            .setAllowedClockSkewInSeconds((int) clockSkew.toSeconds())
            .setExpectedIssuer(issuer)
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256);
    keySource.accept(builder);
    if (audience.isPresent()) {
      builder.setExpectedAudience(audience.get());
    } else {
      builder.setSkipDefaultAudienceValidation();
    }
    this.consumer = builder.build();
  }

  /**
   * Verifies a compact JWS and returns the caller; a token verified before (with the same keys, not
   * yet expired) is answered from the cache without verifying its signature again.
   *
   * @throws ApiException UNAUTHENTICATED with TOKEN_EXPIRED or TOKEN_INVALID
   */
  public CallerIdentity verify(String token) {
    long keys = keysVersion.getAsLong(); // read first: a rotation meanwhile makes the entry stale
    CallerIdentity cached = verified.get(token, keys);
    if (cached != null) {
      return cached;
    }
    JwtClaims claims = claims(token);
    CallerIdentity caller = caller(claims);
    verified.put(token, caller, expiry(claims), keys);
    return caller;
  }

  /** Verifications answered from the cache, and the others (for tests and diagnostics). */
  long cacheHits() {
    return verified.hits();
  }

  long cacheMisses() {
    return verified.misses();
  }

  private static Instant expiry(JwtClaims claims) {
    try {
      return Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis());
    } catch (MalformedClaimException e) {
      return Instant.EPOCH; // never kept
    }
  }

  private JwtClaims claims(String token) {
    JwtClaims claims;
    try {
      claims = consumer.processToClaims(token);
    } catch (InvalidJwtException e) {
      if (e.hasExpired()) {
        throw ApiException.of(
            ErrorReason.ERROR_REASON_TOKEN_EXPIRED, "bearer token has expired", Map.of());
      }
      throw ApiException.of(
          ErrorReason.ERROR_REASON_TOKEN_INVALID,
          "bearer token is not valid: " + firstLine(e.getMessage()),
          Map.of());
    }
    return claims;
  }

  private static CallerIdentity caller(JwtClaims claims) {
    try {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String group : stringList(claims, "groups")) {
        Role.fromClaim(group).ifPresent(roles::add);
      }
      Set<String> markets = new HashSet<>();
      for (String market : stringList(claims, "markets")) {
        markets.add(market.toUpperCase(Locale.ROOT));
      }
      String subject = claims.getSubject();
      if (subject.isBlank()
          || subject.length() > 200
          || subject.chars().anyMatch(Character::isISOControl)) {
        throw ApiException.of(
            ErrorReason.ERROR_REASON_TOKEN_INVALID,
            "bearer token subject must be 1-200 characters without control characters",
            Map.of());
      }
      return new CallerIdentity(subject, roles, markets, claims.getJwtId());
    } catch (MalformedClaimException e) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_TOKEN_INVALID,
          "bearer token has a malformed claim: " + firstLine(e.getMessage()),
          Map.of());
    }
  }

  private static List<String> stringList(JwtClaims claims, String name)
      throws MalformedClaimException {
    if (!claims.hasClaim(name)) {
      return List.of();
    }
    if (claims.isClaimValueString(name)) {
      return List.of(claims.getStringClaimValue(name));
    }
    return claims.getStringListClaimValue(name);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable token";
    }
    int cut = message.indexOf('.');
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
