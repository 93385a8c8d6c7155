package io.creatorgov.policy.service;

import io.creatorgov.policy.domain.EffectiveVersions;
import io.creatorgov.policy.domain.VersionTimeline;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.v1.PolicyVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A policy's published version rows (retired ones included), read as its timeline. */
final class PublishedRows {
  private PublishedRows() {}

  static List<VersionTimeline> timeline(List<PolicyVersionEntity> rows) {
    return rows.stream().map(PublishedRows::timelineOf).toList();
  }

  /** The version in force at {@code at} (0 if none), from the database: no cache in a command. */
  static int versionInForce(List<PolicyVersionEntity> rows, Instant at) {
    return EffectiveVersions.inForceAt(timeline(rows), at).map(VersionTimeline::version).orElse(0);
  }

  /** The document of {@code version} among the rows, or null when there is none. */
  static PolicyVersion document(List<PolicyVersionEntity> rows, Optional<VersionTimeline> version) {
    return version.flatMap(v -> row(rows, v.version())).map(PolicyMapper::document).orElse(null);
  }

  /** The document of the version in force at {@code at}, or null when none is. */
  static PolicyVersion documentInForce(List<PolicyVersionEntity> rows, Instant at) {
    return document(rows, EffectiveVersions.inForceAt(timeline(rows), at));
  }

  private static Optional<PolicyVersionEntity> row(List<PolicyVersionEntity> rows, int version) {
    return rows.stream().filter(r -> r.version == version).findFirst();
  }

  private static VersionTimeline timelineOf(PolicyVersionEntity r) {
    return new VersionTimeline(
        r.version,
        r.effectiveFrom.toInstant(),
        r.retiredAt == null ? null : r.retiredAt.toInstant());
  }
}
