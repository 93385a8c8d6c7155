package io.creatorgov.enforcement.grpc;

import io.creatorgov.common.v1.ContentType;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.enforcement.v1.DetectionSource;
import io.creatorgov.enforcement.v1.EvidenceKind;
import io.creatorgov.enforcement.v1.EvidenceReference;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReverseEnforcementActionRequest;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Instant;
import java.util.UUID;

/** Requests and ids for the enforcement tests. */
final class EnforcementFixtures {
  private EnforcementFixtures() {}

  static String requestId() {
    return "req-" + UUID.randomUUID();
  }

  static String creatorId() {
    return "cr_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** An automated, unreviewed report of {@code code} observed a minute ago in a live session. */
  static ReportViolationRequest report(String creatorId, String market, String code) {
    return ReportViolationRequest.newBuilder()
        .setRequestId(requestId())
        .setCreatorId(creatorId)
        .setMarket(market)
        .setViolationCode(code)
        .addEvidence(
            EvidenceReference.newBuilder()
                .setKind(EvidenceKind.EVIDENCE_KIND_LIVE_SESSION)
                .setId("live-" + creatorId)
                .setNote("seller showed the item on stream"))
        .setDetectionSource(DetectionSource.DETECTION_SOURCE_AUTOMATED_SIGNAL)
        .setObservedTime(ProtoTime.of(Instant.now().minusSeconds(60)))
        .setLiveSessionId("live-" + creatorId)
        .setContentType(ContentType.CONTENT_TYPE_LIVE_STREAM)
        .build();
  }

  /** A court-ordered reversal of {@code actionId}, restoring the standing when {@code restore}. */
  static ReverseEnforcementActionRequest reversal(String actionId, boolean restore) {
    return ReverseEnforcementActionRequest.newBuilder()
        .setRequestId(requestId())
        .setActionId(actionId)
        .setBasis(ReversalBasis.REVERSAL_BASIS_COURT_ORDER)
        .setReason("court order 12/2026")
        .setRestoreStanding(restore)
        .build();
  }
}
