package io.creatorgov.policy.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which published version of a policy is in force at a time (the effectivity rule documented on
 * {@code PolicyVersion}).
 *
 * <p>A version is effective at T when it was published with {@code effective_from} <= T and had not
 * been retired at or before T ({@code retirer.time} > T or unset). Of the versions effective at T,
 * the one with the latest {@code effective_from} wins; a tie goes to the higher version number.
 * Retiring the winner therefore makes the next one by that rule effective again (a rollback), or
 * none.
 */
public final class EffectiveVersions {

  /** The maximum wins: the later effective_from, then the higher version number. */
  private static final Comparator<VersionTimeline> PRECEDENCE =
      Comparator.comparing(VersionTimeline::effectiveFrom)
          .thenComparingInt(VersionTimeline::version);

  private EffectiveVersions() {}

  /**
   * The version in force at {@code t}, or empty when none is.
   *
   * @param published every published version of one policy (retired ones included; never-published
   *     drafts must not be passed)
   */
  public static Optional<VersionTimeline> inForceAt(
      Collection<VersionTimeline> published, Instant t) {
    Objects.requireNonNull(t, "t");
    return published.stream().filter(v -> v.effectiveAt(t)).max(PRECEDENCE);
  }

  /**
   * The next instant after {@code t} at which the answer of {@link #inForceAt} changes, or empty
   * when it never changes again with the versions published so far.
   *
   * <p>The answer can only change at an {@code effectiveFrom} or a {@code retiredAt}; of those
   * strictly after {@code t}, this returns the first one at which the version in force actually
   * differs from the one at {@code t}. So a scheduled version that was retired before its
   * effective_from (cancelled), a later-starting version that loses the tie-break, or the
   * retirement of an already superseded version yields no change instant. Between {@code t} and the
   * returned instant (exclusive) the answer stays that of {@code t}; a near cache may keep it until
   * then.
   */
  public static Optional<Instant> nextChangeAfter(
      Collection<VersionTimeline> published, Instant t) {
    Objects.requireNonNull(t, "t");
    TreeSet<Instant> candidates = new TreeSet<>();
    for (VersionTimeline v : published) {
      candidates.add(v.effectiveFrom());
      if (v.retiredAt() != null) {
        candidates.add(v.retiredAt());
      }
    }
    Optional<Integer> current = inForceAt(published, t).map(VersionTimeline::version);
    for (Instant candidate : candidates.tailSet(t, false)) {
      if (!inForceAt(published, candidate).map(VersionTimeline::version).equals(current)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
