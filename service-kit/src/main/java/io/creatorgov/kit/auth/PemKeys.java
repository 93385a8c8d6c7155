package io.creatorgov.kit.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads and writes RSA keys in PEM form (public: X.509 SubjectPublicKeyInfo; private: PKCS#8). */
public final class PemKeys {
  private PemKeys() {}

  public static PublicKey parsePublicKey(String pem) {
    try {
      byte[] der = decode(pem, "PUBLIC KEY");
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM RSA public key: " + e.getMessage(), e);
    }
  }

  public static PrivateKey parsePrivateKey(String pem) {
    try {
      byte[] der = decode(pem, "PRIVATE KEY");
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM PKCS#8 RSA private key: " + e.getMessage(), e);
    }
  }

  /** Loads a PEM file from a path or from {@code classpath:<resource>}. */
  public static String read(String location) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalArgumentException("no classpath resource " + resource);
          }
          return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
      }
      return Files.readString(Path.of(location), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read key " + location + ": " + e.getMessage(), e);
    }
  }

  public static String toPem(PublicKey key) {
    return encode(key.getEncoded(), "PUBLIC KEY");
  }

  public static String toPem(PrivateKey key) {
    return encode(key.getEncoded(), "PRIVATE KEY");
  }

  /** A fresh 2048-bit RSA key pair, for development and tests. */
  public static KeyPair generateRsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] decode(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("missing " + begin);
    }
    String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static String encode(byte[] der, String label) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
}
