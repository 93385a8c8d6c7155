package io.creatorgov.kit.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.Money;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  @Test
  void requestIdDoesNotChangeTheFingerprint() {
    AuditStamp a = AuditStamp.newBuilder().setReason("same").setRequestId("r-1").build();
    AuditStamp b = AuditStamp.newBuilder().setReason("same").setRequestId("r-2").build();

    assertThat(RequestFingerprint.of(a)).isEqualTo(RequestFingerprint.of(b)).hasSize(64);
  }

  @Test
  void anyOtherFieldChangesTheFingerprint() {
    AuditStamp a = AuditStamp.newBuilder().setReason("one").build();
    AuditStamp b = AuditStamp.newBuilder().setReason("two").build();

    assertThat(RequestFingerprint.of(a)).isNotEqualTo(RequestFingerprint.of(b));
  }

  @Test
  void messageTypeIsPartOfTheFingerprint() {
    assertThat(RequestFingerprint.of(Money.getDefaultInstance()))
        .isNotEqualTo(RequestFingerprint.of(AuditStamp.getDefaultInstance()));
  }
}
