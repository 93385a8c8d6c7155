package io.creatorgov.creator.grpc;

import static io.creatorgov.creator.grpc.CreatorFixtures.handle;
import static io.creatorgov.creator.grpc.CreatorFixtures.requestId;

import com.google.protobuf.FieldMask;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.creator.v1.ActivateCreatorRequest;
import io.creatorgov.creator.v1.ApplyRestrictionRequest;
import io.creatorgov.creator.v1.BatchCheckCapabilityRequest;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.CheckCapabilityRequest;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.CreatorServiceGrpc.CreatorServiceBlockingStub;
import io.creatorgov.creator.v1.GetCommissionTermsRequest;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.creator.v1.GetOnboardingChecklistRequest;
import io.creatorgov.creator.v1.GetTierRequest;
import io.creatorgov.creator.v1.IdentityVerification;
import io.creatorgov.creator.v1.IdentityVerificationOutcome;
import io.creatorgov.creator.v1.LiftRestrictionRequest;
import io.creatorgov.creator.v1.ListCommissionChangesRequest;
import io.creatorgov.creator.v1.ListCreatorsRequest;
import io.creatorgov.creator.v1.ListRestrictionsRequest;
import io.creatorgov.creator.v1.ListStatusHistoryRequest;
import io.creatorgov.creator.v1.PerformanceSnapshot;
import io.creatorgov.creator.v1.PolicyAcknowledgement;
import io.creatorgov.creator.v1.RecordPerformanceSnapshotRequest;
import io.creatorgov.creator.v1.RegisterCreatorRequest;
import io.creatorgov.creator.v1.SetCommissionRateRequest;
import io.creatorgov.creator.v1.StatusTransition;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.SubmitOnboardingItemRequest;
import io.creatorgov.creator.v1.TaxProfile;
import io.creatorgov.creator.v1.TransitionCreatorStatusRequest;
import io.creatorgov.creator.v1.UpdateCreatorRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.feed.FeedRetentionJob;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.testing.TestSql;
import io.creatorgov.kit.testing.conformance.ErrorConformance;
import io.creatorgov.kit.testing.conformance.ErrorConformance.Call;
import io.creatorgov.kit.testing.conformance.InFlightRequest;
import io.creatorgov.kit.testing.conformance.RowLock;
import io.creatorgov.kit.testing.conformance.RpcInvoker;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.client.CachedPolicies;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every error each CreatorService RPC documents under {@code Errors:} in the contract, produced
 * through the real gRPC API and checked for its code, reason, metadata and details (see {@link
 * ErrorConformance}). A documented error without a call here, or a call that produces something
 * else, fails.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorErrorConformanceTest {
  private static final String OPS = "ops-conformance";
  private static final String SERVICE = "enforcement-service";
  private static final String STALE_ETAG = "\"0\"";

  @GrpcClient("creator")
  CreatorServiceBlockingStub grpc;

  @FakePolicyService.Inject FakePolicyService.Policies policy;

  @Inject CachedPolicies cachedPolicies;

  @Inject CircuitBreakerMaintenance circuitBreakers;

  @Inject FeedRetentionJob feedRetention;

  @TestFactory
  Stream<DynamicTest> everyDocumentedErrorOfCreatorServiceIsProducedAsDocumented() {
    ErrorConformance catalogue =
        ErrorConformance.of(CreatorServiceGrpc.SERVICE_NAME)
            .onEveryRpc("UNAUTHENTICATED/TOKEN_MISSING", rpc -> () -> invoker().call(rpc, null))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_INVALID", rpc -> () -> invoker().call(rpc, "not-a-jwt"))
            .onEveryRpc(
                "UNAUTHENTICATED/TOKEN_EXPIRED",
                rpc -> () -> invoker().call(rpc, TestAuthKeys.expiredToken(OPS, Role.CREATOR_OPS)))
            .onEveryRpc(
                "PERMISSION_DENIED/ROLE_REQUIRED",
                rpc -> () -> invoker().call(rpc, TestAuthKeys.token("nobody")));
    registration(catalogue);
    profiles(catalogue);
    onboarding(catalogue);
    lifecycle(catalogue);
    restrictions(catalogue);
    capabilities(catalogue);
    commission(catalogue);
    performance(catalogue);
    feed(catalogue);
    return catalogue.tests();
  }

  // ---- RPC groups ------------------------------------------------------------------------------

  private void registration(ErrorConformance c) {
    c.on(
            "RegisterCreator",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> register(r -> r.setHandle("")))
        .on(
            "RegisterCreator",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> register(r -> r.setMarket("ZZ")))
        .on(
            "RegisterCreator",
            "INVALID_ARGUMENT/MARKET_DISABLED",
            () -> register(r -> r.setMarket("HK")))
        .on(
            "RegisterCreator",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              String id = requestId();
              register(r -> r.setRequestId(id));
              register(r -> r.setRequestId(id).setDisplayName("Someone Else"));
            })
        .on(
            "RegisterCreator",
            "ALREADY_EXISTS/ALREADY_EXISTS",
            () -> {
              String taken = handle();
              register(r -> r.setHandle(taken));
              register(r -> r.setHandle(taken));
            })
        .on(
            "RegisterCreator",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              String id = requestId();
              InFlightRequest.whileInFlight(
                  "RegisterCreator", OPS, id, () -> register(r -> r.setRequestId(id)));
            })
        .on(
            "RegisterCreator",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().registerCreator(registration("SG").build()));
  }

  private void profiles(ErrorConformance c) {
    c.on("GetCreator", "INVALID_ARGUMENT/INVALID_ARGUMENT", () -> ops().getCreator(getCreator("")))
        .on(
            "GetCreator",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> ops().getCreator(getCreator(unknown())))
        .on(
            "GetCreator",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().getCreator(getCreator(registered().getCreatorId())))
        .on(
            "GetCreator",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> otherCreator().getCreator(getCreator(registered().getCreatorId())))
        .on(
            "ListCreators",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().listCreators(ListCreatorsRequest.newBuilder().setPageSize(-1).build()))
        .on(
            "ListCreators",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () -> ops().listCreators(ListCreatorsRequest.newBuilder().setMarket("ZZ").build()))
        .on(
            "ListCreators",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                ops().listCreators(ListCreatorsRequest.newBuilder().setPageToken("forged").build()))
        .on(
            "ListCreators",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().listCreators(ListCreatorsRequest.newBuilder().setMarket("SG").build()))
        .on(
            "UpdateCreator",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().updateCreator(rename(registered(), "display_name", "")))
        .on(
            "UpdateCreator",
            "INVALID_ARGUMENT/INVALID_UPDATE_MASK",
            () -> ops().updateCreator(rename(registered(), "status", "x")))
        .on(
            "UpdateCreator",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              Creator creator = registered();
              UpdateCreatorRequest first = rename(creator, "display_name", "First Name");
              ops().updateCreator(first);
              ops()
                  .updateCreator(
                      rename(creator, "display_name", "Other Name").toBuilder()
                          .setRequestId(first.getRequestId())
                          .build());
            })
        .on(
            "UpdateCreator",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                ops()
                    .updateCreator(
                        rename(registered(), "display_name", "X").toBuilder()
                            .setCreatorId(unknown())
                            .setCreator(Creator.newBuilder().setDisplayName("X"))
                            .clearEtag()
                            .build()))
        .on(
            "UpdateCreator",
            "ALREADY_EXISTS/ALREADY_EXISTS",
            () -> {
              Creator taken = registered();
              ops().updateCreator(rename(registered(), "handle", taken.getHandle()));
            })
        .on(
            "UpdateCreator",
            "ABORTED/ETAG_MISMATCH",
            () ->
                ops()
                    .updateCreator(
                        rename(registered(), "display_name", "Y").toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            "UpdateCreator",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              Creator creator = registered();
              lockedCreator(
                  creator, () -> ops().updateCreator(rename(creator, "display_name", "Z")));
            })
        .on(
            "UpdateCreator",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              UpdateCreatorRequest update = rename(registered(), "display_name", "W");
              InFlightRequest.whileInFlight(
                  "UpdateCreator", OPS, update.getRequestId(), () -> ops().updateCreator(update));
            })
        .on(
            "UpdateCreator",
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> ops().updateCreator(rename(offboarded(), "display_name", "Gone")))
        .on(
            "UpdateCreator",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().updateCreator(rename(registered(), "display_name", "V")));
  }

  private void onboarding(ErrorConformance c) {
    c.on(
            "GetOnboardingChecklist",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().getOnboardingChecklist(checklist("")))
        .on(
            "GetOnboardingChecklist",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> ops().getOnboardingChecklist(checklist(unknown())))
        .on(
            "GetOnboardingChecklist",
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> {
              Creator creator = registered();
              withoutPolicy(
                  "creator.onboarding",
                  () -> ops().getOnboardingChecklist(checklist(creator.getCreatorId())));
            })
        .on(
            "GetOnboardingChecklist",
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              Creator creator = registered();
              policyServiceDown(
                  () -> ops().getOnboardingChecklist(checklist(creator.getCreatorId())));
            })
        .on(
            "GetOnboardingChecklist",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().getOnboardingChecklist(checklist(registered().getCreatorId())))
        .on(
            "GetOnboardingChecklist",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> otherCreator().getOnboardingChecklist(checklist(registered().getCreatorId())))
        .on(
            "SubmitOnboardingItem",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> {
              Creator creator = registered();
              self(creator)
                  .submitOnboardingItem(
                      submission(creator)
                          .setTaxProfile(TaxProfile.newBuilder().setScheme("NOPE").setTaxId("1"))
                          .build());
            })
        .on(
            "SubmitOnboardingItem",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              Creator creator = registered();
              SubmitOnboardingItemRequest first = identity(creator, "ref-1");
              service().submitOnboardingItem(first);
              service()
                  .submitOnboardingItem(
                      identity(creator, "ref-2").toBuilder()
                          .setRequestId(first.getRequestId())
                          .build());
            })
        .on(
            "SubmitOnboardingItem",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                service()
                    .submitOnboardingItem(
                        identity(registered(), "ref").toBuilder().setCreatorId(unknown()).build()))
        .on(
            "SubmitOnboardingItem",
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> {
              Creator creator = registered();
              withoutPolicy(
                  "live.prohibited-items",
                  () -> self(creator).submitOnboardingItem(acknowledgement(creator, 3)));
            })
        .on(
            "SubmitOnboardingItem",
            "ABORTED/ETAG_MISMATCH",
            () ->
                service()
                    .submitOnboardingItem(
                        identity(registered(), "ref").toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "SubmitOnboardingItem",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              SubmitOnboardingItemRequest submit = identity(registered(), "ref");
              InFlightRequest.whileInFlight(
                  "SubmitOnboardingItem",
                  SERVICE,
                  submit.getRequestId(),
                  () -> service().submitOnboardingItem(submit));
            })
        .on(
            "SubmitOnboardingItem",
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> {
              Creator creator = registered();
              self(creator).submitOnboardingItem(acknowledgement(creator, 1));
            })
        .on(
            "SubmitOnboardingItem",
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              Creator creator = registered();
              policyServiceDown(
                  () -> self(creator).submitOnboardingItem(acknowledgement(creator, 3)));
            })
        .on(
            "SubmitOnboardingItem",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().submitOnboardingItem(identity(registered(), "ref")))
        .on(
            "SubmitOnboardingItem",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> otherCreator().submitOnboardingItem(acknowledgement(registered(), 3)))
        .on(
            "ActivateCreator",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().activateCreator(activation("")))
        .on(
            "ActivateCreator",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              Creator creator = onboarded();
              ActivateCreatorRequest first = activation(creator.getCreatorId());
              ops().activateCreator(first);
              ops().activateCreator(first.toBuilder().setReason("another reason").build());
            })
        .on(
            "ActivateCreator",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> ops().activateCreator(activation(unknown())))
        .on(
            "ActivateCreator",
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> {
              Creator creator = onboarded();
              withoutPolicy(
                  "creator.onboarding",
                  () -> ops().activateCreator(activation(creator.getCreatorId())));
            })
        .on(
            "ActivateCreator",
            "ABORTED/ETAG_MISMATCH",
            () ->
                ops()
                    .activateCreator(
                        activation(onboarded().getCreatorId()).toBuilder()
                            .setEtag(STALE_ETAG)
                            .build()))
        .on(
            "ActivateCreator",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              Creator creator = onboarded();
              lockedCreator(
                  creator, () -> ops().activateCreator(activation(creator.getCreatorId())));
            })
        .on(
            "ActivateCreator",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ActivateCreatorRequest activate = activation(onboarded().getCreatorId());
              InFlightRequest.whileInFlight(
                  "ActivateCreator",
                  OPS,
                  activate.getRequestId(),
                  () -> ops().activateCreator(activate));
            })
        .on(
            "ActivateCreator",
            "FAILED_PRECONDITION/ONBOARDING_INCOMPLETE",
            () -> ops().activateCreator(activation(registered().getCreatorId())))
        .on(
            "ActivateCreator",
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () -> ops().activateCreator(activation(active().getCreatorId())))
        .on(
            "ActivateCreator",
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              Creator creator = onboarded();
              policyServiceDown(() -> ops().activateCreator(activation(creator.getCreatorId())));
            })
        .on(
            "ActivateCreator",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().activateCreator(activation(onboarded().getCreatorId())));
  }

  private void lifecycle(ErrorConformance c) {
    c.on(
            "TransitionCreatorStatus",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                ops().transitionCreatorStatus(offboard(active()).toBuilder().setReason("").build()))
        .on(
            "TransitionCreatorStatus",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              Creator creator = active();
              TransitionCreatorStatusRequest first = suspend(creator);
              service().transitionCreatorStatus(first);
              service()
                  .transitionCreatorStatus(first.toBuilder().setReason("something else").build());
            })
        .on(
            "TransitionCreatorStatus",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                ops()
                    .transitionCreatorStatus(
                        offboard(active()).toBuilder().setCreatorId(unknown()).build()))
        .on(
            "TransitionCreatorStatus",
            "ABORTED/ETAG_MISMATCH",
            () ->
                ops()
                    .transitionCreatorStatus(
                        offboard(active()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "TransitionCreatorStatus",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              Creator creator = active();
              lockedCreator(creator, () -> ops().transitionCreatorStatus(offboard(creator)));
            })
        .on(
            "TransitionCreatorStatus",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              TransitionCreatorStatusRequest offboard = offboard(active());
              InFlightRequest.whileInFlight(
                  "TransitionCreatorStatus",
                  OPS,
                  offboard.getRequestId(),
                  () -> ops().transitionCreatorStatus(offboard));
            })
        .on(
            "TransitionCreatorStatus",
            "FAILED_PRECONDITION/INVALID_STATE_TRANSITION",
            () ->
                ops()
                    .transitionCreatorStatus(
                        offboard(active()).toBuilder()
                            .setTransition(StatusTransition.STATUS_TRANSITION_REINSTATE)
                            .build()))
        .on(
            "TransitionCreatorStatus",
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> {
              Creator creator = banned();
              service()
                  .transitionCreatorStatus(
                      offboard(creator).toBuilder()
                          .setTransition(StatusTransition.STATUS_TRANSITION_UNBAN)
                          .setEnforcementActionId("not-the-ban")
                          .setAppealId("appeal-1")
                          .build());
            })
        .on(
            "TransitionCreatorStatus",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().transitionCreatorStatus(offboard(active())))
        .on(
            "TransitionCreatorStatus",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> otherCreator().transitionCreatorStatus(offboard(active())))
        .on(
            "ListStatusHistory",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().listStatusHistory(ListStatusHistoryRequest.newBuilder().build()))
        .on(
            "ListStatusHistory",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                ops()
                    .listStatusHistory(
                        ListStatusHistoryRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .setPageToken("forged")
                            .build()))
        .on(
            "ListStatusHistory",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                ops()
                    .listStatusHistory(
                        ListStatusHistoryRequest.newBuilder().setCreatorId(unknown()).build()))
        .on(
            "ListStatusHistory",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                japanOps()
                    .listStatusHistory(
                        ListStatusHistoryRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()))
        .on(
            "ListStatusHistory",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                otherCreator()
                    .listStatusHistory(
                        ListStatusHistoryRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()));
  }

  private void restrictions(ErrorConformance c) {
    c.on(
            "ApplyRestriction",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                service()
                    .applyRestriction(
                        restriction(active()).toBuilder()
                            .setType(RestrictionType.RESTRICTION_TYPE_UNSPECIFIED)
                            .build()))
        .on(
            "ApplyRestriction",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              ApplyRestrictionRequest first = restriction(active());
              service().applyRestriction(first);
              service().applyRestriction(first.toBuilder().setReason("another reason").build());
            })
        .on(
            "ApplyRestriction",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                service()
                    .applyRestriction(
                        restriction(active()).toBuilder().setCreatorId(unknown()).build()))
        .on(
            "ApplyRestriction",
            "ALREADY_EXISTS/ALREADY_EXISTS",
            () -> {
              ApplyRestrictionRequest first = restriction(active());
              service().applyRestriction(first);
              service()
                  .applyRestriction(
                      first.toBuilder()
                          .setRequestId(requestId())
                          .setEndTime(ProtoTime.of(Instant.now().plusSeconds(7_200)))
                          .build());
            })
        .on(
            "ApplyRestriction",
            "ABORTED/ETAG_MISMATCH",
            () ->
                service()
                    .applyRestriction(
                        restriction(active()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "ApplyRestriction",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              Creator creator = active();
              lockedCreator(creator, () -> service().applyRestriction(restriction(creator)));
            })
        .on(
            "ApplyRestriction",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              ApplyRestrictionRequest apply = restriction(active());
              InFlightRequest.whileInFlight(
                  "ApplyRestriction",
                  SERVICE,
                  apply.getRequestId(),
                  () -> service().applyRestriction(apply));
            })
        .on(
            "ApplyRestriction",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanService().applyRestriction(restriction(active())))
        .on(
            "LiftRestriction",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> service().liftRestriction(lift(restricted()).toBuilder().setReason("").build()))
        .on(
            "LiftRestriction",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              LiftRestrictionRequest first = lift(restricted());
              service().liftRestriction(first);
              service().liftRestriction(first.toBuilder().setReason("another reason").build());
            })
        .on(
            "LiftRestriction",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                service()
                    .liftRestriction(
                        lift(restricted()).toBuilder().setEnforcementActionId("no-such").build()))
        .on(
            "LiftRestriction",
            "ABORTED/ETAG_MISMATCH",
            () ->
                service()
                    .liftRestriction(lift(restricted()).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "LiftRestriction",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              Creator creator = restricted();
              lockedCreator(creator, () -> service().liftRestriction(lift(creator)));
            })
        .on(
            "LiftRestriction",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              LiftRestrictionRequest lift = lift(restricted());
              InFlightRequest.whileInFlight(
                  "LiftRestriction",
                  SERVICE,
                  lift.getRequestId(),
                  () -> service().liftRestriction(lift));
            })
        .on(
            "LiftRestriction",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanService().liftRestriction(lift(restricted())))
        .on(
            "ListRestrictions",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().listRestrictions(ListRestrictionsRequest.newBuilder().build()))
        .on(
            "ListRestrictions",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                ops()
                    .listRestrictions(
                        ListRestrictionsRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .setPageToken("forged")
                            .build()))
        .on(
            "ListRestrictions",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                ops()
                    .listRestrictions(
                        ListRestrictionsRequest.newBuilder().setCreatorId(unknown()).build()))
        .on(
            "ListRestrictions",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                japanOps()
                    .listRestrictions(
                        ListRestrictionsRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()))
        .on(
            "ListRestrictions",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                otherCreator()
                    .listRestrictions(
                        ListRestrictionsRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()));
  }

  private void capabilities(ErrorConformance c) {
    c.on(
            "CheckCapability",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().checkCapability(CheckCapabilityRequest.newBuilder().build()))
        .on(
            "CheckCapability",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> ops().checkCapability(goLive(unknown())))
        .on(
            "CheckCapability",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().checkCapability(goLive(registered().getCreatorId())))
        .on(
            "CheckCapability",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> otherCreator().checkCapability(goLive(registered().getCreatorId())))
        .on(
            "BatchCheckCapability",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().batchCheckCapability(BatchCheckCapabilityRequest.newBuilder().build()));
  }

  private void commission(ErrorConformance c) {
    c.on(
            "SetCommissionRate",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().setCommissionRate(rate(active(), 20_000)))
        .on(
            "SetCommissionRate",
            "INVALID_ARGUMENT/COMMISSION_CAP_EXCEEDED",
            () -> ops().setCommissionRate(rate(active(), 2_500)))
        .on(
            "SetCommissionRate",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              SetCommissionRateRequest first = rate(active(), 1_000);
              ops().setCommissionRate(first);
              ops().setCommissionRate(first.toBuilder().setRateBps(1_100).build());
            })
        .on(
            "SetCommissionRate",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                ops()
                    .setCommissionRate(
                        rate(active(), 1_000).toBuilder().setCreatorId(unknown()).build()))
        .on(
            "SetCommissionRate",
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> {
              Creator creator = active();
              withoutPolicy("commission.caps", () -> ops().setCommissionRate(rate(creator, 1_000)));
            })
        .on(
            "SetCommissionRate",
            "ABORTED/ETAG_MISMATCH",
            () ->
                ops()
                    .setCommissionRate(
                        rate(active(), 1_000).toBuilder().setEtag(STALE_ETAG).build()))
        .on(
            "SetCommissionRate",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              Creator creator = active();
              lockedCreator(creator, () -> ops().setCommissionRate(rate(creator, 1_000)));
            })
        .on(
            "SetCommissionRate",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              SetCommissionRateRequest set = rate(active(), 1_000);
              InFlightRequest.whileInFlight(
                  "SetCommissionRate", OPS, set.getRequestId(), () -> ops().setCommissionRate(set));
            })
        .on(
            "SetCommissionRate",
            "FAILED_PRECONDITION/COMMISSION_FROZEN",
            () -> {
              Creator creator = active();
              service()
                  .applyRestriction(
                      restriction(creator).toBuilder()
                          .setType(RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN)
                          .build());
              ops().setCommissionRate(rate(creator, 1_000));
            })
        .on(
            "SetCommissionRate",
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> ops().setCommissionRate(rate(banned(), 1_000)))
        .on(
            "SetCommissionRate",
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              Creator creator = active();
              policyServiceDown(() -> ops().setCommissionRate(rate(creator, 1_000)));
            })
        .on(
            "SetCommissionRate",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().setCommissionRate(rate(active(), 1_000)))
        .on(
            "GetCommissionTerms",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().getCommissionTerms(GetCommissionTermsRequest.newBuilder().build()))
        .on(
            "GetCommissionTerms",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> ops().getCommissionTerms(terms(unknown())))
        .on(
            "GetCommissionTerms",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanOps().getCommissionTerms(terms(registered().getCreatorId())))
        .on(
            "GetCommissionTerms",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () -> otherCreator().getCommissionTerms(terms(registered().getCreatorId())))
        .on(
            "ListCommissionChanges",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().listCommissionChanges(ListCommissionChangesRequest.newBuilder().build()))
        .on(
            "ListCommissionChanges",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                ops()
                    .listCommissionChanges(
                        ListCommissionChangesRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .setPageToken("forged")
                            .build()))
        .on(
            "ListCommissionChanges",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                ops()
                    .listCommissionChanges(
                        ListCommissionChangesRequest.newBuilder().setCreatorId(unknown()).build()))
        .on(
            "ListCommissionChanges",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                japanOps()
                    .listCommissionChanges(
                        ListCommissionChangesRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()))
        .on(
            "ListCommissionChanges",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                otherCreator()
                    .listCommissionChanges(
                        ListCommissionChangesRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()));
  }

  private void performance(ErrorConformance c) {
    c.on(
            "RecordPerformanceSnapshot",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                service()
                    .recordPerformanceSnapshot(
                        snapshot(active(), "SGD").toBuilder()
                            .setSnapshot(snapshotOf("SGD").setQualityScore(5_000))
                            .build()))
        .on(
            "RecordPerformanceSnapshot",
            "INVALID_ARGUMENT/CURRENCY_MISMATCH",
            () -> service().recordPerformanceSnapshot(snapshot(active(), "USD")))
        .on(
            "RecordPerformanceSnapshot",
            "INVALID_ARGUMENT/REQUEST_ID_REUSED",
            () -> {
              RecordPerformanceSnapshotRequest first = snapshot(active(), "SGD");
              service().recordPerformanceSnapshot(first);
              service()
                  .recordPerformanceSnapshot(
                      first.toBuilder().setSnapshot(snapshotOf("SGD").setOrders(1)).build());
            })
        .on(
            "RecordPerformanceSnapshot",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () ->
                service()
                    .recordPerformanceSnapshot(
                        snapshot(active(), "SGD").toBuilder().setCreatorId(unknown()).build()))
        .on(
            "RecordPerformanceSnapshot",
            "NOT_FOUND/POLICY_NOT_EFFECTIVE",
            () -> {
              Creator creator = active();
              withoutPolicy(
                  "creator.tiers",
                  () -> service().recordPerformanceSnapshot(snapshot(creator, "SGD")));
            })
        .on(
            "RecordPerformanceSnapshot",
            "ABORTED/CONCURRENT_MODIFICATION",
            () -> {
              Creator creator = active();
              lockedCreator(
                  creator, () -> service().recordPerformanceSnapshot(snapshot(creator, "SGD")));
            })
        .on(
            "RecordPerformanceSnapshot",
            "ABORTED/REQUEST_IN_PROGRESS",
            () -> {
              RecordPerformanceSnapshotRequest record = snapshot(active(), "SGD");
              InFlightRequest.whileInFlight(
                  "RecordPerformanceSnapshot",
                  SERVICE,
                  record.getRequestId(),
                  () -> service().recordPerformanceSnapshot(record));
            })
        .on(
            "RecordPerformanceSnapshot",
            "FAILED_PRECONDITION/PRECONDITION_FAILED",
            () -> service().recordPerformanceSnapshot(snapshot(offboarded(), "SGD")))
        .on(
            "RecordPerformanceSnapshot",
            "UNAVAILABLE/DEPENDENCY_UNAVAILABLE",
            () -> {
              Creator creator = active();
              policyServiceDown(
                  () -> service().recordPerformanceSnapshot(snapshot(creator, "SGD")));
            })
        .on(
            "RecordPerformanceSnapshot",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () -> japanService().recordPerformanceSnapshot(snapshot(active(), "SGD")))
        .on(
            "GetTier",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () -> ops().getTier(GetTierRequest.newBuilder().build()))
        .on(
            "GetTier",
            "INVALID_ARGUMENT/INVALID_PAGE_TOKEN",
            () ->
                ops()
                    .getTier(
                        GetTierRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .setPageToken("forged")
                            .build()))
        .on(
            "GetTier",
            "NOT_FOUND/RESOURCE_NOT_FOUND",
            () -> ops().getTier(GetTierRequest.newBuilder().setCreatorId(unknown()).build()))
        .on(
            "GetTier",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                japanOps()
                    .getTier(
                        GetTierRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()))
        .on(
            "GetTier",
            "PERMISSION_DENIED/NOT_RESOURCE_OWNER",
            () ->
                otherCreator()
                    .getTier(
                        GetTierRequest.newBuilder()
                            .setCreatorId(registered().getCreatorId())
                            .build()));
  }

  private void feed(ErrorConformance c) {
    c.on(
            "StreamCreatorEvents",
            "INVALID_ARGUMENT/INVALID_ARGUMENT",
            () ->
                stream(
                    service(),
                    StreamCreatorEventsRequest.newBuilder()
                        .setResumeToken("x")
                        .setStartFromNow(true)
                        .build()))
        .on(
            "StreamCreatorEvents",
            "INVALID_ARGUMENT/INVALID_RESUME_TOKEN",
            () ->
                stream(
                    service(),
                    StreamCreatorEventsRequest.newBuilder().setResumeToken("forged").build()))
        .on(
            "StreamCreatorEvents",
            "INVALID_ARGUMENT/UNKNOWN_MARKET",
            () ->
                stream(
                    service(),
                    StreamCreatorEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("ZZ")
                        .build()))
        .on(
            "StreamCreatorEvents",
            "OUT_OF_RANGE/RESUME_TOKEN_EXPIRED",
            () -> {
              String before = currentFeedPosition();
              Creator aged = registered();
              TestSql.execute(
                  "UPDATE creator_event SET occurred_at = now() - interval '400 days'"
                      + " WHERE creator_id = ?",
                  aged.getCreatorId());
              feedRetention
                  .purgeBefore(Instant.now().minus(Duration.ofDays(30)))
                  .await()
                  .indefinitely();
              try {
                stream(
                    service(),
                    StreamCreatorEventsRequest.newBuilder().setResumeToken(before).build());
              } finally {
                TestSql.execute("DELETE FROM kit_feed_horizon");
              }
            })
        .on(
            "StreamCreatorEvents",
            "PERMISSION_DENIED/MARKET_OUT_OF_SCOPE",
            () ->
                stream(
                    japanService(),
                    StreamCreatorEventsRequest.newBuilder()
                        .setStartFromNow(true)
                        .addMarkets("SG")
                        .build()));
  }

  // ---- callers -------------------------------------------------------------------------------

  private RpcInvoker invoker() {
    return new RpcInvoker(grpc.getChannel(), CreatorServiceGrpc.getServiceDescriptor());
  }

  private CreatorServiceBlockingStub as(String token) {
    return grpc.withCallCredentials(BearerAuth.of(token)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private CreatorServiceBlockingStub ops() {
    return as(TestAuthKeys.token(OPS, Role.CREATOR_OPS));
  }

  private CreatorServiceBlockingStub japanOps() {
    return as(TestAuthKeys.scopedToken(OPS, new String[] {"JP"}, Role.CREATOR_OPS));
  }

  private CreatorServiceBlockingStub service() {
    return as(TestAuthKeys.token(SERVICE, Role.SERVICE));
  }

  private CreatorServiceBlockingStub japanService() {
    return as(TestAuthKeys.scopedToken(SERVICE, new String[] {"JP"}, Role.SERVICE));
  }

  private CreatorServiceBlockingStub self(Creator creator) {
    return as(TestAuthKeys.token(creator.getCreatorId(), Role.CREATOR));
  }

  private CreatorServiceBlockingStub otherCreator() {
    return as(TestAuthKeys.token("someone-else", Role.CREATOR));
  }

  /** The resume token of the feed's current end (the first checkpoint of a stream from now). */
  private String currentFeedPosition() {
    var stream =
        service()
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .streamCreatorEvents(
                StreamCreatorEventsRequest.newBuilder().setStartFromNow(true).build());
    return stream.next().getCheckpoint().getResumeToken();
  }

  private static void stream(CreatorServiceBlockingStub stub, StreamCreatorEventsRequest request) {
    stub.streamCreatorEvents(request).hasNext();
  }

  // ---- creators in each state (Singapore) ----------------------------------------------------

  private static RegisterCreatorRequest.Builder registration(String market) {
    return RegisterCreatorRequest.newBuilder()
        .setRequestId(requestId())
        .setMarket(market)
        .setHandle(handle())
        .setDisplayName("Conformance Seller")
        .addCategories("beauty");
  }

  private Creator register(
      Function<RegisterCreatorRequest.Builder, RegisterCreatorRequest.Builder> edit) {
    return ops().registerCreator(edit.apply(registration("SG")).build()).getCreator();
  }

  private Creator registered() {
    return register(r -> r);
  }

  /** Registered with every onboarding item met, not yet activated. */
  private Creator onboarded() {
    Creator creator = registered();
    service().submitOnboardingItem(identity(creator, "ref-" + creator.getCreatorId()));
    self(creator).submitOnboardingItem(acknowledgement(creator, CreatorFixtures.CATALOGUE_VERSION));
    return current(creator);
  }

  private Creator active() {
    Creator creator = onboarded();
    return ops().activateCreator(activation(creator.getCreatorId())).getCreator();
  }

  private Creator restricted() {
    Creator creator = active();
    service().applyRestriction(restriction(creator));
    return current(creator);
  }

  private Creator banned() {
    Creator creator = active();
    return service()
        .transitionCreatorStatus(
            offboard(creator).toBuilder()
                .setTransition(StatusTransition.STATUS_TRANSITION_BAN)
                .setEnforcementActionId("ban-" + creator.getCreatorId())
                .build())
        .getCreator();
  }

  private Creator offboarded() {
    return ops().transitionCreatorStatus(offboard(active())).getCreator();
  }

  private Creator current(Creator creator) {
    return ops().getCreator(getCreator(creator.getCreatorId())).getCreator();
  }

  private static String unknown() {
    return java.util.UUID.randomUUID().toString();
  }

  // ---- requests --------------------------------------------------------------------------------

  private static GetCreatorRequest getCreator(String id) {
    return GetCreatorRequest.newBuilder().setCreatorId(id).build();
  }

  private static UpdateCreatorRequest rename(Creator creator, String path, String value) {
    Creator.Builder patch = Creator.newBuilder();
    if (path.equals("handle")) {
      patch.setHandle(value);
    } else {
      patch.setDisplayName(value);
    }
    return UpdateCreatorRequest.newBuilder()
        .setCreatorId(creator.getCreatorId())
        .setCreator(patch)
        .setUpdateMask(FieldMask.newBuilder().addPaths(path))
        .setEtag(creator.getEtag())
        .setRequestId(requestId())
        .build();
  }

  private static GetOnboardingChecklistRequest checklist(String id) {
    return GetOnboardingChecklistRequest.newBuilder().setCreatorId(id).build();
  }

  private static SubmitOnboardingItemRequest.Builder submission(Creator creator) {
    return SubmitOnboardingItemRequest.newBuilder()
        .setCreatorId(creator.getCreatorId())
        .setRequestId(requestId());
  }

  private static SubmitOnboardingItemRequest identity(Creator creator, String reference) {
    return submission(creator)
        .setIdentityVerification(
            IdentityVerification.newBuilder()
                .setProvider("ekyc")
                .setVerificationReference(reference)
                .setOutcome(IdentityVerificationOutcome.IDENTITY_VERIFICATION_OUTCOME_PASSED)
                .setVerifyTime(ProtoTime.of(Instant.now().minusSeconds(60))))
        .build();
  }

  private static SubmitOnboardingItemRequest acknowledgement(Creator creator, int version) {
    return submission(creator)
        .setPolicyAcknowledgement(
            PolicyAcknowledgement.newBuilder()
                .setPolicyKey("live.prohibited-items")
                .setPolicyVersion(version))
        .build();
  }

  private static ActivateCreatorRequest activation(String id) {
    return ActivateCreatorRequest.newBuilder().setCreatorId(id).setRequestId(requestId()).build();
  }

  private static TransitionCreatorStatusRequest offboard(Creator creator) {
    return TransitionCreatorStatusRequest.newBuilder()
        .setCreatorId(creator.getCreatorId())
        .setTransition(StatusTransition.STATUS_TRANSITION_OFFBOARD)
        .setReason("leaving the platform")
        .setRequestId(requestId())
        .build();
  }

  private static TransitionCreatorStatusRequest suspend(Creator creator) {
    return TransitionCreatorStatusRequest.newBuilder()
        .setCreatorId(creator.getCreatorId())
        .setTransition(StatusTransition.STATUS_TRANSITION_SUSPEND)
        .setReason("counterfeit goods")
        .setEnforcementActionId("suspend-" + creator.getCreatorId())
        .setSuspensionEndTime(ProtoTime.of(Instant.now().plusSeconds(3_600)))
        .setRequestId(requestId())
        .build();
  }

  private static ApplyRestrictionRequest restriction(Creator creator) {
    return ApplyRestrictionRequest.newBuilder()
        .setCreatorId(creator.getCreatorId())
        .setType(RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED)
        .setEnforcementActionId("act-" + creator.getCreatorId())
        .setEndTime(ProtoTime.of(Instant.now().plusSeconds(3_600)))
        .setReason("misleading claims in a live stream")
        .setRequestId(requestId())
        .build();
  }

  private static LiftRestrictionRequest lift(Creator creator) {
    return LiftRestrictionRequest.newBuilder()
        .setCreatorId(creator.getCreatorId())
        .setEnforcementActionId("act-" + creator.getCreatorId())
        .setReason("appeal overturned")
        .setAppealId("appeal-" + creator.getCreatorId())
        .setRequestId(requestId())
        .build();
  }

  private static CheckCapabilityRequest goLive(String id) {
    return CheckCapabilityRequest.newBuilder()
        .setCreatorId(id)
        .setCapability(Capability.CAPABILITY_GO_LIVE)
        .build();
  }

  private static SetCommissionRateRequest rate(Creator creator, int bps) {
    return SetCommissionRateRequest.newBuilder()
        .setCreatorId(creator.getCreatorId())
        .setCategory("beauty")
        .setRateBps(bps)
        .setReason("negotiated")
        .setRequestId(requestId())
        .build();
  }

  private static GetCommissionTermsRequest terms(String id) {
    return GetCommissionTermsRequest.newBuilder().setCreatorId(id).build();
  }

  private static PerformanceSnapshot.Builder snapshotOf(String currency) {
    return PerformanceSnapshot.newBuilder()
        .setPeriod(
            TimeWindow.newBuilder()
                .setStartTime(ProtoTime.of(Instant.now().minusSeconds(30L * 86_400)))
                .setEndTime(ProtoTime.of(Instant.now().minusSeconds(60))))
        .setGmv(Money.newBuilder().setAmountMinor(1_000_000).setCurrencyCode(currency))
        .setLiveDuration(com.google.protobuf.Duration.newBuilder().setSeconds(3_600))
        .setOrders(10)
        .setQualityScore(500);
  }

  private static RecordPerformanceSnapshotRequest snapshot(Creator creator, String currency) {
    return RecordPerformanceSnapshotRequest.newBuilder()
        .setRequestId(requestId())
        .setCreatorId(creator.getCreatorId())
        .setSnapshot(snapshotOf(currency))
        .build();
  }

  // ---- conditions ------------------------------------------------------------------------------

  /** Runs {@code call} while another transaction holds the creator's row lock. */
  private static void lockedCreator(Creator creator, Call call) throws Exception {
    RowLock.whileLocked("creator", "creator_id", creator.getCreatorId(), call);
  }

  /** Runs {@code call} while policy-service has no effective {@code policyKey} in Singapore. */
  private void withoutPolicy(String policyKey, Call call) throws Exception {
    policy.withoutPolicy(policyKey, "SG", cachedPolicies.nearCache()::invalidateAll, call);
  }

  /** Runs {@code call} while policy-service is down and nothing is cached. */
  private void policyServiceDown(Call call) throws Exception {
    policy.whileDown(cachedPolicies.nearCache()::invalidateAll, circuitBreakers::resetAll, call);
  }
}
