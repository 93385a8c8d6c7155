package io.creatorgov.kit.paging;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident page tokens.
 *
 * <p>A token is {@code base64url(version | expiry | query-hash | cursor | hmac)}: the cursor (for
 * example the last row's sort key) is bound to the query it was issued for and signed with
 * HMAC-SHA256. A token that was edited, truncated, signed with another key, issued for a different
 * query (other filters or ordering) or has expired is refused with INVALID_ARGUMENT
 * INVALID_PAGE_TOKEN on field {@code page_token}. The cursor is not encrypted: do not put secrets
 * in it.
 */
public final class PageTokens {
  private static final byte VERSION = 1;
  private static final int QUERY_HASH_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final int HEADER_BYTES = 1 + Long.BYTES + QUERY_HASH_BYTES;

  private final byte[] secret;
  private final Clock clock;
  private final Duration ttl;

  /**
   * @param secret HMAC key, at least 32 bytes; all instances of a service must share it
   * @param ttl how long a token stays usable
   */
  public PageTokens(byte[] secret, Clock clock, Duration ttl) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("page token secret must be at least 32 bytes");
    }
    this.secret = secret.clone();
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * Issues a token for the next page.
   *
   * @param query a canonical description of the query (filters and ordering, not the page size)
   * @param cursor where the next page starts
   */
  public String encode(String query, String cursor) {
    byte[] cursorBytes = cursor.getBytes(StandardCharsets.UTF_8);
    ByteBuffer body = ByteBuffer.allocate(HEADER_BYTES + cursorBytes.length);
    body.put(VERSION);
    body.putLong(clock.instant().plus(ttl).getEpochSecond());
    body.put(queryHash(query));
    body.put(cursorBytes);
    byte[] payload = body.array();
    byte[] mac = mac(payload);
    byte[] token = Arrays.copyOf(payload, payload.length + MAC_BYTES);
    System.arraycopy(mac, 0, token, payload.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * Reads a token back.
   *
   * @return the cursor, or {@code null} for an empty token (the first page)
   * @throws ApiException INVALID_ARGUMENT INVALID_PAGE_TOKEN if the token does not verify
   */
  public String decode(String token, String query) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid("is not a page token issued by this service");
    }
    if (raw.length < HEADER_BYTES + MAC_BYTES || raw[0] != VERSION) {
      throw invalid("is not a page token issued by this service");
    }
    byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(mac, mac(payload))) {
      throw invalid("has been altered or was not issued by this service");
    }
    ByteBuffer body = ByteBuffer.wrap(payload);
    body.get();
    long expiry = body.getLong();
    byte[] hash = new byte[QUERY_HASH_BYTES];
    body.get(hash);
    if (!MessageDigest.isEqual(hash, queryHash(query))) {
      throw invalid("was issued for a different query; keep the same filters and order by");
    }
    if (clock.instant().getEpochSecond() > expiry) {
      throw invalid("has expired; start again from the first page");
    }
    byte[] cursor = new byte[body.remaining()];
    body.get(cursor);
    return new String(cursor, StandardCharsets.UTF_8);
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] queryHash(String query) {
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(sha, QUERY_HASH_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException invalid(String why) {
    return new ApiException(
        ErrorReason.ERROR_REASON_INVALID_PAGE_TOKEN,
        "page_token " + why,
        Map.of(),
        List.of(new FieldViolation("page_token", why)),
        List.of(),
        null);
  }
}
