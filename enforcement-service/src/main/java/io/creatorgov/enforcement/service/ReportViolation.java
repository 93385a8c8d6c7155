package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.DetectionSource;
import java.time.Instant;
import java.util.Objects;

/**
 * ReportViolation's input, as the API layer maps it.
 *
 * @param evidence the evidence references, encoded by the API layer (stored and returned as is)
 * @param evidenceSummary one line per reference, for the statement's facts and circumstances
 * @param contentType the reported content type's name, for example {@code LIVE_STREAM}
 * @param contentTime when the content was created or went live; null when not reported
 * @param notice the DSA notice; null when none was given
 */
public record ReportViolation(
    String requestId,
    String creatorId,
    String market,
    String violationCode,
    byte[] evidence,
    String evidenceSummary,
    DetectionSource detectionSource,
    Instant observedTime,
    String liveSessionId,
    String contentType,
    Instant contentTime,
    boolean humanReviewed,
    Notice notice) {

  /** The DSA notice behind a USER_REPORT or TRUSTED_FLAGGER detection. */
  public record Notice(String noticeId, String trustedFlaggerId, String trustedFlaggerName) {}

  public ReportViolation {
    Objects.requireNonNull(detectionSource, "detectionSource");
    Objects.requireNonNull(observedTime, "observedTime");
  }
}
