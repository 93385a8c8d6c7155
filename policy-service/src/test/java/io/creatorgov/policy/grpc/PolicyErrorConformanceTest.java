package io.creatorgov.policy.grpc;

import static io.creatorgov.policy.grpc.PolicyFixtures.catalogue;
import static io.creatorgov.policy.grpc.PolicyFixtures.catalogueContent;
import static io.creatorgov.policy.grpc.PolicyFixtures.catalogueVersion;
import static io.creatorgov.policy.grpc.PolicyFixtures.entry;
import static io.creatorgov.policy.grpc.PolicyFixtures.requestId;
import static io.creatorgov.policy.grpc.PolicyFixtures.uniqueKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.FieldMask;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.Money;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.feed.FeedRetentionJob;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.RedisProxy;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.testing.conformance.ErrorConformance;
import io.creatorgov.kit.testing.conformance.InFlightRequest;
import io.creatorgov.kit.testing.conformance.RowLock;
import io.creatorgov.kit.testing.conformance.RpcInvoker;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.config.PolicySettings;
import io.creatorgov.policy.v1.ApprovePolicyVersionRequest;
import io.creatorgov.policy.v1.CreatePolicyRequest;
import io.creatorgov.policy.v1.CreatePolicyVersionRequest;
import io.creatorgov.policy.v1.DiffPolicyVersionsRequest;
import io.creatorgov.policy.v1.GetMarketRulebookRequest;
import io.creatorgov.policy.v1.GetPolicyRequest;
import io.creatorgov.policy.v1.GetPolicyVersionRequest;
import io.creatorgov.policy.v1.ListPoliciesRequest;
import io.creatorgov.policy.v1.ListPolicyVersionsRequest;
import io.creatorgov.policy.v1.MarketOverlay;
import io.creatorgov.policy.v1.Policy;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyKind;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import io.creatorgov.policy.v1.PolicyServiceGrpc.PolicyServiceBlockingStub;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.PublishPolicyVersionRequest;
import io.creatorgov.policy.v1.ResolvePolicyRequest;
import io.creatorgov.policy.v1.RetirePolicyVersionRequest;
import io.creatorgov.policy.v1.TierThreshold;
import io.creatorgov.policy.v1.TierThresholds;
import io.creatorgov.policy.v1.UpdatePolicyRequest;
import io.creatorgov.policy.v1.UpdatePolicyVersionRequest;
import io.creatorgov.policy.v1.WatchPolicyChangesRequest;
import io.creatorgov.policy.v1.WatchPolicyChangesResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every error each PolicyService RPC documents under {@code Errors:} in the contract, produced
 * through the real gRPC API and checked for its code, reason, metadata and details (see {@link
 * ErrorConformance}). A documented error without a call here, or a call that produces something
 * else, fails. Same test resources as {@link PolicyGrpcServiceTest}, so the application is shared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_policy_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(RedisProxy.class)
class PolicyErrorConformanceTest {
  private static final String AUTHOR = "author-conformance";
  private static final String APPROVER = "approver-conformance";
  private static final String ADMIN = "admin-conformance";
  private static final String READER = "enforcement-service";
  private static final String STALE_ETAG = "\"0\"";
  private static final String[] JAPAN = {"JP"};

  @GrpcClient("policy")
  PolicyServiceBlockingStub grpc;

  @Inject FeedRetentionJob feedRetention;

  @Inject PolicySettings settings;

