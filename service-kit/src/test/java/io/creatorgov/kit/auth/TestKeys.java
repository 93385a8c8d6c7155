package io.creatorgov.kit.auth;

import java.security.KeyPair;

/** Key pairs generated once per test JVM; nothing secret is kept in git. */
final class TestKeys {
  static final String ISSUER = "https://auth.test.creatorgov";
  static final KeyPair SIGNING = PemKeys.generateRsaKeyPair();
  static final KeyPair OTHER = PemKeys.generateRsaKeyPair();

  private TestKeys() {}

  static DevTokens.Builder token() {
    return DevTokens.with(SIGNING.getPrivate(), ISSUER);
  }
}
