package io.creatorgov.policy.grpc;

import io.creatorgov.kit.feed.FeedItem;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.service.IdempotentCall;
import io.creatorgov.policy.service.PolicyAuthoring.NewPolicy;
import io.creatorgov.policy.service.PolicyAuthoring.PolicyEdit;
import io.creatorgov.policy.service.PolicyChangeFeed.WatchFilter;
import io.creatorgov.policy.service.PolicyPublication.Approval;
import io.creatorgov.policy.service.PolicyPublication.Publication;
import io.creatorgov.policy.service.PolicyQueries.DiffQuery;
import io.creatorgov.policy.service.PolicyQueries.Page;
import io.creatorgov.policy.service.PolicyQueries.PolicyListing;
import io.creatorgov.policy.service.PolicyQueries.Resolution;
import io.creatorgov.policy.service.PolicyQueries.Rulebook;
import io.creatorgov.policy.service.PolicyQueries.RulebookQuery;
import io.creatorgov.policy.service.PolicyQueries.VersionDiff;
import io.creatorgov.policy.service.PolicyQueries.VersionListing;
import io.creatorgov.policy.service.PolicyRetirement.Retired;
import io.creatorgov.policy.service.PolicyRetirement.Retirement;
import io.creatorgov.policy.service.PolicyVersionDrafts.DraftEdit;
import io.creatorgov.policy.service.PolicyVersionDrafts.NewDraft;
import io.creatorgov.policy.v1.*;
import java.util.Optional;

/**
 * PolicyService requests → the use cases' commands and queries, and their results → responses. A
 * command's {@link IdempotentCall} names its RPC and carries the request (fingerprinted for
 * request-id reuse) and how its response is built, stored and replayed.
 */
final class PolicyProtoMapper {
  private PolicyProtoMapper() {}

  // ---- commands

  static NewPolicy command(CreatePolicyRequest r) {
    Policy p = r.getPolicy();
    return new NewPolicy(
        p.getKey(), p.getKind(), p.getDisplayName(), p.getDescription(), r.getRequestId());
  }

  static IdempotentCall<Policy, CreatePolicyResponse> idempotent(CreatePolicyRequest r) {
    return new IdempotentCall<>(
        "CreatePolicy",
        r.getRequestId(),
        r,
        CreatePolicyResponse.parser(),
        p -> CreatePolicyResponse.newBuilder().setPolicy(p).build());
  }

  static PolicyEdit command(UpdatePolicyRequest r) {
    return new PolicyEdit(
        r.getPolicyKey(),
        r.getUpdateMask().getPathsList(),
        r.getPolicy().getDisplayName(),
        r.getPolicy().getDescription(),
        r.getEtag(),
        r.getRequestId());
  }

  static IdempotentCall<Policy, UpdatePolicyResponse> idempotent(UpdatePolicyRequest r) {
    return new IdempotentCall<>(
        "UpdatePolicy",
        r.getRequestId(),
        r,
        UpdatePolicyResponse.parser(),
        p -> UpdatePolicyResponse.newBuilder().setPolicy(p).build());
  }

  static NewDraft command(CreatePolicyVersionRequest r) {
    return new NewDraft(
        r.getPolicyKey(), r.getCopyFromVersion(), r.getPolicyVersion(), r.getRequestId());
  }

  static IdempotentCall<PolicyVersion, CreatePolicyVersionResponse> idempotent(
      CreatePolicyVersionRequest r) {
    return new IdempotentCall<>(
        "CreatePolicyVersion",
        r.getRequestId(),
        r,
        CreatePolicyVersionResponse.parser(),
        v -> CreatePolicyVersionResponse.newBuilder().setPolicyVersion(v).build());
  }

  static DraftEdit command(UpdatePolicyVersionRequest r) {
    return new DraftEdit(
        r.getPolicyKey(),
        r.getVersion(),
        r.getUpdateMask().getPathsList(),
        r.getPolicyVersion(),
        r.getEtag(),
        r.getRequestId());
  }

  static IdempotentCall<PolicyVersion, UpdatePolicyVersionResponse> idempotent(
      UpdatePolicyVersionRequest r) {
    return new IdempotentCall<>(
        "UpdatePolicyVersion",
        r.getRequestId(),
        r,
        UpdatePolicyVersionResponse.parser(),
        v -> UpdatePolicyVersionResponse.newBuilder().setPolicyVersion(v).build());
  }

  static Approval command(ApprovePolicyVersionRequest r) {
    return new Approval(
        r.getPolicyKey(), r.getVersion(), r.getEtag(), r.getComment(), r.getRequestId());
  }

  static IdempotentCall<PolicyVersion, ApprovePolicyVersionResponse> idempotent(
      ApprovePolicyVersionRequest r) {
    return new IdempotentCall<>(
        "ApprovePolicyVersion",
        r.getRequestId(),
        r,
        ApprovePolicyVersionResponse.parser(),
        v -> ApprovePolicyVersionResponse.newBuilder().setPolicyVersion(v).build());
  }

