package io.creatorgov.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ActorKind;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private final TokenVerifier verifier =
      new TokenVerifier(
          TestKeys.SIGNING.getPublic(), TestKeys.ISSUER, Optional.empty(), Duration.ofSeconds(5));

  @Test
  void validTokenYieldsSubjectRolesAndMarketScope() {
    String token =
        TestKeys.token()
            .subject("ops-ana")
            .roles(Role.CREATOR_OPS, Role.AUDITOR)
            .markets("ID", "my")
            .mint();

    CallerIdentity caller = verifier.verify(token);

    assertThat(caller.subject()).isEqualTo("ops-ana");
    assertThat(caller.roles()).containsExactlyInAnyOrder(Role.CREATOR_OPS, Role.AUDITOR);
    assertThat(caller.marketScope()).containsExactlyInAnyOrder("ID", "MY");
    assertThat(caller.kind()).isEqualTo(ActorKind.ACTOR_KIND_USER);
    assertThat(caller.tokenId()).isNotEmpty();
  }

  @Test
  void serviceAccountTokenIsAServiceActor() {
    CallerIdentity caller =
        verifier.verify(TestKeys.token().subject("enforcement-service").roles(Role.SERVICE).mint());

    assertThat(caller.isService()).isTrue();
    assertThat(caller.toActor().getKind()).isEqualTo(ActorKind.ACTOR_KIND_SERVICE);
    assertThat(caller.toActor().getSubject()).isEqualTo("enforcement-service");
  }

  @Test
  void unknownRoleClaimsGrantNothing() {
    CallerIdentity caller =
        verifier.verify(TestKeys.token().rawRoles("superuser", "auditor").mint());

    assertThat(caller.roles()).containsExactly(Role.AUDITOR);
  }

  @Test
  void expiredTokenIsRejectedAsExpired() {
    String token =
        TestKeys.token()
            .issuedAt(Instant.now().minus(Duration.ofHours(2)))
            .ttl(Duration.ofHours(1))
            .mint();

    assertThat(reasonOf(token)).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_EXPIRED);
  }

  @Test
  void tokenSignedWithAnotherKeyIsInvalid() {
    String token = DevTokens.with(TestKeys.OTHER.getPrivate(), TestKeys.ISSUER).mint();

    assertThat(reasonOf(token)).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  @Test
  void tokenFromAnotherIssuerIsInvalid() {
    String token = DevTokens.with(TestKeys.SIGNING.getPrivate(), "https://evil.example").mint();

    assertThat(reasonOf(token)).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  @Test
  void tamperedPayloadIsInvalid() {
    String token = TestKeys.token().roles(Role.AUDITOR).mint();
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("auditor", "governance-admin");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertThat(reasonOf(forged)).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  @Test
  void unsignedAndHmacTokensAreNeverAccepted() throws Exception {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String body =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"iss\":\""
                        + TestKeys.ISSUER
                        + "\",\"sub\":\"x\",\"groups\":[\"governance-admin\"],\"exp\":"
                        + (Instant.now().getEpochSecond() + 600)
                        + "}")
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(reasonOf(header + "." + body + "."))
        .isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);

    JsonWebSignature hmac = new JsonWebSignature();
    hmac.setPayload(new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8));
    hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    hmac.setKey(new HmacKey(TestKeys.SIGNING.getPublic().getEncoded()));
    hmac.setDoKeyValidation(false);
    assertThat(reasonOf(hmac.getCompactSerialization()))
        .isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  @Test
  void garbageIsInvalid() {
    assertThat(reasonOf("not-a-jwt")).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  @Test
  void audienceIsEnforcedWhenConfigured() {
    TokenVerifier strict =
        new TokenVerifier(
            TestKeys.SIGNING.getPublic(),
            TestKeys.ISSUER,
            Optional.of("creator-service"),
            Duration.ZERO);

    assertThat(strict.verify(TestKeys.token().audience("creator-service").mint()).subject())
        .isEqualTo("dev-user");
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> strict.verify(TestKeys.token().audience("policy-service").mint()));
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_TOKEN_INVALID);
  }

  private ErrorReason reasonOf(String token) {
    return catchThrowableOfType(ApiException.class, () -> verifier.verify(token)).reason();
  }
}
