package io.creatorgov.policy.domain;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What retiring one version at an instant does to the policy's published timeline: which version
 * was in force, whether it was the one retired, and which one is in force after.
 *
 * @param inForceBefore the version in force at the instant before the retirement
 * @param wasEffective whether the retired version was that one
 * @param inForceAfter the version in force at the instant once it is retired
 */
public record RetirementImpact(
    Optional<VersionTimeline> inForceBefore,
    boolean wasEffective,
    Optional<VersionTimeline> inForceAfter) {

  /**
   * @param published the policy's published timeline (retired versions included)
   * @param version the version being retired (a draft is not in {@code published})
   * @param at when it is retired
   */
  public static RetirementImpact of(List<VersionTimeline> published, int version, Instant at) {
    Optional<VersionTimeline> before = EffectiveVersions.inForceAt(published, at);
    boolean wasEffective = before.map(t -> t.version() == version).orElse(false);
    List<VersionTimeline> after = new ArrayList<>();
    for (VersionTimeline t : published) {
      after.add(
          t.version() == version ? new VersionTimeline(t.version(), t.effectiveFrom(), at) : t);
    }
    return new RetirementImpact(before, wasEffective, EffectiveVersions.inForceAt(after, at));
  }

  /** The version in force after the retirement, 0 when none. */
  public int effectiveAfter() {
    return inForceAfter.map(VersionTimeline::version).orElse(0);
  }

  /**
   * The effective version after the command as RetirePolicyVersion answers it: for a version that
   * was never published (nothing changes), the one in force before.
   */
  public int effectiveVersionAfter(boolean wasPublished) {
    return wasPublished ? effectiveAfter() : inForceBefore.map(VersionTimeline::version).orElse(0);
  }

  /**
   * Refuses (FAILED_PRECONDITION) to retire the version in force when no other would take its
   * place, unless the caller allowed that.
   */
  public void requireVersionInForce(boolean allowNone, String policyKey, int version) {
    if (wasEffective && effectiveAfter() == 0 && !allowNone) {
      throw ApiException.precondition(
          ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
          "retiring version "
              + version
              + " would leave no version in force; set allow_no_effective_version",
          List.of(
              new PreconditionViolation(
                  "EFFECTIVE_VERSION", policyKey, "no other published version would be in force")));
    }
  }
}