  static Publication command(PublishPolicyVersionRequest r) {
    return new Publication(
        r.getPolicyKey(),
        r.getVersion(),
        r.getEtag(),
        r.hasEffectiveTime() ? Optional.of(r.getEffectiveTime()) : Optional.empty(),
        r.getRequestId());
  }

  static IdempotentCall<PolicyVersion, PublishPolicyVersionResponse> idempotent(
      PublishPolicyVersionRequest r) {
    return new IdempotentCall<>(
        "PublishPolicyVersion",
        r.getRequestId(),
        r,
        PublishPolicyVersionResponse.parser(),
        v -> PublishPolicyVersionResponse.newBuilder().setPolicyVersion(v).build());
  }

  static Retirement command(RetirePolicyVersionRequest r) {
    return new Retirement(
        r.getPolicyKey(),
        r.getVersion(),
        r.getEtag(),
        r.getReason(),
        r.getAllowNoEffectiveVersion(),
        r.getRequestId());
  }

  static IdempotentCall<Retired, RetirePolicyVersionResponse> idempotent(
      RetirePolicyVersionRequest r) {
    return new IdempotentCall<>(
        "RetirePolicyVersion",
        r.getRequestId(),
        r,
        RetirePolicyVersionResponse.parser(),
        PolicyProtoMapper::response);
  }

  private static RetirePolicyVersionResponse response(Retired retired) {
    return RetirePolicyVersionResponse.newBuilder()
        .setPolicyVersion(retired.policyVersion())
        .setEffectiveVersionAfter(retired.effectiveVersionAfter())
        .build();
  }

  // ---- queries

  static GetPolicyResponse getPolicyResponse(Policy p) {
    return GetPolicyResponse.newBuilder().setPolicy(p).build();
  }

  static PolicyListing query(ListPoliciesRequest r) {
    return new PolicyListing(r.getKind(), r.getKeyPrefix(), r.getPageSize(), r.getPageToken());
  }

  static ListPoliciesResponse listPoliciesResponse(Page<Policy> page) {
    return ListPoliciesResponse.newBuilder()
        .addAllPolicies(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static GetPolicyVersionResponse getPolicyVersionResponse(PolicyVersion v) {
    return GetPolicyVersionResponse.newBuilder().setPolicyVersion(v).build();
  }

  static VersionListing query(ListPolicyVersionsRequest r) {
    return new VersionListing(
        r.getPolicyKey(), r.getStatesList(), r.getPageSize(), r.getPageToken(), r.getView());
  }

  static ListPolicyVersionsResponse listPolicyVersionsResponse(Page<PolicyVersion> page) {
    return ListPolicyVersionsResponse.newBuilder()
        .addAllPolicyVersions(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  static Resolution query(ResolvePolicyRequest r) {
    return new Resolution(
        r.getPolicyKey(),
        r.getVersion(),
        r.getMarket(),
        r.hasResolveTime() ? Optional.of(r.getResolveTime()) : Optional.empty());
  }

  static ResolvePolicyResponse resolvePolicyResponse(ResolvedPolicy resolved) {
    return ResolvePolicyResponse.newBuilder().setResolvedPolicy(resolved).build();
  }

  static RulebookQuery query(GetMarketRulebookRequest r) {
    return new RulebookQuery(
        r.getMarket(),
        r.getKindsList(),
        r.hasResolveTime() ? Optional.of(r.getResolveTime()) : Optional.empty());
  }

  static GetMarketRulebookResponse rulebookResponse(Rulebook rulebook) {
    GetMarketRulebookResponse.Builder b =
        GetMarketRulebookResponse.newBuilder()
            .setMarket(rulebook.market())
            .setResolveTime(ProtoTime.of(rulebook.resolveTime()))
            .addAllPolicies(rulebook.policies())
            .setRulebookHash(rulebook.rulebookHash());
    rulebook.nextChangeTime().ifPresent(next -> b.setNextChangeTime(ProtoTime.of(next)));
    return b.build();
  }

  static DiffQuery query(DiffPolicyVersionsRequest r) {
    return new DiffQuery(r.getPolicyKey(), r.getVersionA(), r.getVersionB(), r.getMarket());
  }

  static DiffPolicyVersionsResponse diffResponse(VersionDiff diff) {
    return DiffPolicyVersionsResponse.newBuilder()
        .setPolicyKey(diff.policyKey())
        .setVersionA(diff.versionA())
        .setVersionB(diff.versionB())
        .setMarket(diff.market())
        .setContentHashA(diff.contentHashA())
        .setContentHashB(diff.contentHashB())
        .addAllChanges(diff.changes())
        .build();
  }

  // ---- change feed

  static WatchFilter query(WatchPolicyChangesRequest r) {
    return new WatchFilter(
        r.getPolicyKeysList(),
        r.getMarketsList(),
        r.getEventTypesList(),
        r.getResumeToken(),
        r.getStartFromNow());
  }

  static WatchPolicyChangesResponse watchResponse(FeedItem<PolicyChangeEvent> item) {
    return item.fold(
        e -> WatchPolicyChangesResponse.newBuilder().setEvent(e).build(),
        c -> WatchPolicyChangesResponse.newBuilder().setCheckpoint(c).build());
  }
}
