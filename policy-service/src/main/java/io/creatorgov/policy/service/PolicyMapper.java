package io.creatorgov.policy.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.repository.PolicyEntity;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.v1.Policy;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.PolicyVersionState;
import io.creatorgov.policy.v1.PolicyVersionView;
import java.util.Arrays;

/** Stored rows → contract messages. */
public final class PolicyMapper {
  private PolicyMapper() {}

  public static String etag(long rowVersion) {
    return "v" + rowVersion;
  }

  public static Policy toPolicy(PolicyEntity e, int effectiveVersion) {
    return Policy.newBuilder()
        .setKey(e.policyKey)
        .setKind(PolicyKind.valueOf(e.kind))
        .setDisplayName(e.title)
        .setDescription(e.description == null ? "" : e.description)
        .setLatestVersion(e.latestVersion)
        .setEffectiveVersion(effectiveVersion)
        .setEtag(etag(e.rowVersion))
        .setCreateTime(ProtoTime.of(e.createTime))
        .setUpdateTime(ProtoTime.of(e.updateTime))
        .setCreatedBy(stamp(e.createdBy))
        .build();
  }

  public static PolicyVersion toVersion(
      PolicyVersionEntity e, String kind, PolicyVersionView view) {
    PolicyVersion document = document(e);
    PolicyVersion.Builder b =
        PolicyVersion.newBuilder()
            .setPolicyKey(e.policyKey)
            .setVersion(e.version)
            .setKind(PolicyKind.valueOf(kind))
            .setState(PolicyVersionState.valueOf("POLICY_VERSION_STATE_" + e.state))
            .setChangeSummary(document.getChangeSummary())
            .setSourceVersion(e.sourceVersion)
            .setAuthor(stamp(e.author))
            .addAllContributorSubjects(
                Arrays.stream(e.contributors.split("\n"))
                    .filter(s -> !s.isEmpty())
                    .sorted()
                    .toList())
            .setEtag(etag(e.rowVersion))
            .setCreateTime(ProtoTime.of(e.createTime))
            .setUpdateTime(ProtoTime.of(e.updateTime));
    if (view != PolicyVersionView.POLICY_VERSION_VIEW_BASIC) {
      b.setBaseContent(document.getBaseContent()).addAllOverlays(document.getOverlaysList());
    }
    if (e.effectiveFrom != null) {
      b.setEffectiveTime(ProtoTime.of(e.effectiveFrom));
    }
    if (e.lastEditor != null) {
      b.setLastEditor(stamp(e.lastEditor));
    }
    if (e.approver != null) {
      b.setApprover(stamp(e.approver));
    }
    if (e.publisher != null) {
      b.setPublisher(stamp(e.publisher));
    }
    if (e.retirer != null) {
      b.setRetirer(stamp(e.retirer));
    }
    return b.build();
  }

  public static PolicyVersion document(PolicyVersionEntity e) {
    try {
      return PolicyVersion.parseFrom(e.document);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException(
          "corrupt policy version " + e.policyKey + "/" + e.version, ex);
    }
  }

  public static AuditStamp stamp(byte[] bytes) {
    try {
      return AuditStamp.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt audit stamp", ex);
    }
  }
}
