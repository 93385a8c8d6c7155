package io.creatorgov.creator.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.creator.domain.IdentityVerification;
import io.creatorgov.creator.domain.PerformanceSnapshot;
import io.creatorgov.creator.domain.PolicyAcknowledgement;
import io.creatorgov.creator.domain.TaxProfile;
import io.creatorgov.creator.domain.TierAssessment;
import io.creatorgov.creator.service.StoredForms;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.time.ProtoTime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Stamps and evidence stored as the contract's messages: the bytes the API returns as stored
 * (OnboardingChecklists, GetTier) and rows written before this class existed.
 */
@ApplicationScoped
public class ProtoStoredForms implements StoredForms {

  @Override
  public byte[] stamp(CallerIdentity caller, OffsetDateTime at, String reason, String requestId) {
    return caller.stamp(at, reason, requestId).toByteArray();
  }

  @Override
  public byte[] identityVerification(IdentityVerification v) {
    return toProto(v).toByteArray();
  }

  @Override
  public IdentityVerification identityVerification(byte[] stored) {
    try {
      return fromProto(io.creatorgov.creator.v1.IdentityVerification.parseFrom(stored));
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(e);
    }
  }

  @Override
  public byte[] taxProfile(TaxProfile p) {
    return toProto(p).toByteArray();
  }

  @Override
  public TaxProfile taxProfile(byte[] stored) {
    try {
      return fromProto(io.creatorgov.creator.v1.TaxProfile.parseFrom(stored));
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(e);
    }
  }

  @Override
  public byte[] acknowledgement(PolicyAcknowledgement a) {
    return toProto(a).toByteArray();
  }

  @Override
  public PolicyAcknowledgement acknowledgement(byte[] stored) {
    try {
      var a = io.creatorgov.creator.v1.PolicyAcknowledgement.parseFrom(stored);
      return new PolicyAcknowledgement(
          a.getPolicyKey(),
          a.getPolicyVersion(),
          a.hasAcknowledgeTime() ? ProtoTime.toInstant(a.getAcknowledgeTime()) : null);
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(e);
    }
  }

  @Override
  public byte[] snapshot(PerformanceSnapshot snapshot, byte[] recorded) {
    return toProto(snapshot).toBuilder()
        .setRecorded(CreatorMessages.stamp(recorded))
        .build()
        .toByteArray();
  }

  @Override
  public byte[] assessment(TierAssessment assessment) {
    return toProto(assessment).toByteArray();
  }

  // ---- domain ⇄ contract ------------------------------------------------------------------------

  static io.creatorgov.creator.v1.IdentityVerification toProto(IdentityVerification v) {
    var b =
        io.creatorgov.creator.v1.IdentityVerification.newBuilder()
            .setProvider(v.provider())
            .setVerificationReference(v.verificationReference())
            .setOutcome(Vocabulary.outcome(v.outcome()));
    if (v.verifyTime() != null) {
      b.setVerifyTime(ProtoTime.of(v.verifyTime()));
    }
    return b.build();
  }

  static IdentityVerification fromProto(io.creatorgov.creator.v1.IdentityVerification v) {
    return new IdentityVerification(
        v.getProvider(),
        v.getVerificationReference(),
        Vocabulary.outcome(v.getOutcome()),
        v.hasVerifyTime() ? ProtoTime.toInstant(v.getVerifyTime()) : null);
  }

  static io.creatorgov.creator.v1.TaxProfile toProto(TaxProfile p) {
    return io.creatorgov.creator.v1.TaxProfile.newBuilder()
        .setScheme(p.scheme())
        .setTaxId(p.taxId())
        .setTaxIdMasked(p.taxIdMasked())
        .setLegalName(p.legalName())
        .setTaxResidenceMarket(p.taxResidenceMarket())
        .build();
  }

  static TaxProfile fromProto(io.creatorgov.creator.v1.TaxProfile p) {
    return new TaxProfile(
        p.getScheme(),
        p.getTaxId(),
        p.getTaxIdMasked(),
        p.getLegalName(),
        p.getTaxResidenceMarket());
  }

  static io.creatorgov.creator.v1.PolicyAcknowledgement toProto(PolicyAcknowledgement a) {
    var b =
        io.creatorgov.creator.v1.PolicyAcknowledgement.newBuilder()
            .setPolicyKey(a.policyKey())
            .setPolicyVersion(a.policyVersion());
    if (a.acknowledgeTime() != null) {
      b.setAcknowledgeTime(ProtoTime.of(a.acknowledgeTime()));
    }
    return b.build();
  }

  static io.creatorgov.creator.v1.PerformanceSnapshot toProto(PerformanceSnapshot s) {
    var b =
        io.creatorgov.creator.v1.PerformanceSnapshot.newBuilder()
            .setSnapshotId(s.snapshotId())
            .setCreatorId(s.creatorId())
            .setOrders(s.orders())
            .setQualityScore(s.qualityScore());
    if (s.periodStart() != null || s.periodEnd() != null) {
      var period = TimeWindow.newBuilder();
      if (s.periodStart() != null) {
        period.setStartTime(ProtoTime.of(s.periodStart()));
      }
      if (s.periodEnd() != null) {
        period.setEndTime(ProtoTime.of(s.periodEnd()));
      }
      b.setPeriod(period);
    }
    if (s.gmv() != null) {
      b.setGmv(
          Money.newBuilder()
              .setAmountMinor(s.gmv().amountMinor())
              .setCurrencyCode(s.gmv().currencyCode()));
    }
    if (s.liveDuration() != null) {
      b.setLiveDuration(ProtoTime.of(s.liveDuration()));
    }
    return b.build();
  }

  static PerformanceSnapshot fromProto(io.creatorgov.creator.v1.PerformanceSnapshot s) {
    TimeWindow period = s.getPeriod();
    return new PerformanceSnapshot(
        s.getSnapshotId(),
        s.getCreatorId(),
        s.hasPeriod() && period.hasStartTime() ? ProtoTime.toInstant(period.getStartTime()) : null,
        s.hasPeriod() && period.hasEndTime() ? ProtoTime.toInstant(period.getEndTime()) : null,
        s.hasGmv()
            ? new io.creatorgov.creator.domain.Money(
                s.getGmv().getAmountMinor(), s.getGmv().getCurrencyCode())
            : null,
        s.hasLiveDuration() ? ProtoTime.toDuration(s.getLiveDuration()) : null,
        s.getOrders(),
        s.getQualityScore());
  }

  static io.creatorgov.creator.v1.TierAssessment toProto(TierAssessment a) {
    return io.creatorgov.creator.v1.TierAssessment.newBuilder()
        .setAssessmentId(a.assessmentId())
        .setCreatorId(a.creatorId())
        .setTier(Vocabulary.tier(a.tier()))
        .setPreviousTier(Vocabulary.tier(a.previousTier()))
        .setTierChanged(a.tierChanged())
        .setSnapshotId(a.snapshotId())
        .setThresholdsPolicy(CreatorMessages.policyRef(a.thresholdsPolicy()))
        .setAssessTime(ProtoTime.of(a.assessTime()))
        .build();
  }

  private static IllegalStateException corrupt(InvalidProtocolBufferException e) {
    return new IllegalStateException("corrupt onboarding submission", e);
  }
}
