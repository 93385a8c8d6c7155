package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.domain.DetectionSource;
import io.creatorgov.enforcement.service.ReportViolation;
import io.creatorgov.enforcement.v1.EvidenceReference;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.kit.time.ProtoTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** Requests into commands: the only place that reads enforcement request messages. */
final class EnforcementRequests {
  private EnforcementRequests() {}

  static ReportViolation reportViolation(ReportViolationRequest r) {
    return new ReportViolation(
        r.getRequestId(),
        r.getCreatorId(),
        r.getMarket(),
        r.getViolationCode(),
        evidence(r),
        r.getEvidenceList().stream()
            .map(EnforcementRequests::summary)
            .collect(Collectors.joining("\n")),
        DetectionSource.valueOf(
            r.getDetectionSource().name().substring("DETECTION_SOURCE_".length())),
        ProtoTime.toInstant(r.getObservedTime()),
        r.getLiveSessionId(),
        r.getContentType().name().substring("CONTENT_TYPE_".length()),
        r.hasContentTime() ? ProtoTime.toInstant(r.getContentTime()) : null,
        r.getHumanReviewed(),
        r.hasNotice()
            ? new ReportViolation.Notice(
                r.getNotice().getNoticeId(),
                r.getNotice().getTrustedFlaggerId(),
                r.getNotice().getTrustedFlaggerName())
            : null);
  }

  /** The references, length-delimited, stored as reported and returned as they were. */
  private static byte[] evidence(ReportViolationRequest r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (EvidenceReference ref : r.getEvidenceList()) {
        ref.writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String summary(EvidenceReference ref) {
    String kind = ref.getKind().name().substring("EVIDENCE_KIND_".length());
    return "- " + kind + " " + ref.getId() + (ref.getNote().isEmpty() ? "" : ": " + ref.getNote());
  }
}
