package io.creatorgov.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys rotate at the identity provider without a restart and without downtime. */
class JwksRotationTest {
  private static final String ISSUER = "https://idp.example.test";
  private static final String AUDIENCE = "creatorgov";

  @TempDir Path dir;

  private final KeyPair oldKey = PemKeys.generateRsaKeyPair();
  private final KeyPair newKey = PemKeys.generateRsaKeyPair();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));

  @Test
  void duringTheOverlapBothKeysVerifyAndAfterTheOldOneIsRemovedItFails() throws Exception {
    Path jwks = dir.resolve("jwks.json");
    publish(jwks, oldKey, "old");
    TokenVerifier verifier =
        new TokenVerifier(
            new JwksKeys(jwks.toString(), Duration.ofMinutes(5), Duration.ZERO, clock),
            ISSUER,
            Optional.of(AUDIENCE),
            Duration.ofSeconds(30));
    String signedWithOld = token(oldKey, "old");
    String signedWithNew = token(newKey, "new");

    assertThat(verifier.verify(signedWithOld).subject()).isEqualTo("ops-ana");
    assertThat(refusal(verifier, signedWithNew)).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);

    publish(jwks, oldKey, "old", newKey, "new"); // the provider starts the rotation

    assertThat(verifier.verify(signedWithNew).subject())
        .as("a new kid is looked up at once, no restart")
        .isEqualTo("ops-ana");
    assertThat(verifier.verify(signedWithOld).subject()).as("overlap").isEqualTo("ops-ana");

    publish(jwks, newKey, "new"); // the old key is retired
    clock.advance(Duration.ofMinutes(6)); // past the refresh interval

    assertThat(refusal(verifier, signedWithOld)).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
    assertThat(verifier.verify(signedWithNew).subject()).isEqualTo("ops-ana");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() throws Exception {
    Path jwks = dir.resolve("jwks.json");
    publish(jwks, oldKey, "old");
    TokenVerifier verifier =
        new TokenVerifier(
            new JwksKeys(jwks.toString(), Duration.ofMinutes(5), Duration.ZERO, clock),
            ISSUER,
            Optional.of(AUDIENCE),
            Duration.ofSeconds(30));
    String elsewhere =
        DevTokens.with(oldKey.getPrivate(), ISSUER)
            .keyId("old")
            .audience("another-system")
            .subject("ops-ana")
            .roles(Role.CREATOR_OPS)
            .mint();

    assertThat(refusal(verifier, elsewhere)).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  private static String token(KeyPair key, String kid) {
    return DevTokens.with(key.getPrivate(), ISSUER)
        .keyId(kid)
        .audience(AUDIENCE)
        .subject("ops-ana")
        .roles(Role.CREATOR_OPS)
        .mint();
  }

  private static ErrorReason refusal(TokenVerifier verifier, String token) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> verifier.verify(token));
    assertThat(e).as("expected the token to be refused").isNotNull();
    return e.reason();
  }

  /** Publishes a key set atomically: key pairs and their kids, alternating. */
  static void publish(Path file, Object... keysAndIds) throws Exception {
    List<JsonWebKey> keys = new ArrayList<>();
    for (int i = 0; i < keysAndIds.length; i += 2) {
      RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) ((KeyPair) keysAndIds[i]).getPublic());
      jwk.setKeyId((String) keysAndIds[i + 1]);
      keys.add(jwk);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, new JsonWebKeySet(keys).toJson());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
