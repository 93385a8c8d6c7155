package io.creatorgov.incentive.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Where a keyset page starts: after the row with {@code time} and {@code id} (both null for the
 * first page). Kept inside a signed page token as {@code <epoch micros>:<id>}.
 */
record PageCursor(OffsetDateTime time, String id) {

  /** The cursor a page token held; null (no token) is the first page. */
  static PageCursor parse(String cursor) {
    if (cursor == null) {
      return new PageCursor(null, null);
    }
    int colon = cursor.indexOf(':');
    long micros = Long.parseLong(cursor.substring(0, colon));
    return new PageCursor(
        Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC),
        cursor.substring(colon + 1));
  }

  /** The cursor of the page after the row with {@code time} and {@code id}. */
  static String after(OffsetDateTime time, String id) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant()) + ":" + id;
  }
}
