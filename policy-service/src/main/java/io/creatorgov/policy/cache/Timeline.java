package io.creatorgov.policy.cache;

import io.creatorgov.policy.domain.VersionTimeline;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What resolution needs to know about one policy: its kind, title and the published history of its
 * versions. Cached per policy key (Redis and in-process) and invalidated on publish and retire.
 */
public record Timeline(
    String policyKey, String kind, String title, List<VersionTimeline> versions) {

  public Timeline {
    versions = List.copyOf(versions);
  }

  /**
   * Compact text form for Redis: {@code key|kind|base64(title)|v:from:retired;...}, instants as
   * {@code seconds.nanos} so no precision is lost (the answer must not depend on the cache layer).
   */
  public byte[] encode() {
    StringBuilder s = new StringBuilder();
    s.append(policyKey)
        .append('|')
        .append(kind)
        .append('|')
        .append(Base64.getEncoder().encodeToString(title.getBytes(StandardCharsets.UTF_8)))
        .append('|');
    for (VersionTimeline v : versions) {
      s.append(v.version())
          .append(':')
          .append(instant(v.effectiveFrom()))
          .append(':')
          .append(v.retiredAt() == null ? "" : instant(v.retiredAt()))
          .append(';');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static Timeline decode(byte[] bytes) {
    String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\\|", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("corrupt timeline entry");
    }
    List<VersionTimeline> versions = new ArrayList<>();
    for (String item : parts[3].split(";")) {
      if (item.isEmpty()) {
        continue;
      }
      String[] f = item.split(":", -1);
      versions.add(
          new VersionTimeline(
              Integer.parseInt(f[0]), instant(f[1]), f[2].isEmpty() ? null : instant(f[2])));
    }
    return new Timeline(
        parts[0],
        parts[1],
        new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8),
        versions);
  }

  private static String instant(Instant i) {
    return i.getEpochSecond() + "." + i.getNano();
  }

  private static Instant instant(String s) {
    int dot = s.indexOf('.');
    return Instant.ofEpochSecond(
        Long.parseLong(s.substring(0, dot)), Long.parseLong(s.substring(dot + 1)));
  }
}
