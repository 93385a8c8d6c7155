package io.creatorgov.creator.domain;

import java.time.Instant;

/**
 * An identity verification result.
 *
 * @param outcome null when not given (refused on submission)
 * @param verifyTime null when not given (refused on submission)
 */
public record IdentityVerification(
    String provider,
    String verificationReference,
    IdentityVerificationOutcome outcome,
    Instant verifyTime) {}
