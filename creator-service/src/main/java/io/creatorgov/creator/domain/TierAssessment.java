package io.creatorgov.creator.domain;

import java.time.Instant;

/**
 * One recorded assessment of a creator's tier from a snapshot.
 *
 * @param previousTier NONE when the creator had no tier yet
 */
public record TierAssessment(
    String assessmentId,
    String creatorId,
    CreatorTier tier,
    CreatorTier previousTier,
    boolean tierChanged,
    String snapshotId,
    PolicyRef thresholdsPolicy,
    Instant assessTime) {}
