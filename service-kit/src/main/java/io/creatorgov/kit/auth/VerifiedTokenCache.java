package io.creatorgov.kit.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Callers of tokens already verified, so a caller presenting the same bearer token on every call
 * costs one RSA verification per token, not per call (the signature check, JSON parsing and base64
 * decoding were most of the CPU of a warm call).
 *
 * <p>Keyed by the SHA-256 of the token (the token itself is never kept); bounded by {@code
 * capacity} (expired entries go first, then an arbitrary tenth); an entry is never used at or past
 * the token's {@code exp} (without the clock skew verification tolerates: after expiry the token is
 * verified again, and refused once the skew is used up); and an entry is used only while the
 * verification keys are the ones it was verified with, so a signing key revoked (removed from the
 * identity provider's key set) drops every token it signed at the next refresh of the set. Refused
 * tokens are never kept.
 */
final class VerifiedTokenCache {
  private record Entry(CallerIdentity caller, Instant expiresAt, long keysVersion) {}

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private final int capacity;
  private final Clock clock;
  private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  VerifiedTokenCache(int capacity, Clock clock) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0");
    }
    this.capacity = capacity;
    this.clock = clock;
  }

  /** The caller of a token verified with the keys of {@code keysVersion}, or null. */
  CallerIdentity get(String token, long keysVersion) {
    if (capacity == 0) {
      return null;
    }
    ByteBuffer key = digest(token);
    Entry e = entries.get(key);
    if (e != null && e.keysVersion() == keysVersion && clock.instant().isBefore(e.expiresAt())) {
      hits.increment();
      return e.caller();
    }
    if (e != null) {
      entries.remove(key, e);
    }
    misses.increment();
    return null;
  }

  /** Keeps a token just verified (with the keys of {@code keysVersion}) until its expiry. */
  void put(String token, CallerIdentity caller, Instant expiresAt, long keysVersion) {
    if (capacity == 0 || !clock.instant().isBefore(expiresAt)) {
      return;
    }
    if (entries.size() >= capacity) {
      makeRoom();
    }
    entries.put(digest(token), new Entry(caller, expiresAt, keysVersion));
  }

  int size() {
    return entries.size();
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  /** Expired entries first; if still full, an arbitrary tenth (at least one). */
  private synchronized void makeRoom() {
    if (entries.size() < capacity) {
      return;
    }
    Instant now = clock.instant();
    entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
    if (entries.size() < capacity) {
      return;
    }
    int excess = entries.size() - capacity + Math.max(1, capacity / 10);
    Iterator<ByteBuffer> it = entries.keySet().iterator();
    while (excess-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private static ByteBuffer digest(String token) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.US_ASCII)));
  }
}
