package io.creatorgov.kit.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code creatorgov.auth.*}: how bearer tokens are verified. */
@ConfigMapping(prefix = "creatorgov.auth")
public interface AuthSettings {

  /**
   * PEM (X.509 SubjectPublicKeyInfo) RSA public key, inline. Takes precedence over the location.
   */
  Optional<String> publicKey();

  /** Path of a PEM public key file, or {@code classpath:...}. */
  Optional<String> publicKeyLocation();

  /**
   * The identity provider's JSON Web Key Set: a file path or an {@code http(s)} URL. When set, it
   * is used instead of the PEM key, and tokens are verified with the key their {@code kid} names.
   */
  Optional<String> jwksLocation();

  /** How often the key set is read again (a removed key stops verifying within this). */
  @WithDefault("5m")
  Duration jwksRefresh();

  /** How soon an unknown {@code kid} may trigger another read of the key set. */
  @WithDefault("10s")
  Duration jwksMinReload();

  /** The required {@code iss} claim. */
  @WithDefault("https://auth.creatorgov.local")
  String issuer();

  /** The required {@code aud} claim, if set. */
  Optional<String> audience();

  /**
   * How many verified tokens are kept, so a caller's token costs one signature verification, not
   * one per call (0: verify every call). Each entry is a hash and the caller's identity, used until
   * the token's expiry and only while the key set is unchanged.
   */
  @WithDefault("10000")
  int verifiedTokenCacheSize();

  /** Tolerated clock difference when checking {@code exp}, {@code nbf} and {@code iat}. */
  @WithDefault("30s")
  Duration clockSkew();
}
