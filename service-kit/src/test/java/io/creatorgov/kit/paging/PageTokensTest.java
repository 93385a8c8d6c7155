package io.creatorgov.kit.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokensTest {
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String QUERY = "creators?market=ID&status=ACTIVE&order=created_at,id";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
  private final PageTokens tokens = new PageTokens(SECRET, clock, Duration.ofMinutes(30));

  @Test
  void tokenRoundTripsItsCursor() {
    String token = tokens.encode(QUERY, "2026-11-20T10:00:00Z|cr-0042");

    assertThat(tokens.decode(token, QUERY)).isEqualTo("2026-11-20T10:00:00Z|cr-0042");
    assertThat(token).doesNotContain("cr-0042");
  }

  @Test
  void emptyTokenMeansFirstPage() {
    assertThat(tokens.decode("", QUERY)).isNull();
  }

  @Test
  void everySingleFlippedByteIsDetected() {
    byte[] raw = Base64.getUrlDecoder().decode(tokens.encode(QUERY, "cursor-1"));
    for (int i = 0; i < raw.length; i++) {
      byte[] tampered = raw.clone();
      tampered[i] ^= 0x01;
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
      assertThat(reasonOf(() -> tokens.decode(token, QUERY)))
          .as("byte %d flipped", i)
          .isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
    }
  }

  @Test
  void tokenForAnotherQueryIsRejected() {
    String token = tokens.encode(QUERY, "cursor-1");

    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> tokens.decode(token, "creators?market=VN&status=ACTIVE"));
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
    assertThat(e.fieldViolations()).extracting(FieldViolation::field).containsExactly("page_token");
  }

  @Test
  void tokenSignedWithAnotherSecretIsRejected() {
    PageTokens other =
        new PageTokens(
            "another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8),
            clock,
            Duration.ofMinutes(30));

    String token = other.encode(QUERY, "cursor-1");

    assertThat(reasonOf(() -> tokens.decode(token, QUERY)))
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
  }

  @Test
  void expiredTokenIsRejected() {
    String token = tokens.encode(QUERY, "cursor-1");
    clock.advance(Duration.ofMinutes(31));

    assertThat(reasonOf(() -> tokens.decode(token, QUERY)))
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
  }

  @Test
  void garbageAndTruncatedTokensAreRejected() {
    String token = tokens.encode(QUERY, "cursor-1");

    assertThat(reasonOf(() -> tokens.decode("%%%not-base64", QUERY)))
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
    assertThat(reasonOf(() -> tokens.decode(token.substring(0, 10), QUERY)))
        .isEqualTo(ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN);
  }

  @Test
  void pageSizeFollowsAip158() {
    assertThat(PageSize.resolve(0)).isEqualTo(50);
    assertThat(PageSize.resolve(20)).isEqualTo(20);
    assertThat(PageSize.resolve(10_000)).isEqualTo(500);
    assertThat(
            catchThrowableOfType(ApiException.class, () -> PageSize.resolve(-1)).fieldViolations())
        .extracting(FieldViolation::field)
        .containsExactly("page_size");
  }

  private static ErrorReason reasonOf(Runnable r) {
    return catchThrowableOfType(ApiException.class, r::run).reason();
  }
}
