package io.creatorgov.kit.testing;

import io.creatorgov.kit.auth.DevTokens;
import io.creatorgov.kit.auth.PemKeys;
import io.creatorgov.kit.auth.Role;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Map;

/**
 * A throw-away RS256 key pair for a test run (generated under {@code target/test-auth/}, never
 * committed) and the configuration that makes the service under test trust it. Tests mint tokens
 * with {@link #token(String, Role...)}.
 */
public class TestAuthKeys implements QuarkusTestResourceLifecycleManager {
  public static final String ISSUER = "https://auth.creatorgov.test";

  /** The audience the services require (creatorgov.auth.audience). */
  public static final String AUDIENCE = "creatorgov";

  private static final Path DIR = Path.of("target", "test-auth");
  private static final Path PUBLIC = DIR.resolve("public.pem");
  private static final Path PRIVATE = DIR.resolve("signing.pem");
  private static PrivateKey signingKey;

  @Override
  public Map<String, String> start() {
    ensureKeys();
    return Map.of(
        "creatorgov.auth.public-key-location",
        PUBLIC.toAbsolutePath().toString(),
        "creatorgov.auth.issuer",
        ISSUER,
        "creatorgov.auth.audience",
        AUDIENCE);
  }

  @Override
  public void stop() {}

  /** A bearer token for {@code subject} with {@code roles}, valid for an hour. */
  public static String token(String subject, Role... roles) {
    return DevTokens.with(key(), ISSUER).audience(AUDIENCE).subject(subject).roles(roles).mint();
  }

  /** A token for {@code subject} with {@code roles} that expired an hour ago. */
  public static String expiredToken(String subject, Role... roles) {
    return DevTokens.with(key(), ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .roles(roles)
        .issuedAt(java.time.Instant.now().minus(java.time.Duration.ofHours(2)))
        .ttl(java.time.Duration.ofHours(1))
        .mint();
  }

  /** A market-scoped token. */
  public static String scopedToken(String subject, String[] markets, Role... roles) {
    return DevTokens.with(key(), ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .roles(roles)
        .markets(markets)
        .mint();
  }

  private static synchronized PrivateKey key() {
    if (signingKey == null) {
      ensureKeys();
      try {
        signingKey = PemKeys.parsePrivateKey(Files.readString(PRIVATE, StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return signingKey;
  }

  private static synchronized void ensureKeys() {
    try {
      if (Files.exists(PUBLIC) && Files.exists(PRIVATE)) {
        return;
      }
      Files.createDirectories(DIR);
      KeyPair pair = PemKeys.generateRsaKeyPair();
      Files.writeString(PRIVATE, PemKeys.toPem(pair.getPrivate()), StandardCharsets.US_ASCII);
      Files.writeString(PUBLIC, PemKeys.toPem(pair.getPublic()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
