package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.IdentityVerification;
import io.creatorgov.creator.domain.PerformanceSnapshot;
import io.creatorgov.creator.domain.PolicyAcknowledgement;
import io.creatorgov.creator.domain.TaxProfile;
import io.creatorgov.creator.domain.TierAssessment;
import io.creatorgov.kit.auth.CallerIdentity;
import java.time.OffsetDateTime;

/**
 * How audit stamps and evidence are stored in their rows' payload columns. The stored form is the
 * contract's messages (so rows written before stay readable and the API returns them as stored);
 * the API layer implements it (grpc/ProtoStoredForms), service/ only hands over domain values.
 */
public interface StoredForms {

  /** The audit stamp of a change {@code caller} makes at {@code at}. */
  byte[] stamp(CallerIdentity caller, OffsetDateTime at, String reason, String requestId);

  byte[] identityVerification(IdentityVerification verification);

  IdentityVerification identityVerification(byte[] stored);

  /** Stores a tax profile as given: mask it first ({@link TaxProfile#masked()}). */
  byte[] taxProfile(TaxProfile profile);

  TaxProfile taxProfile(byte[] stored);

  byte[] acknowledgement(PolicyAcknowledgement acknowledgement);

  PolicyAcknowledgement acknowledgement(byte[] stored);

  /** A recorded snapshot, with the stamp of who recorded it. */
  byte[] snapshot(PerformanceSnapshot snapshot, byte[] recorded);

  byte[] assessment(TierAssessment assessment);
}
