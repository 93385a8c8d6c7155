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

  /** The required {@code iss} claim. */
  @WithDefault("https://auth.creatorgov.local")
  String issuer();

  /** The required {@code aud} claim, if set. */
  Optional<String> audience();

  /** Tolerated clock difference when checking {@code exp}, {@code nbf} and {@code iat}. */
  @WithDefault("30s")
  Duration clockSkew();
}
