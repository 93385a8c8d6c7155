package io.creatorgov.kit.time;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between java.time and protobuf well-known types. */
public final class ProtoTime {
  private ProtoTime() {}

  private static final long MIN_SECONDS = -62_135_596_800L; // 0001-01-01T00:00:00Z
  private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

  /** A well-formed protobuf Timestamp (years 1-9999, nanos 0-999,999,999). */
  public static boolean isValid(Timestamp ts) {
    return ts.getSeconds() >= MIN_SECONDS
        && ts.getSeconds() <= MAX_SECONDS
        && ts.getNanos() >= 0
        && ts.getNanos() <= 999_999_999;
  }

  public static Timestamp of(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Timestamp of(OffsetDateTime time) {
    return of(time.toInstant());
  }

  public static Instant toInstant(Timestamp ts) {
    return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
  }

  public static OffsetDateTime toOffsetDateTime(Timestamp ts) {
    return toInstant(ts).atOffset(ZoneOffset.UTC);
  }

  public static java.time.Duration toDuration(Duration d) {
    return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  public static Duration of(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }
}
