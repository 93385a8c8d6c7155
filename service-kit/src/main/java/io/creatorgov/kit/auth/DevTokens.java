package io.creatorgov.kit.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Mints RS256 tokens in the shape {@link TokenVerifier} accepts. For development and tests only:
 * production tokens come from the platform's identity provider.
 *
 * <p>Command line: {@code java -cp ... io.creatorgov.kit.auth.DevTokens <private-key.pem> <issuer>
 * <subject> <roles,comma,separated> [markets,comma,separated] [ttl-seconds]}.
 */
public final class DevTokens {
  private DevTokens() {}

  /** A token builder with sensible defaults: one hour of validity, no market scope. */
  public static Builder with(PrivateKey signingKey, String issuer) {
    return new Builder(signingKey, issuer);
  }

  /** Builds one token. */
  public static final class Builder {
    private final PrivateKey key;
    private final String issuer;
    private String subject = "dev-user";
    private final List<String> roles = new ArrayList<>();
    private final List<String> markets = new ArrayList<>();
    private Instant issuedAt = Instant.now();
    private Duration ttl = Duration.ofHours(1);
    private String audience;
    private String keyId;

    private Builder(PrivateKey key, String issuer) {
      this.key = key;
      this.issuer = issuer;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder roles(Role... roles) {
      Arrays.stream(roles).map(Role::claim).forEach(this.roles::add);
      return this;
    }

    /** Raw role claims, including ones the suite does not know (for tests). */
    public Builder rawRoles(String... roles) {
      this.roles.addAll(Arrays.asList(roles));
      return this;
    }

    public Builder markets(String... markets) {
      this.markets.addAll(Arrays.asList(markets));
      return this;
    }

    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    public Builder audience(String audience) {
      this.audience = audience;
      return this;
    }

    /** The {@code kid} header: which key of the provider's key set signed the token. */
    public Builder keyId(String keyId) {
      this.keyId = keyId;
      return this;
    }

    public String mint() {
      JwtClaims claims = new JwtClaims();
      claims.setIssuer(issuer);
      claims.setSubject(subject);
      claims.setJwtId(UUID.randomUUID().toString());
      claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
      claims.setExpirationTime(NumericDate.fromSeconds(issuedAt.plus(ttl).getEpochSecond()));
      claims.setStringListClaim("groups", roles);
      if (!markets.isEmpty()) {
        claims.setStringListClaim("markets", markets);
      }
      if (audience != null) {
        claims.setAudience(audience);
      }
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(key);
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      jws.setHeader("typ", "JWT");
      if (keyId != null) {
        jws.setKeyIdHeaderValue(keyId);
      }
      try {
        return jws.getCompactSerialization();
      } catch (JoseException e) {
        throw new IllegalStateException("cannot sign token", e);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: DevTokens <private-key.pem> <issuer> <subject> <roles> [markets] [ttl-seconds]");
      System.exit(2);
    }
    PrivateKey key = PemKeys.parsePrivateKey(Files.readString(Path.of(args[0])));
    Builder builder = with(key, args[1]).subject(args[2]).rawRoles(args[3].split(","));
    if (args.length > 4 && !args[4].isBlank()) {
      builder.markets(args[4].split(","));
    }
    if (args.length > 5) {
      builder.ttl(Duration.ofSeconds(Long.parseLong(args[5])));
    }
    System.out.println(builder.mint());
  }
}