  @TestFactory
  Stream<DynamicTest> everyDocumentedErrorOfPolicyServiceIsProducedAsDocumented() {
    ErrorConformance catalogue =
        ErrorConformance.of(PolicyServiceGrpc.SERVICE_NAME)
            .onEveryRpc("UNAUTHENTICATED/TOKEN_MISSING", rpc -> () -> invoker().call(rpc, null))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_INVALID", rpc -> () -> invoker().call(rpc, "not-a-jwt"))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_EXPIRED",
                rpc ->
                    () ->
                        invoker()
                            .call(rpc, TestAuthKeys.expiredToken(ADMIN, Role.GOVERNANCE_ADMIN)))
            .onEveryRpc(
                "PERMISSION_DENIED/ROLE_REQUIRED",
                rpc -> () -> invoker().call(rpc, TestAuthKeys.token("nobody")));
    policies(catalogue);
    drafting(catalogue);
    versionReads(catalogue);
    approval(catalogue);
    publication(catalogue);
    retirement(catalogue);
    resolution(catalogue);
    feed(catalogue);
    return catalogue.tests();
  }

  /**
   * The stream limit refuses only while it is reached: a stream gives its slot back when it ends,
   * here by the client cancelling it, so the service serves as many streams again as before.
   */
  @Test
  void cancelledStreamsGiveTheirSlotsBack() {
    assertThatThrownBy(this::openStreamsBeyondTheLimit)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

    // cancellation reaches the server asynchronously; streams other tests left open end at their
    // deadlines
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .ignoreException(StatusRuntimeException.class)
        .untilAsserted(() -> openStreams(settings.feed().maxStreams()));
  }

  // ---- RPC groups ------------------------------------------------------------------------------

  private void policies(ErrorConformance c) {
    c.on(
            "CreatePolicy",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> author().createPolicy(newPolicy(catalogue("Not A Key"))))
        .on(
            "CreatePolicy",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              CreatePolicyRequest first = newPolicy(catalogue(uniqueKey("conformance.reused")));
              author().createPolicy(first);
              author()
                  .createPolicy(
                      first.toBuilder()
                          .setPolicy(first.getPolicy().toBuilder().setDisplayName("Other"))
                          .build());
            })
        .on(
            "CreatePolicy",
            "ALREADY_EXISTS/ALREADY_EXISTS",
            () -> {
              String taken = policy();
              author().createPolicy(newPolicy(catalogue(taken)));
            })
        .on(
            "CreatePolicy",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanAuthor().createPolicy(newPolicy(catalogue(uniqueKey("conformance.scoped")))))
        .on(
            "CreatePolicy",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              CreatePolicyRequest create = newPolicy(catalogue(uniqueKey("conformance.flight")));
              InFlightRequest.whileInFlight(
                  "CreatePolicy",
                  AUTHOR,
                  create.getRequestId(),
                  () -> author().createPolicy(create));
            })
        .on(
            "GetPolicy",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                reader().getPolicy(GetPolicyRequest.newBuilder().setPolicyKey("Not A Key").build()))
        .on(
            "GetPolicy",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> reader().getPolicy(GetPolicyRequest.newBuilder().setPolicyKey(unknown()).build()))
        .on(
            "ListPolicies",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> reader().listPolicies(ListPoliciesRequest.newBuilder().setPageSize(-1).build()))
        .on(
            "ListPolicies",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                reader()
                    .listPolicies(ListPoliciesRequest.newBuilder().setPageToken("forged").build()))
        .on(
            "UpdatePolicy",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> author().updatePolicy(retitle(policy(), "display_name", "")))
        .on(
            "UpdatePolicy",
            "INVALID_ARGUMENT/INVALID_UPDATE_MASK",
            () -> author().updatePolicy(retitle(policy(), "kind", "x")))
        .on(
            "UpdatePolicy",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              String key = policy();
              UpdatePolicyRequest first = retitle(key, "display_name", "First Title");
              author().updatePolicy(first);
              author()
                  .updatePolicy(
                      retitle(key, "display_name", "Other Title").toBuilder()
                          .setRequestId(first.getRequestId())
                          .build());
            })
        .on(
            "UpdatePolicy",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> author().updatePolicy(retitle(unknown(), "display_name", "X")))
        .on(
            "UpdatePolicy",
            "ABORTED/ETAG_MISMATCH",
            () ->
                author()
                    .updatePolicy(
                        retitle(policy(), "display_name", "Y").toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            "UpdatePolicy",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              UpdatePolicyRequest update = retitle(policy(), "display_name", "Z");
              InFlightRequest.whileInFlight(
                  "UpdatePolicy",
                  AUTHOR,
                  update.getRequestId(),
                  () -> author().updatePolicy(update));
            })
        .on(
            "UpdatePolicy",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanAuthor().updatePolicy(retitle(policy(), "display_name", "W")));
  }

  private void drafting(ErrorConformance c) {
    c.on(
            "CreatePolicyVersion",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                author()
                    .createPolicyVersion(
                        newVersion(policy(), base(catalogueContent(entry("lower_case", 1))))))
        .on(
            "CreatePolicyVersion",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> {
              String key = policy();
              author().createPolicyVersion(newVersion(key, withOverlay(key, "ZZ")));
            })
        .on(
            "CreatePolicyVersion",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> {
              String key = policy();
              author().createPolicyVersion(newVersion(key, withOverlay(key, "HK")));
            })
        .on(
            "CreatePolicyVersion",
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () ->
                author().createPolicyVersion(newVersion(tierPolicy(), tiersPricedIn("SG", "USD"))))
        .on(
            "CreatePolicyVersion",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              String key = policy();
              CreatePolicyVersionRequest first = newVersion(key, catalogueVersion(3, key));
              author().createPolicyVersion(first);
              author()
                  .createPolicyVersion(
                      first.toBuilder().setPolicyVersion(catalogueVersion(4, key)).build());
            })
        .on(
            "CreatePolicyVersion",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                author()
                    .createPolicyVersion(newVersion(unknown(), PolicyVersion.newBuilder().build())))
        .on(
            "CreatePolicyVersion",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> {
              String key = policy();
              japanAuthor().createPolicyVersion(newVersion(key, catalogueVersion(3, key)));
            })
        .on(
            "CreatePolicyVersion",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              String key = policy();
              CreatePolicyVersionRequest create = newVersion(key, catalogueVersion(3, key));
              InFlightRequest.whileInFlight(
                  "CreatePolicyVersion",
                  AUTHOR,
                  create.getRequestId(),
                  () -> author().createPolicyVersion(create));
            })
        .on(
            "CreatePolicyVersion",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              // another command holds the policy row (as a concurrent CreatePolicyVersion does
              // while it numbers its version): this one gives up after lock_timeout
              String key = policy();
              RowLock.whileLocked(
                  "policy",
                  "policy_key",
                  key,
                  () -> author().createPolicyVersion(newVersion(key, catalogueVersion(3, key))));
            })
        .on(
            "UpdatePolicyVersion",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                author()
                    .updatePolicyVersion(
                        editBase(drafted(), catalogueContent(entry("lower_case", 1)))))
        .on(
            "UpdatePolicyVersion",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> {
              String key = drafted();
              author().updatePolicyVersion(editOverlays(key, withOverlay(key, "ZZ")));
            })
        .on(
            "UpdatePolicyVersion",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> {
              String key = drafted();
              author().updatePolicyVersion(editOverlays(key, withOverlay(key, "HK")));
            })
        .on(
            "UpdatePolicyVersion",
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () -> {
              String key = tierPolicy();
              int version =
                  author()
                      .createPolicyVersion(newVersion(key, tiersPricedIn("SG", "SGD")))
                      .getPolicyVersion()
                      .getVersion();
              author()
                  .updatePolicyVersion(
                      editOverlays(key, tiersPricedIn("SG", "USD")).toBuilder()
                          .setVersion(version)
                          .build());
            })
        .on(
            "UpdatePolicyVersion",
            "INVALID_ARGUMENT/INVALID_UPDATE_MASK",
            () ->
                author()
                    .updatePolicyVersion(
                        editBase(drafted(), catalogueContent()).toBuilder()
                            .setUpdateMask(FieldMask.newBuilder().addPaths("state"))
                            .build()))
        .on(
            "UpdatePolicyVersion",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              String key = drafted();
              UpdatePolicyVersionRequest first = editSummary(key, "first edit");
              author().updatePolicyVersion(first);
              author()
                  .updatePolicyVersion(
                      editSummary(key, "second edit").toBuilder()
                          .setRequestId(first.getRequestId())
                          .build());
            })
        .on(
            "UpdatePolicyVersion",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                author()
                    .updatePolicyVersion(
                        editSummary(drafted(), "missing").toBuilder().setVersion(99).build()))
        .on(
            "UpdatePolicyVersion",
            "FAILED_PRECONDITION/POLICY_VERSION_IMMUTABLE",
            () -> author().updatePolicyVersion(editSummary(published(), "too late")))
        .on(
            "UpdatePolicyVersion",
            "ABORTED/ETAG_MISMATCH",
            () ->
                author()
                    .updatePolicyVersion(
                        editSummary(drafted(), "stale").toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "UpdatePolicyVersion",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              UpdatePolicyVersionRequest edit = editSummary(drafted(), "in flight");
              InFlightRequest.whileInFlight(
                  "UpdatePolicyVersion",
                  AUTHOR,
                  edit.getRequestId(),
                  () -> author().updatePolicyVersion(edit));
            })
        .on(
            "UpdatePolicyVersion",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                japanAuthor()
                    .updatePolicyVersion(
                        editBase(drafted(), catalogueContent(entry("SCOPED_EDIT", 1)))));
  }

  private void versionReads(ErrorConformance c) {
    c.on(
            "GetPolicyVersion",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> reader().getPolicyVersion(getVersion(drafted(), 0)))
        .on(
            "GetPolicyVersion",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> reader().getPolicyVersion(getVersion(drafted(), 99)))
        .on(
            "ListPolicyVersions",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                reader()
                    .listPolicyVersions(
                        ListPolicyVersionsRequest.newBuilder()
                            .setPolicyKey(drafted())
                            .setPageSize(-1)
                            .build()))
        .on(
            "ListPolicyVersions",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                reader()
                    .listPolicyVersions(
                        ListPolicyVersionsRequest.newBuilder()
                            .setPolicyKey(drafted())
                            .setPageToken("forged")
                            .build()))
        .on(
            "ListPolicyVersions",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                reader()
                    .listPolicyVersions(
                        ListPolicyVersionsRequest.newBuilder().setPolicyKey(unknown()).build()));
  }

  private void approval(ErrorConformance c) {
    c.on(
            "ApprovePolicyVersion",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> {
              // a draft may lack base content; approving needs it
              String key = policy();
              author().createPolicyVersion(newVersion(key, PolicyVersion.newBuilder().build()));
              approver().approvePolicyVersion(approve(key));
            })
        .on(
            "ApprovePolicyVersion",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> {
              String key = drafted();
              marketRegistryChangedSince(key, withOverlay(key, "ZZ"));
              approver().approvePolicyVersion(approve(key));
            })
        .on(
            "ApprovePolicyVersion",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> {
              String key = drafted();
              marketRegistryChangedSince(key, withOverlay(key, "HK"));
              approver().approvePolicyVersion(approve(key));
            })
        .on(
            "ApprovePolicyVersion",
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () -> {
              String key = tierPolicy();
              int version =
                  author()
                      .createPolicyVersion(newVersion(key, tiersPricedIn("SG", "SGD")))
                      .getPolicyVersion()
                      .getVersion();
              marketRegistryChangedSince(key, version, tiersPricedIn("SG", "USD"));
              approver().approvePolicyVersion(approve(key).toBuilder().setVersion(version).build());
            })
        .on(
            "ApprovePolicyVersion",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ApprovePolicyVersionRequest first = approve(drafted());
              approver().approvePolicyVersion(first);
              approver().approvePolicyVersion(first.toBuilder().setComment("changed mind").build());
            })
        .on(
            "ApprovePolicyVersion",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> approver().approvePolicyVersion(approve(unknown())))
        .on(
            "ApprovePolicyVersion",
            "PERMISSION_DENIED/SELF_APPROVAL_FORBIDDEN",
            () ->
                as(TestAuthKeys.token(AUTHOR, Role.POLICY_APPROVER))
                    .approvePolicyVersion(approve(drafted())))
        .on(
            "ApprovePolicyVersion",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(APPROVER, JAPAN, Role.POLICY_APPROVER))
                    .approvePolicyVersion(approve(drafted())))
        .on(
            "ApprovePolicyVersion",
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> approver().approvePolicyVersion(approve(approved())))
        .on(
            "ApprovePolicyVersion",
            "ABORTED/ETAG_MISMATCH",
            () ->
                approver()
                    .approvePolicyVersion(
                        approve(drafted()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "ApprovePolicyVersion",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ApprovePolicyVersionRequest approve = approve(drafted());
              InFlightRequest.whileInFlight(
                  "ApprovePolicyVersion",
                  APPROVER,
                  approve.getRequestId(),
                  () -> approver().approvePolicyVersion(approve));
            });
  }

  private void publication(ErrorConformance c) {
    c.on(
            "PublishPolicyVersion",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                admin()
                    .publishPolicyVersion(
                        publish(approved()).toBuilder()
                            .setEffectiveTime(ProtoTime.of(Instant.now().minus(Duration.ofDays(1))))
                            .build()))
        .on(
            "PublishPolicyVersion",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> {
              String key = approved();
              marketRegistryChangedSince(key, withOverlay(key, "ZZ"));
              admin().publishPolicyVersion(publish(key));
            })
        .on(
            "PublishPolicyVersion",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> {
              String key = approved();
              marketRegistryChangedSince(key, withOverlay(key, "HK"));
              admin().publishPolicyVersion(publish(key));
            })
        .on(
            "PublishPolicyVersion",
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () -> {
              String key = tierPolicy();
              int version =
                  author()
                      .createPolicyVersion(newVersion(key, tiersPricedIn("SG", "SGD")))
                      .getPolicyVersion()
                      .getVersion();
              approver().approvePolicyVersion(approve(key).toBuilder().setVersion(version).build());
              marketRegistryChangedSince(key, version, tiersPricedIn("SG", "USD"));
              admin().publishPolicyVersion(publish(key).toBuilder().setVersion(version).build());
            })
        .on(
            "PublishPolicyVersion",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              PublishPolicyVersionRequest first = publish(approved());
              admin().publishPolicyVersion(first);
              admin()
                  .publishPolicyVersion(
                      first.toBuilder()
                          .setEffectiveTime(ProtoTime.of(Instant.now().plus(Duration.ofDays(1))))
                          .build());
            })
        .on(
            "PublishPolicyVersion",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> admin().publishPolicyVersion(publish(unknown())))
        .on(
            "PublishPolicyVersion",
            "FAILED_PRECONDITION/POLICY_VERSION_NOT_APPROVED",
            () -> admin().publishPolicyVersion(publish(drafted())))
        .on(
            "PublishPolicyVersion",
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> admin().publishPolicyVersion(publish(published())))
        .on(
            "PublishPolicyVersion",
            "ABORTED/ETAG_MISMATCH",
            () ->
                admin()
                    .publishPolicyVersion(
                        publish(approved()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "PublishPolicyVersion",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              PublishPolicyVersionRequest publish = publish(approved());
              InFlightRequest.whileInFlight(
                  "PublishPolicyVersion",
                  ADMIN,
                  publish.getRequestId(),
                  () -> admin().publishPolicyVersion(publish));
            })
        .on(
            "PublishPolicyVersion",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(ADMIN, JAPAN, Role.GOVERNANCE_ADMIN))
                    .publishPolicyVersion(publish(approved())));
  }

  private void retirement(ErrorConformance c) {
    c.on(
            "RetirePolicyVersion",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> admin().retirePolicyVersion(retire(drafted()).toBuilder().setReason("").build()))
        .on(
            "RetirePolicyVersion",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              RetirePolicyVersionRequest first = retire(drafted());
              admin().retirePolicyVersion(first);
              admin().retirePolicyVersion(first.toBuilder().setReason("another reason").build());
            })
        .on(
            "RetirePolicyVersion",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> admin().retirePolicyVersion(retire(unknown())))
        .on(
            "RetirePolicyVersion",
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> {
              String key = drafted();
              admin().retirePolicyVersion(retire(key));
              admin().retirePolicyVersion(retire(key));
            })
        .on(
            "RetirePolicyVersion",
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> admin().retirePolicyVersion(retire(published())))
        .on(
            "RetirePolicyVersion",
            "ABORTED/ETAG_MISMATCH",
            () ->
                admin()
                    .retirePolicyVersion(retire(drafted()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "RetirePolicyVersion",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              RetirePolicyVersionRequest retire = retire(drafted());
              InFlightRequest.whileInFlight(
                  "RetirePolicyVersion",
                  ADMIN,
                  retire.getRequestId(),
                  () -> admin().retirePolicyVersion(retire));
            })
        .on(
            "RetirePolicyVersion",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                as(TestAuthKeys.scopedToken(ADMIN, JAPAN, Role.GOVERNANCE_ADMIN))
                    .retirePolicyVersion(retire(drafted())));
  }

  private void resolution(ErrorConformance c) {
    c.on(
            "ResolvePolicy",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                reader()
                    .resolvePolicy(
                        resolve(published(), "SG").toBuilder()
                            .setVersion(1)
                            .setResolveTime(ProtoTime.of(Instant.now()))
                            .build()))
        .on(
            "ResolvePolicy",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> reader().resolvePolicy(resolve(published(), "ZZ")))
        .on(
            "ResolvePolicy",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> reader().resolvePolicy(resolve(published(), "HK")))
        .on(
            "ResolvePolicy",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> reader().resolvePolicy(resolve(unknown(), "SG")))
        .on(
            "ResolvePolicy",
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> reader().resolvePolicy(resolve(drafted(), "SG")))
        .on(
            "ResolvePolicy",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanReader().resolvePolicy(resolve(published(), "SG")))
        .on(
            "GetMarketRulebook",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                reader()
                    .getMarketRulebook(
                        rulebook("SG").toBuilder()
                            .addKinds(PolicyKind.POLICY_KIND_UNSPECIFIED)
                            .build()))
        .on(
            "GetMarketRulebook",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> reader().getMarketRulebook(rulebook("ZZ")))
        .on(
            "GetMarketRulebook",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> reader().getMarketRulebook(rulebook("HK")))
        .on(
            "GetMarketRulebook",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanReader().getMarketRulebook(rulebook("SG")))
        .on(
            "DiffPolicyVersions",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> reader().diffPolicyVersions(diff(drafted(), 0, "")))
        .on(
            "DiffPolicyVersions",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> reader().diffPolicyVersions(diff(drafted(), 1, "ZZ")))
        .on(
            "DiffPolicyVersions",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> reader().diffPolicyVersions(diff(drafted(), 1, "HK")))
        .on(
            "DiffPolicyVersions",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> reader().diffPolicyVersions(diff(drafted(), 99, "")))
        .on(
            "DiffPolicyVersions",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanReader().diffPolicyVersions(diff(drafted(), 1, "SG")));
  }

  private void feed(ErrorConformance c) {
    c.on(
            "WatchPolicyChanges",
            "INVALID_ARGUMENT/INVALID_RESUME_TOKEN",
            () -> stream(reader(), WatchPolicyChangesRequest.newBuilder().setResumeToken("forged")))
        .on(
            "WatchPolicyChanges",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                stream(
                    reader(),
                    WatchPolicyChangesRequest.newBuilder()
                        .setResumeToken(currentFeedPosition())
                        .setStartFromNow(true)))
        .on(
            "WatchPolicyChanges",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () ->
                stream(
                    reader(),
                    WatchPolicyChangesRequest.newBuilder().setStartFromNow(true).addMarkets("ZZ")))
        .on(
            "WatchPolicyChanges",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () ->
                stream(
                    reader(),
                    WatchPolicyChangesRequest.newBuilder().setStartFromNow(true).addMarkets("HK")))
        .on(
            "WatchPolicyChanges",
            "OUT_OF_RANGE/RESUME_TOKEN_EXPIRED",
            () -> {
              String before = currentFeedPosition();
              String aged = published();
              TestSql.execute(
                  "UPDATE policy_change_event SET occurred_at = now() - interval '400 days'"
                      + " WHERE policy_key = ?",
                  aged);
              feedRetention
                  .purgeBefore(Instant.now().minus(Duration.ofDays(30)))
                  .await()
                  .indefinitely();
              try {
                stream(reader(), WatchPolicyChangesRequest.newBuilder().setResumeToken(before));
              } finally {
                TestSql.execute("DELETE FROM kit_feed_horizon");
              }
            })
        .on(
            "WatchPolicyChanges",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                stream(
                    japanReader(),
                    WatchPolicyChangesRequest.newBuilder().setStartFromNow(true).addMarkets("SG")))
        .on("WatchPolicyChanges", "UNAVAILABLE/OVERLOADED", this::openStreamsBeyondTheLimit);
  }

  // ---- callers -------------------------------------------------------------------------------

  private RpcInvoker invoker() {
    return new RpcInvoker(grpc.getChannel(), PolicyServiceGrpc.getServiceDescriptor());
  }

  private PolicyServiceBlockingStub as(String token) {
    return grpc.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private PolicyServiceBlockingStub author() {
    return as(TestAuthKeys.token(AUTHOR, Role.POLICY_AUTHOR));
  }

  private PolicyServiceBlockingStub japanAuthor() {
    return as(TestAuthKeys.scopedToken(AUTHOR, JAPAN, Role.POLICY_AUTHOR));
  }

  private PolicyServiceBlockingStub approver() {
    return as(TestAuthKeys.token(APPROVER, Role.POLICY_APPROVER));
  }

  private PolicyServiceBlockingStub admin() {
    return as(TestAuthKeys.token(ADMIN, Role.GOVERNANCE_ADMIN));
  }

  private PolicyServiceBlockingStub reader() {
    return as(TestAuthKeys.token(READER, Role.SERVICE));
  }

  private PolicyServiceBlockingStub japanReader() {
    return as(TestAuthKeys.scopedToken(READER, JAPAN, Role.SERVICE));
  }

  // ---- change-feed streams -------------------------------------------------------------------

  /** Opens a stream and waits for its first response (or its error); the stream is cancelled. */
  private static void stream(
      PolicyServiceBlockingStub stub, WatchPolicyChangesRequest.Builder request) {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      context.run(() -> stub.watchPolicyChanges(request.build()).hasNext());
    } finally {
      context.cancel(null);
    }
  }

  /** The resume token of the feed's current end (the first checkpoint of a stream from now). */
  private String currentFeedPosition() {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return context.call(
          () ->
              reader()
                  .watchPolicyChanges(
                      WatchPolicyChangesRequest.newBuilder().setStartFromNow(true).build())
                  .next()
                  .getCheckpoint()
                  .getResumeToken());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  /**
   * Opens streams until the service refuses one: at the latest the one past {@code
   * creatorgov.policy.feed.max-streams} (sooner while streams of other tests are still open).
   */
  private void openStreamsBeyondTheLimit() {
    openStreams(settings.feed().maxStreams() + 1);
  }

  /**
   * Opens {@code count} streams one after another, each held open past its first checkpoint, then
   * cancels them all; the first refusal is thrown.
   */
  private void openStreams(int count) {
    List<Context.CancellableContext> open = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Context.CancellableContext context = Context.current().withCancellation();
        open.add(context);
        Iterator<WatchPolicyChangesResponse> responses =
            context.call(
                () ->
                    reader()
                        .withDeadlineAfter(60, TimeUnit.SECONDS)
                        .watchPolicyChanges(
                            WatchPolicyChangesRequest.newBuilder().setStartFromNow(true).build()));
        responses.next();
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      open.forEach(context -> context.cancel(null));
    }
  }

  // ---- policies and versions in each state ---------------------------------------------------

  /** A violation-catalogue policy without versions; returns its key. */
  private String policy() {
    String key = uniqueKey("conformance.catalogue");
    author().createPolicy(newPolicy(catalogue(key)));
    return key;
  }

  /** A policy with a valid DRAFT v1 (by {@link #AUTHOR}). */
  private String drafted() {
    String key = policy();
    author().createPolicyVersion(newVersion(key, catalogueVersion(3, key)));
    return key;
  }

  /** A policy whose v1 is APPROVED. */
  private String approved() {
    String key = drafted();
    approver().approvePolicyVersion(approve(key));
    return key;
  }

  /** A policy whose v1 is PUBLISHED and in force. */
  private String published() {
    String key = approved();
    admin().publishPolicyVersion(publish(key));
    return key;
  }

  /**
   * The one tier-thresholds policy (a single-instance kind): created on first use, then found by
   * every later call (the test database lives as long as the shared application).
   */
  private String tierPolicy() {
    List<Policy> existing =
        reader()
            .listPolicies(
                ListPoliciesRequest.newBuilder()
                    .setKind(PolicyKind.POLICY_KIND_TIER_THRESHOLDS)
                    .build())
            .getPoliciesList();
    if (!existing.isEmpty()) {
      return existing.get(0).getKey();
    }
    String key = uniqueKey("conformance.tiers");
    author()
        .createPolicy(
            newPolicy(
                Policy.newBuilder()
                    .setKey(key)
                    .setKind(PolicyKind.POLICY_KIND_TIER_THRESHOLDS)
                    .setDisplayName("Conformance tiers")
                    .build()));
    return key;
  }

  /**
   * What a change of the market registry after the version was saved (a market removed or disabled,
   * a currency changed) leaves behind: a stored v1 that no longer validates against it. The
   * registry is fixed for the life of the application, so the stored document is changed.
   */
  private static void marketRegistryChangedSince(String key, PolicyVersion stale) throws Exception {
    marketRegistryChangedSince(key, 1, stale);
  }

  private static void marketRegistryChangedSince(String key, int version, PolicyVersion stale)
      throws Exception {
    int updated =
        TestSql.execute(
            "UPDATE policy_version SET document = ? WHERE policy_key = ? AND version = ?",
            stale.toByteArray(),
            key,
            version);
    if (updated != 1) {
      throw new IllegalStateException("no version " + key + "/" + version);
    }
  }

  private static String unknown() {
    return uniqueKey("conformance.unknown");
  }

  // ---- contents --------------------------------------------------------------------------------

  private static PolicyVersion base(PolicyContent content) {
    return PolicyVersion.newBuilder()
        .setChangeSummary("conformance")
        .setBaseContent(content)
        .build();
  }

  /** The valid test catalogue plus an overlay for {@code market} (which may not be enabled). */
  private static PolicyVersion withOverlay(String key, String market) {
    return catalogueVersion(3, key).toBuilder()
        .addOverlays(
            MarketOverlay.newBuilder()
                .setMarket(market)
                .setContent(catalogueContent(entry("LOCAL_RULE" + PolicyFixtures.suffix(key), 2)))
                .setRationale("local rule"))
        .build();
  }

  /** Two tiers; {@code market}'s overlay prices SILVER's GMV minimum in {@code currency}. */
  private static PolicyVersion tiersPricedIn(String market, String currency) {
    TierThreshold silver =
        TierThreshold.newBuilder()
            .setTier(CreatorTier.CREATOR_TIER_SILVER)
            .setMinLiveDuration(com.google.protobuf.Duration.newBuilder().setSeconds(36_000))
            .setMinOrders(50)
            .setMinQualityScore(600)
            .build();
    TierThresholds tiers =
        TierThresholds.newBuilder()
            .addTiers(TierThreshold.newBuilder().setTier(CreatorTier.CREATOR_TIER_BRONZE))
            .addTiers(silver)
            .setEvaluationPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(30 * 86_400))
            .build();
    TierThreshold pricedSilver =
        silver.toBuilder()
            .setMinGmv(Money.newBuilder().setAmountMinor(100_000).setCurrencyCode(currency))
            .build();
    return PolicyVersion.newBuilder()
        .setChangeSummary("tiers")
        .setBaseContent(PolicyContent.newBuilder().setTierThresholds(tiers))
        .addOverlays(
            MarketOverlay.newBuilder()
                .setMarket(market)
                .setContent(
                    PolicyContent.newBuilder()
                        .setTierThresholds(TierThresholds.newBuilder().addTiers(pricedSilver)))
                .setRationale("GMV minimum in local currency"))
        .build();
  }

  // ---- requests --------------------------------------------------------------------------------

  private static CreatePolicyRequest newPolicy(Policy policy) {
    return CreatePolicyRequest.newBuilder().setPolicy(policy).setRequestId(requestId()).build();
  }

  private static UpdatePolicyRequest retitle(String key, String path, String value) {
    return UpdatePolicyRequest.newBuilder()
        .setPolicyKey(key)
        .setPolicy(Policy.newBuilder().setDisplayName(value))
        .setUpdateMask(FieldMask.newBuilder().addPaths(path))
        .setRequestId(requestId())
        .build();
  }

  private static CreatePolicyVersionRequest newVersion(String key, PolicyVersion version) {
    return CreatePolicyVersionRequest.newBuilder()
        .setPolicyKey(key)
        .setPolicyVersion(version)
        .setRequestId(requestId())
        .build();
  }

  private static UpdatePolicyVersionRequest edit(String key, PolicyVersion given, String path) {
    return UpdatePolicyVersionRequest.newBuilder()
        .setPolicyKey(key)
        .setVersion(1)
        .setPolicyVersion(given)
        .setUpdateMask(FieldMask.newBuilder().addPaths(path))
        .setRequestId(requestId())
        .build();
  }

  private static UpdatePolicyVersionRequest editSummary(String key, String summary) {
    return edit(
        key, PolicyVersion.newBuilder().setChangeSummary(summary).build(), "change_summary");
  }

  private static UpdatePolicyVersionRequest editBase(String key, PolicyContent content) {
    return edit(key, base(content), "base_content");
  }

  private static UpdatePolicyVersionRequest editOverlays(String key, PolicyVersion overlays) {
    return edit(key, overlays, "overlays");
  }

  private static GetPolicyVersionRequest getVersion(String key, int version) {
    return GetPolicyVersionRequest.newBuilder().setPolicyKey(key).setVersion(version).build();
  }

  private static ApprovePolicyVersionRequest approve(String key) {
    return ApprovePolicyVersionRequest.newBuilder()
        .setPolicyKey(key)
        .setVersion(1)
        .setComment("looks right")
        .setRequestId(requestId())
        .build();
  }

  private static PublishPolicyVersionRequest publish(String key) {
    return PublishPolicyVersionRequest.newBuilder()
        .setPolicyKey(key)
        .setVersion(1)
        .setRequestId(requestId())
        .build();
  }

  private static RetirePolicyVersionRequest retire(String key) {
    return RetirePolicyVersionRequest.newBuilder()
        .setPolicyKey(key)
        .setVersion(1)
        .setReason("superseded by a new rule")
        .setRequestId(requestId())
        .build();
  }

  private static ResolvePolicyRequest resolve(String key, String market) {
    return ResolvePolicyRequest.newBuilder().setPolicyKey(key).setMarket(market).build();
  }

  private static GetMarketRulebookRequest rulebook(String market) {
    return GetMarketRulebookRequest.newBuilder().setMarket(market).build();
  }

  private static DiffPolicyVersionsRequest diff(String key, int versionA, String market) {
    return DiffPolicyVersionsRequest.newBuilder()
        .setPolicyKey(key)
        .setVersionA(versionA)
        .setVersionB(1)
        .setMarket(market)
        .build();
  }
}
