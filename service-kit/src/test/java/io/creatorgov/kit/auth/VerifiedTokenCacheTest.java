package io.creatorgov.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.testing.MutableClock;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller's bearer token costs one signature verification, not one per call — and the cache never
 * answers for a token past its expiry, for a refused token, or for a token whose signing key was
 * revoked.
 */
class VerifiedTokenCacheTest {
  private final MutableClock clock = new MutableClock(Instant.now());

  @Test
  void aTokenIsVerifiedOnceThenAnsweredFromTheCache() {
    TokenVerifier verifier = pemVerifier(100);
    String token = TestKeys.token().subject("ops-ana").roles(Role.CREATOR_OPS).mint();

    for (int i = 0; i < 5; i++) {
      assertThat(verifier.verify(token).subject()).isEqualTo("ops-ana");
    }

    assertThat(verifier.cacheMisses()).isEqualTo(1);
    assertThat(verifier.cacheHits()).isEqualTo(4);
  }

  @Test
  void withTheCacheOffEveryCallIsVerified() {
    TokenVerifier verifier = pemVerifier(0);
    String token = TestKeys.token().subject("ops-ana").roles(Role.CREATOR_OPS).mint();

    verifier.verify(token);
    verifier.verify(token);

    assertThat(verifier.cacheHits()).isZero();
  }

  @Test
  void aCachedTokenIsNeverUsedAtOrPastItsExpiry() {
    TokenVerifier verifier = pemVerifier(100);
    String token =
        TestKeys.token()
            .subject("ops-ana")
            .roles(Role.CREATOR_OPS)
            .ttl(Duration.ofMinutes(1))
            .mint();
    verifier.verify(token);
    verifier.verify(token);
    assertThat(verifier.cacheHits()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1)); // the cache's clock reaches the token's exp

    verifier.verify(token); // verified again (the real clock is still within the token's life)
    assertThat(verifier.cacheMisses()).isEqualTo(2);
    assertThat(verifier.cacheHits()).isEqualTo(1);
  }

  @Test
  void aRefusedTokenIsNeverKept() {
    TokenVerifier verifier = pemVerifier(100);
    String foreign =
        DevTokens.with(PemKeys.generateRsaKeyPair().getPrivate(), TestKeys.ISSUER)
            .subject("mallory")
            .roles(Role.CREATOR_OPS)
            .mint();

    for (int i = 0; i < 2; i++) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> verifier.verify(foreign));
      assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
    }
    assertThat(verifier.cacheHits()).isZero();
  }

  @Test
  void aRevokedSigningKeyDropsTheTokensItSignedAtTheNextRefreshOfTheKeySet(@TempDir Path dir)
      throws Exception {
    KeyPair retired = PemKeys.generateRsaKeyPair();
    KeyPair current = PemKeys.generateRsaKeyPair();
    Path jwks = dir.resolve("jwks.json");
    JwksRotationTest.publish(jwks, retired, "retired", current, "current");
    TokenVerifier verifier =
        new TokenVerifier(
            new JwksKeys(jwks.toString(), Duration.ofMinutes(5), Duration.ofSeconds(10), clock),
            TestKeys.ISSUER,
            Optional.empty(),
            Duration.ofSeconds(5),
            100,
            clock);
    String signedByRetired = token(retired, "retired");
    String signedByCurrent = token(current, "current");
    verifier.verify(signedByRetired);
    verifier.verify(signedByCurrent);
    verifier.verify(signedByRetired);
    assertThat(verifier.cacheHits()).as("both kept while the set is unchanged").isEqualTo(1);

    JwksRotationTest.publish(jwks, current, "current"); // the provider revokes a key
    clock.advance(Duration.ofMinutes(6)); // past the key set's refresh

    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> verifier.verify(signedByRetired));
    assertThat(refused).as("the revoked key's token is not answered from the cache").isNotNull();
    assertThat(refused.reason()).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
    assertThat(verifier.verify(signedByCurrent).subject()).isEqualTo("ops-ana");
  }

  @Test
  void theCacheStaysWithinItsCapacity() {
    VerifiedTokenCache cache = new VerifiedTokenCache(100, clock);
    CallerIdentity caller = new CallerIdentity("ops-ana", Set.of(Role.CREATOR_OPS), Set.of(), "");

    for (int i = 0; i < 1_000; i++) {
      cache.put("token-" + i, caller, clock.instant().plus(Duration.ofMinutes(5)), 0);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(100).isGreaterThan(0);
    assertThat(cache.get("token-999", 0)).as("the latest is kept").isEqualTo(caller);
    assertThat(cache.get("token-999", 1)).as("not with other keys").isNull();
  }

  private TokenVerifier pemVerifier(int size) {
    return new TokenVerifier(
        TestKeys.SIGNING.getPublic(),
        TestKeys.ISSUER,
        Optional.empty(),
        Duration.ofSeconds(5),
        size,
        clock);
  }

  private static String token(KeyPair key, String kid) {
    return DevTokens.with(key.getPrivate(), TestKeys.ISSUER)
        .keyId(kid)
        .subject("ops-ana")
        .roles(Role.CREATOR_OPS)
        .mint();
  }
}
