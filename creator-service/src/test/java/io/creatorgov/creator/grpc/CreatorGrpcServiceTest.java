package io.creatorgov.creator.grpc;

import static io.creatorgov.creator.grpc.CreatorFixtures.handle;
import static io.creatorgov.creator.grpc.CreatorFixtures.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import com.google.rpc.PreconditionFailure;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.v1.*;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.time.ProtoTime;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** creator-service through its real gRPC API, real PostgreSQL/Redis, policy-service faked. */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorGrpcServiceTest {

  @GrpcClient("creator")
  CreatorServiceGrpc.CreatorServiceBlockingStub grpc;

  @FakePolicyService.Inject FakePolicyService.Policies policy;

  @jakarta.inject.Inject io.creatorgov.policy.client.CachedPolicies cachedPolicies;

  private CreatorServiceGrpc.CreatorServiceBlockingStub as(String subject, Role... roles) {
    return grpc.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private CreatorServiceGrpc.CreatorServiceBlockingStub ops() {
    return as("ops-ana", Role.CREATOR_OPS);
  }

  private CreatorServiceGrpc.CreatorServiceBlockingStub enforcement() {
    return as("enforcement-service", Role.SERVICE);
  }

  private CreatorServiceGrpc.CreatorServiceBlockingStub self(String creatorId) {
    return as(creatorId, Role.CREATOR);
  }

  private Creator register(String market) {
    return ops()
        .registerCreator(
            RegisterCreatorRequest.newBuilder()
                .setRequestId(requestId())
                .setMarket(market)
                .setHandle(handle())
                .setDisplayName("Live Seller")
                .addCategories("beauty")
                .build())
        .getCreator();
  }

  private void verifyIdentity(String creatorId) {
    as("ekyc-service", Role.SERVICE)
        .submitOnboardingItem(
            SubmitOnboardingItemRequest.newBuilder()
                .setCreatorId(creatorId)
                .setRequestId(requestId())
                .setIdentityVerification(
                    IdentityVerification.newBuilder()
                        .setProvider("ekyc")
                        .setVerificationReference("ref-" + creatorId)
                        .setOutcome(
                            IdentityVerificationOutcome.IDENTITY_VERIFICATION_OUTCOME_PASSED)
                        .setVerifyTime(ProtoTime.of(Instant.now().minusSeconds(60))))
                .build());
  }

  private void acknowledge(String creatorId, int version) {
    self(creatorId)
        .submitOnboardingItem(
            SubmitOnboardingItemRequest.newBuilder()
                .setCreatorId(creatorId)
                .setRequestId(requestId())
                .setPolicyAcknowledgement(
                    PolicyAcknowledgement.newBuilder()
                        .setPolicyKey("live.prohibited-items")
                        .setPolicyVersion(version))
                .build());
  }

  private Creator activate(String creatorId) {
    return ops()
        .activateCreator(
            ActivateCreatorRequest.newBuilder()
                .setCreatorId(creatorId)
                .setRequestId(requestId())
                .build())
        .getCreator();
  }

  private Creator activeCreator(String market) {
    Creator c = register(market);
    verifyIdentity(c.getCreatorId());
    acknowledge(c.getCreatorId(), CreatorFixtures.CATALOGUE_VERSION);
    return activate(c.getCreatorId());
  }

  private CapabilityDecision check(String creatorId, Capability capability) {
    return as("live-room", Role.SERVICE)
        .checkCapability(
            CheckCapabilityRequest.newBuilder()
                .setCreatorId(creatorId)
                .setCapability(capability)
                .build())
        .getDecision();
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  // ---- registration
  // ------------------------------------------------------------------------------

  @Test
  void registrationIsIdempotentAndHandlesAreUniquePerMarket() {
    RegisterCreatorRequest request =
        RegisterCreatorRequest.newBuilder()
            .setRequestId(requestId())
            .setMarket("ID")
            .setHandle(handle())
            .setDisplayName("Sari")
            .build();

    Creator first = ops().registerCreator(request).getCreator();
    Creator replay = ops().registerCreator(request).getCreator();
    ErrorDetails taken =
        failure(() -> ops().registerCreator(request.toBuilder().setRequestId(requestId()).build()));
    Creator otherMarket =
        ops()
            .registerCreator(request.toBuilder().setRequestId(requestId()).setMarket("MY").build())
            .getCreator();

    assertThat(replay).isEqualTo(first);
    assertThat(first.getStatus()).isEqualTo(CreatorStatus.CREATOR_STATUS_APPLIED);
    assertThat(taken.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(otherMarket.getCreatorId()).isNotEqualTo(first.getCreatorId());
  }

  @Test
  void badRegistrationReportsEveryFieldOfEachStageAndWritesNothing() {
    String h = "Bad Handle!";

    // stage 1, the contract's field rules: every broken one together
    ErrorDetails e =
        failure(
            () ->
                ops()
                    .registerCreator(
                        RegisterCreatorRequest.newBuilder()
                            .setRequestId(requestId())
                            .setMarket("US")
                            .setHandle(h)
                            .addCategories("Not A Slug")
                            .build()));
    // stage 2, the rules that need the service: the market registry
    ErrorDetails unknownMarket =
        failure(
            () ->
                ops()
                    .registerCreator(
                        RegisterCreatorRequest.newBuilder()
                            .setRequestId(requestId())
                            .setMarket("US")
                            .setHandle("good.handle")
                            .setDisplayName("Good Name")
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactlyInAnyOrder("handle", "display_name", "categories[0]");
    assertThat(unknownMarket.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknownMarket.reason()).isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
    assertThat(unknownMarket.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("market");
    assertThat(
            ops()
                .listCreators(ListCreatorsRequest.newBuilder().setMarket("ID").setHandle(h).build())
                .getCreatorsCount())
        .isZero();
  }

  @Test
  void profileUpdatesNeedAMaskAndACurrentEtag() {
    Creator c = register("KR");

    Creator updated =
        ops()
            .updateCreator(
                UpdateCreatorRequest.newBuilder()
                    .setCreatorId(c.getCreatorId())
                    .setCreator(Creator.newBuilder().setDisplayName("New Name"))
                    .setUpdateMask(
                        com.google.protobuf.FieldMask.newBuilder().addPaths("display_name"))
                    .setEtag(c.getEtag())
                    .setRequestId(requestId())
                    .build())
            .getCreator();
    ErrorDetails stale =
        failure(
            () ->
                ops()
                    .updateCreator(
                        UpdateCreatorRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setCreator(Creator.newBuilder().setDisplayName("Other"))
                            .setUpdateMask(
                                com.google.protobuf.FieldMask.newBuilder().addPaths("display_name"))
                            .setEtag(c.getEtag())
                            .setRequestId(requestId())
                            .build()));
    ErrorDetails badMask =
        failure(
            () ->
                ops()
                    .updateCreator(
                        UpdateCreatorRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setCreator(Creator.newBuilder())
                            .setUpdateMask(
                                com.google.protobuf.FieldMask.newBuilder().addPaths("status"))
                            .setRequestId(requestId())
                            .build()));

    Creator other = register("KR");
    ErrorDetails handleTaken =
        failure(
            () ->
                ops()
                    .updateCreator(
                        UpdateCreatorRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setCreator(Creator.newBuilder().setHandle(other.getHandle()))
                            .setUpdateMask(
                                com.google.protobuf.FieldMask.newBuilder().addPaths("handle"))
                            .setRequestId(requestId())
                            .build()));
    assertThat(handleTaken.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(updated.getDisplayName()).isEqualTo("New Name");
    assertThat(updated.getCategoriesList()).containsExactly("beauty");
    assertThat(stale.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(badMask.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_UPDATE_MASK);
  }

  @Test
  void aMarketScopedOperatorListsOnlyTheirMarketsOldestFirst() {
    Creator first = register("TH");
    Creator second = register("TH");
    register("VN");

    ListCreatorsResponse page =
        grpc.withCallCredentials(
                BearerAuth.of(
                    TestAuthKeys.scopedToken("ops-th", new String[] {"TH"}, Role.CREATOR_OPS)))
            .listCreators(ListCreatorsRequest.newBuilder().setPageSize(500).build());

    assertThat(page.getCreatorsList()).allMatch(cr -> cr.getMarket().equals("TH"));
    List<String> ids = page.getCreatorsList().stream().map(Creator::getCreatorId).toList();
    assertThat(ids.indexOf(first.getCreatorId())).isLessThan(ids.indexOf(second.getCreatorId()));
  }

  // ---- onboarding and activation
  // -----------------------------------------------------------------

  @Test
  void vietnamNeedsATaxProfileAndActivationNamesEveryMissingItem() {
    Creator c = register("VN");
    verifyIdentity(c.getCreatorId());

    ErrorDetails incomplete = failure(() -> activate(c.getCreatorId()));

    assertThat(incomplete.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(incomplete.reason()).isEqualTo(ErrorReason.ERROR_REASON_ONBOARDING_INCOMPLETE);
    assertThat(incomplete.preconditionFailure().orElseThrow().getViolationsList())
        .extracting(PreconditionFailure.Violation::getSubject)
        .containsExactlyInAnyOrder(
            "ONBOARDING_ITEM_KIND_TAX_PROFILE",
            "ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT:live.prohibited-items");

    ErrorDetails badTaxId =
        failure(
            () ->
                self(c.getCreatorId())
                    .submitOnboardingItem(
                        SubmitOnboardingItemRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setRequestId(requestId())
                            .setTaxProfile(
                                TaxProfile.newBuilder()
                                    .setScheme("VN_MST")
                                    .setTaxId("12345")
                                    .setLegalName("Nguyen Van A"))
                            .build()));
    assertThat(badTaxId.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badTaxId.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .contains("tax_profile.tax_id");

    SubmitOnboardingItemResponse tax =
        self(c.getCreatorId())
            .submitOnboardingItem(
                SubmitOnboardingItemRequest.newBuilder()
                    .setCreatorId(c.getCreatorId())
                    .setRequestId(requestId())
                    .setTaxProfile(
                        TaxProfile.newBuilder()
                            .setScheme("VN_MST")
                            .setTaxId("0101234565-001")
                            .setLegalName("Nguyen Van A"))
                    .build());
    assertThat(tax.getItem().getStatus())
        .isEqualTo(OnboardingItemStatus.ONBOARDING_ITEM_STATUS_MET);
    acknowledge(c.getCreatorId(), CreatorFixtures.CATALOGUE_VERSION);

    Creator active = activate(c.getCreatorId());

    assertThat(active.getStatus()).isEqualTo(CreatorStatus.CREATOR_STATUS_ACTIVE);
    assertThat(active.getTier()).isEqualTo(CreatorTier.CREATOR_TIER_BRONZE);
  }

  @Test
  void acknowledgingAnOutdatedPolicyVersionIsRefused() {
    Creator c = register("MY");

    ErrorDetails e =
        failure(() -> acknowledge(c.getCreatorId(), CreatorFixtures.CATALOGUE_VERSION - 1));

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    GetOnboardingChecklistResponse checklist =
        self(c.getCreatorId())
            .getOnboardingChecklist(
                GetOnboardingChecklistRequest.newBuilder().setCreatorId(c.getCreatorId()).build());
    assertThat(checklist.getChecklist().getComplete()).isFalse();
  }

  // ---- lifecycle
  // ---------------------------------------------------------------------------------

  @Test
  void suspendReinstateBanAndUnbanFollowTheStateMachineWithHistory() {
    Creator c = activeCreator("TH");
    String id = c.getCreatorId();
    Instant until = Instant.now().plusSeconds(3600);

    TransitionCreatorStatusResponse suspended =
        enforcement()
            .transitionCreatorStatus(
                TransitionCreatorStatusRequest.newBuilder()
                    .setCreatorId(id)
                    .setTransition(StatusTransition.STATUS_TRANSITION_SUSPEND)
                    .setReason("counterfeit goods")
                    .setEnforcementActionId("act-1")
                    .setSuspensionEndTime(ProtoTime.of(until))
                    .setRequestId(requestId())
                    .build());
    assertThat(suspended.getCreator().getStatus())
        .isEqualTo(CreatorStatus.CREATOR_STATUS_SUSPENDED);
    assertThat(check(id, Capability.CAPABILITY_GO_LIVE).getAllowed()).isFalse();

    ops()
        .transitionCreatorStatus(
            TransitionCreatorStatusRequest.newBuilder()
                .setCreatorId(id)
                .setTransition(StatusTransition.STATUS_TRANSITION_REINSTATE)
                .setReason("appeal overturned")
                .setRequestId(requestId())
                .build());
    assertThat(check(id, Capability.CAPABILITY_GO_LIVE).getAllowed()).isTrue();

    ErrorDetails opsBan =
        failure(
            () ->
                ops()
                    .transitionCreatorStatus(
                        TransitionCreatorStatusRequest.newBuilder()
                            .setCreatorId(id)
                            .setTransition(StatusTransition.STATUS_TRANSITION_BAN)
                            .setReason("x")
                            .setEnforcementActionId("act-2")
                            .setRequestId(requestId())
                            .build()));
    assertThat(opsBan.code()).isEqualTo(Status.Code.PERMISSION_DENIED);

    enforcement()
        .transitionCreatorStatus(
            TransitionCreatorStatusRequest.newBuilder()
                .setCreatorId(id)
                .setTransition(StatusTransition.STATUS_TRANSITION_BAN)
                .setReason("repeat counterfeit")
                .setEnforcementActionId("act-3")
                .setRequestId(requestId())
                .build());
    ErrorDetails unbanWithoutAppeal =
        failure(
            () ->
                enforcement()
                    .transitionCreatorStatus(
                        TransitionCreatorStatusRequest.newBuilder()
                            .setCreatorId(id)
                            .setTransition(StatusTransition.STATUS_TRANSITION_UNBAN)
                            .setReason("x")
                            .setEnforcementActionId("act-3")
                            .setRequestId(requestId())
                            .build()));
    assertThat(unbanWithoutAppeal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    TransitionCreatorStatusResponse unbanned =
        enforcement()
            .transitionCreatorStatus(
                TransitionCreatorStatusRequest.newBuilder()
                    .setCreatorId(id)
                    .setTransition(StatusTransition.STATUS_TRANSITION_UNBAN)
                    .setReason("appeal overturned")
                    .setEnforcementActionId("act-3")
                    .setAppealId("appeal-9")
                    .setRequestId(requestId())
                    .build());
    assertThat(unbanned.getCreator().getStatus()).isEqualTo(CreatorStatus.CREATOR_STATUS_ACTIVE);

    List<StatusHistoryEntry> history =
        ops()
            .listStatusHistory(ListStatusHistoryRequest.newBuilder().setCreatorId(id).build())
            .getEntriesList();
    assertThat(history)
        .extracting(StatusHistoryEntry::getKind)
        .containsExactly(
            StatusChangeKind.STATUS_CHANGE_KIND_REGISTERED,
            StatusChangeKind.STATUS_CHANGE_KIND_ACTIVATED,
            StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED,
            StatusChangeKind.STATUS_CHANGE_KIND_REINSTATED,
            StatusChangeKind.STATUS_CHANGE_KIND_BANNED,
            StatusChangeKind.STATUS_CHANGE_KIND_UNBANNED);
    assertThat(history.get(4).getEnforcementActionId()).isEqualTo("act-3");
    assertThat(history.get(5).getAppealId()).isEqualTo("appeal-9");
    assertThat(history.get(4).getChanged().getActor().getSubject())
        .isEqualTo("enforcement-service");
  }

  @Test
  void anIllegalTransitionIsFailedPreconditionNamingTheCurrentState() {
    Creator c = register("PH");

    ErrorDetails e =
        failure(
            () ->
                ops()
                    .transitionCreatorStatus(
                        TransitionCreatorStatusRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setTransition(StatusTransition.STATUS_TRANSITION_SUSPEND)
                            .setReason("x")
                            .setSuspensionEndTime(ProtoTime.of(Instant.now().plusSeconds(60)))
                            .setRequestId(requestId())
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_STATE_TRANSITION);
    assertThat(e.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("current_state", "APPLIED");
  }

  @Test
  void concurrentTransitionsWithTheSameEtagLetOneWinAndAbortTheOthers() throws Exception {
    Creator c = activeCreator("SG");
    String etag =
        ops()
            .getCreator(GetCreatorRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
            .getCreator()
            .getEtag();
    List<Callable<Status.Code>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(
          () -> {
            try {
              enforcement()
                  .transitionCreatorStatus(
                      TransitionCreatorStatusRequest.newBuilder()
                          .setCreatorId(c.getCreatorId())
                          .setTransition(StatusTransition.STATUS_TRANSITION_SUSPEND)
                          .setReason("race")
                          .setEnforcementActionId("act-race-" + UUID())
                          .setSuspensionEndTime(ProtoTime.of(Instant.now().plusSeconds(600)))
                          .setEtag(etag)
                          .setRequestId(requestId())
                          .build());
              return Status.Code.OK;
            } catch (StatusRuntimeException e) {
              return e.getStatus().getCode();
            }
          });
    }

    List<Status.Code> outcomes = runConcurrently(calls);

    assertThat(outcomes).filteredOn(o -> o == Status.Code.OK).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o != Status.Code.OK).containsOnly(Status.Code.ABORTED);
  }

  @Test
  void aRetriedBanAfterAnOverturnedAppealDoesNotBanAgain() {
    Creator c = activeCreator("MY");
    TransitionCreatorStatusRequest ban =
        TransitionCreatorStatusRequest.newBuilder()
            .setCreatorId(c.getCreatorId())
            .setTransition(StatusTransition.STATUS_TRANSITION_BAN)
            .setReason("prohibited goods")
            .setEnforcementActionId("act-ban-retry")
            .setRequestId(requestId())
            .build();
    TransitionCreatorStatusResponse banned = enforcement().transitionCreatorStatus(ban);
    enforcement()
        .transitionCreatorStatus(
            TransitionCreatorStatusRequest.newBuilder()
                .setCreatorId(c.getCreatorId())
                .setTransition(StatusTransition.STATUS_TRANSITION_UNBAN)
                .setReason("appeal overturned")
                .setEnforcementActionId("act-ban-retry")
                .setAppealId("appeal-77")
                .setRequestId(requestId())
                .build());

    // the enforcement outbox retries the old BAN with a fresh request id
    TransitionCreatorStatusResponse retry =
        enforcement().transitionCreatorStatus(ban.toBuilder().setRequestId(requestId()).build());

    assertThat(retry.getAlreadyApplied()).isTrue();
    assertThat(retry.getEntry().getEntryId()).isEqualTo(banned.getEntry().getEntryId());
    assertThat(retry.getCreator().getStatus()).isEqualTo(CreatorStatus.CREATOR_STATUS_ACTIVE);
  }

  // ---- restrictions and capabilities
  // -------------------------------------------------------------

  @Test
  void aRestrictionIsAppliedOnceAndCheckCapabilityIsNeverStale() {
    Creator c = activeCreator("KR");
    String id = c.getCreatorId();
    assertThat(check(id, Capability.CAPABILITY_GO_LIVE).getAllowed()).isTrue(); // cached now
    ApplyRestrictionRequest apply =
        ApplyRestrictionRequest.newBuilder()
            .setCreatorId(id)
            .setType(RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED)
            .setEnforcementActionId("act-live-1")
            .setEndTime(ProtoTime.of(Instant.now().plusSeconds(86_400)))
            .setReason("misleading claims in live")
            .setRequestId(requestId())
            .build();

    ApplyRestrictionResponse first = enforcement().applyRestriction(apply);
    ApplyRestrictionResponse again =
        enforcement().applyRestriction(apply.toBuilder().setRequestId(requestId()).build());

    assertThat(first.getCreatorStatus()).isEqualTo(CreatorStatus.CREATOR_STATUS_RESTRICTED);
    assertThat(again.getAlreadyApplied()).isTrue();
    assertThat(again.getRestriction().getRestrictionId())
        .isEqualTo(first.getRestriction().getRestrictionId());
    CapabilityDecision denied = check(id, Capability.CAPABILITY_GO_LIVE);
    assertThat(denied.getAllowed()).isFalse();
    assertThat(denied.getReasonsList())
        .anySatisfy(
            r -> assertThat(r.getRestriction().getEnforcementActionId()).isEqualTo("act-live-1"));
    assertThat(check(id, Capability.CAPABILITY_EARN_COMMISSION).getAllowed()).isTrue();

    LiftRestrictionResponse lifted =
        enforcement()
            .liftRestriction(
                LiftRestrictionRequest.newBuilder()
                    .setCreatorId(id)
                    .setEnforcementActionId("act-live-1")
                    .setReason("appeal overturned")
                    .setAppealId("appeal-1")
                    .setRequestId(requestId())
                    .build());

    assertThat(lifted.getLiftedCount()).isEqualTo(1);
    ErrorDetails unknownAction =
        failure(
            () ->
                enforcement()
                    .liftRestriction(
                        LiftRestrictionRequest.newBuilder()
                            .setCreatorId(id)
                            .setEnforcementActionId("act-never")
                            .setReason("x")
                            .setRequestId(requestId())
                            .build()));
    assertThat(unknownAction.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(lifted.getCreatorStatus()).isEqualTo(CreatorStatus.CREATOR_STATUS_ACTIVE);
    assertThat(check(id, Capability.CAPABILITY_GO_LIVE).getAllowed()).isTrue();
  }

  @Test
  void aLateRetryOfAnAppliedRestrictionFindsItEvenAfterItExpired() {
    Creator c = activeCreator("ID");
    ApplyRestrictionRequest apply =
        ApplyRestrictionRequest.newBuilder()
            .setCreatorId(c.getCreatorId())
            .setType(RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED)
            .setEnforcementActionId("act-late")
            .setEndTime(ProtoTime.of(Instant.now().plusSeconds(2)))
            .setReason("spam")
            .setRequestId(requestId())
            .build();
    String etag =
        ops()
            .getCreator(GetCreatorRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
            .getCreator()
            .getEtag();
    ApplyRestrictionResponse first =
        enforcement().applyRestriction(apply.toBuilder().setEtag(etag).build());
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(15))
        .until(
            () ->
                ops()
                        .listRestrictions(
                            ListRestrictionsRequest.newBuilder()
                                .setCreatorId(c.getCreatorId())
                                .build())
                        .getRestrictions(0)
                        .getState()
                    == RestrictionState.RESTRICTION_STATE_EXPIRED);

    // same action, new request id, the old (now stale) etag and an end time now in the past
    ApplyRestrictionResponse retry =
        enforcement()
            .applyRestriction(apply.toBuilder().setEtag(etag).setRequestId(requestId()).build());

    assertThat(retry.getAlreadyApplied()).isTrue();
    assertThat(retry.getRestriction().getRestrictionId())
        .isEqualTo(first.getRestriction().getRestrictionId());
  }

  @Test
  void batchCheckAnswersEachItemAndReportsUnknownCreatorsPerItem() {
    Creator c = activeCreator("MY");

    BatchCheckCapabilityResponse batch =
        as("campaigns", Role.SERVICE)
            .batchCheckCapability(
                BatchCheckCapabilityRequest.newBuilder()
                    .addChecks(
                        CapabilityCheck.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setCapability(Capability.CAPABILITY_JOIN_CAMPAIGN))
                    .addChecks(
                        CapabilityCheck.newBuilder()
                            .setCreatorId("cr_missing")
                            .setCapability(Capability.CAPABILITY_GO_LIVE))
                    .build());

    assertThat(batch.getResults(0).getDecision().getAllowed()).isTrue();
    assertThat(batch.getResults(1).getError().getCode()).isEqualTo(Status.Code.NOT_FOUND.value());
  }

  @Test
  void withPolicyServiceDownAndNothingCachedOnboardingIsUnavailable() {
    Creator c = register("JP");
    cachedPolicies.nearCache().invalidateAll(); // nothing cached
    policy.down = true;
    try {
      policy.calls.set(0);
      // JP's onboarding policy may be cached from another test; a fresh key forces a call
      ErrorDetails e =
          failure(
              () ->
                  ops()
                      .getOnboardingChecklist(
                          GetOnboardingChecklistRequest.newBuilder()
                              .setCreatorId(c.getCreatorId())
                              .build()));
      assertThat(e.code()).isIn(Status.Code.UNAVAILABLE);
      assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_DEPENDENCY_UNAVAILABLE);
    } finally {
      policy.down = false;
    }
    // the breaker that opened meanwhile closes by itself once policy-service answers again
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                ops()
                    .getOnboardingChecklist(
                        GetOnboardingChecklistRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .build())
                    .hasChecklist());
  }

  // ---- commission and tiers
  // ----------------------------------------------------------------------

  @Test
  void commissionRatesAreBoundByTheMarketCapAndEveryChangeIsAudited() {
    Creator c = activeCreator("MY");
    SetCommissionRateRequest.Builder set =
        SetCommissionRateRequest.newBuilder()
            .setCreatorId(c.getCreatorId())
            .setCategory("beauty")
            .setReason("launch deal");

    ErrorDetails overCap =
        failure(
            () -> ops().setCommissionRate(set.setRateBps(2500).setRequestId(requestId()).build()));
    SetCommissionRateResponse ok =
        ops().setCommissionRate(set.setRateBps(1800).setRequestId(requestId()).build());
    ErrorDetails overDefault =
        failure(
            () ->
                ops()
                    .setCommissionRate(
                        set.setCategory("electronics")
                            .setRateBps(1600)
                            .setRequestId(requestId())
                            .build()));

    assertThat(overCap.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(overCap.reason()).isEqualTo(ErrorReason.ERROR_REASON_COMMISSION_CAP_EXCEEDED);
    assertThat(overCap.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("cap_bps", "2000")
        .containsEntry("policy_key", "commission.caps")
        .containsEntry("policy_version", "4");
    assertThat(overDefault.errorInfo().orElseThrow().getMetadataMap())
        .containsEntry("cap_bps", "1500");
    assertThat(ok.getTerms().getRatesList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getRateBps()).isEqualTo(1800);
              assertThat(r.getCapBps()).isEqualTo(2000);
              assertThat(r.getCapPolicy().getPolicyVersion()).isEqualTo(4);
            });
    ListCommissionChangesResponse audit =
        ops()
            .listCommissionChanges(
                ListCommissionChangesRequest.newBuilder().setCreatorId(c.getCreatorId()).build());
    assertThat(audit.getChangesList())
        .singleElement()
        .satisfies(
            ch -> {
              assertThat(ch.getNewRateBps()).isEqualTo(1800);
              assertThat(ch.hasOldRateBps()).isFalse();
              assertThat(ch.getChanged().getActor().getSubject()).isEqualTo("ops-ana");
            });
  }

  @Test
  void commissionCannotChangeWhileFrozen() {
    Creator c = activeCreator("TH");
    enforcement()
        .applyRestriction(
            ApplyRestrictionRequest.newBuilder()
                .setCreatorId(c.getCreatorId())
                .setType(RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN)
                .setEnforcementActionId("act-freeze")
                .setReason("fake discount")
                .setRequestId(requestId())
                .build());

    ErrorDetails e =
        failure(
            () ->
                ops()
                    .setCommissionRate(
                        SetCommissionRateRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setCategory("beauty")
                            .setRateBps(1000)
                            .setReason("x")
                            .setRequestId(requestId())
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_COMMISSION_FROZEN);
    assertThat(
            ops()
                .getCommissionTerms(
                    GetCommissionTermsRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
                .getTerms())
        .satisfies(
            t -> {
              assertThat(t.getFrozen()).isTrue();
              assertThat(t.getRatesCount()).isZero();
            });
  }

  @Test
  void aSnapshotMeetingEveryThresholdMovesTheCreatorUpATier() {
    Creator c = activeCreator("SG");
    PerformanceSnapshot.Builder snapshot =
        PerformanceSnapshot.newBuilder()
            .setPeriod(
                io.creatorgov.common.v1.TimeWindow.newBuilder()
                    .setStartTime(ProtoTime.of(Instant.now().minusSeconds(30L * 86_400)))
                    .setEndTime(ProtoTime.of(Instant.now())))
            .setGmv(
                io.creatorgov.common.v1.Money.newBuilder()
                    .setAmountMinor(30_000_000)
                    .setCurrencyCode("SGD"))
            .setLiveDuration(com.google.protobuf.Duration.newBuilder().setSeconds(40_000))
            .setOrders(80)
            .setQualityScore(700);

    RecordPerformanceSnapshotResponse recorded =
        as("performance-pipeline", Role.SERVICE)
            .recordPerformanceSnapshot(
                RecordPerformanceSnapshotRequest.newBuilder()
                    .setRequestId(requestId())
                    .setCreatorId(c.getCreatorId())
                    .setSnapshot(snapshot)
                    .build());
    ErrorDetails wrongCurrency =
        failure(
            () ->
                as("performance-pipeline", Role.SERVICE)
                    .recordPerformanceSnapshot(
                        RecordPerformanceSnapshotRequest.newBuilder()
                            .setRequestId(requestId())
                            .setCreatorId(c.getCreatorId())
                            .setSnapshot(
                                snapshot.setGmv(
                                    io.creatorgov.common.v1.Money.newBuilder()
                                        .setAmountMinor(1)
                                        .setCurrencyCode("USD")))
                            .build()));

    assertThat(recorded.getAssessment().getTier()).isEqualTo(CreatorTier.CREATOR_TIER_SILVER);
    assertThat(recorded.getAssessment().getTierChanged()).isTrue();
    assertThat(recorded.getAssessment().getThresholdsPolicy().getPolicyVersion()).isEqualTo(5);
    assertThat(wrongCurrency.reason()).isEqualTo(ErrorReason.ERROR_REASON_CURRENCY_MISMATCH);
    GetTierResponse tier =
        ops().getTier(GetTierRequest.newBuilder().setCreatorId(c.getCreatorId()).build());
    assertThat(tier.getTier()).isEqualTo(CreatorTier.CREATOR_TIER_SILVER);
    assertThat(tier.getHistoryList()).hasSize(1);

    // a backfilled weaker snapshot of an earlier period is stored but does not downgrade
    RecordPerformanceSnapshotResponse backfill =
        as("performance-pipeline", Role.SERVICE)
            .recordPerformanceSnapshot(
                RecordPerformanceSnapshotRequest.newBuilder()
                    .setRequestId(requestId())
                    .setCreatorId(c.getCreatorId())
                    .setSnapshot(
                        snapshot
                            .setGmv(
                                io.creatorgov.common.v1.Money.newBuilder()
                                    .setAmountMinor(1)
                                    .setCurrencyCode("SGD"))
                            .setPeriod(
                                io.creatorgov.common.v1.TimeWindow.newBuilder()
                                    .setStartTime(
                                        ProtoTime.of(Instant.now().minusSeconds(90L * 86_400)))
                                    .setEndTime(
                                        ProtoTime.of(Instant.now().minusSeconds(60L * 86_400)))))
                    .build());
    assertThat(backfill.hasAssessment()).isFalse();
    assertThat(
            ops()
                .getTier(GetTierRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
                .getTier())
        .isEqualTo(CreatorTier.CREATOR_TIER_SILVER);
  }

  @Test
  void commissionWritesKeepWorkingFromTheNearCacheWithinMaxStaleThenFailUnavailable() {
    Creator c = activeCreator("TH");
    SetCommissionRateRequest.Builder set =
        SetCommissionRateRequest.newBuilder()
            .setCreatorId(c.getCreatorId())
            .setCategory("beauty")
            .setReason("promo");
    ops().setCommissionRate(set.setRateBps(1000).setRequestId(requestId()).build());
    policy.down = true;
    try {
      // what a silent invalidation channel does (policy-service is down, so is its heartbeat)
      cachedPolicies.nearCache().markAllStale();

      ops().setCommissionRate(set.setRateBps(1100).setRequestId(requestId()).build());

      List<CommissionChange> changes =
          ops()
              .listCommissionChanges(
                  ListCommissionChangesRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
              .getChangesList();
      assertThat(changes)
          .filteredOn(ch -> ch.getNewRateBps() == 1100)
          .singleElement()
          .satisfies(ch -> assertThat(ch.getCapFromCache()).isTrue());
      assertThat(changes)
          .filteredOn(ch -> ch.getNewRateBps() == 1000)
          .singleElement()
          .satisfies(ch -> assertThat(ch.getCapFromCache()).isFalse());
      // past max-stale (4 s in the test profile) the cap is no longer trusted
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(15))
          .pollInterval(java.time.Duration.ofMillis(500))
          .until(() -> setRateAnswers(set.setRateBps(1200)) == Status.Code.UNAVAILABLE);
    } finally {
      policy.down = false;
    }
    // policy-service is back: once its circuit closes, commission writes go through again
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(500))
        .until(() -> setRateAnswers(set.setRateBps(1300)) == Status.Code.OK);
  }

  /** The status code SetCommissionRate answers with (OK on success). */
  private Status.Code setRateAnswers(SetCommissionRateRequest.Builder request) {
    try {
      ops().setCommissionRate(request.setRequestId(requestId()).build());
      return Status.Code.OK;
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void noTransactionIsOpenWhileACommandWaitsForPolicyService() throws Exception {
    try (java.sql.Connection db = testDatabase()) {
      policy.openTransactions = () -> transactionsInProgress(db);
      cachedPolicies.nearCache().invalidateAll(); // every command below must ask policy-service
      int before = policy.calls.get();

      Creator c = activeCreator("SG"); // onboarding submissions and activation
      cachedPolicies.nearCache().invalidateAll();
      ops()
          .setCommissionRate(
              SetCommissionRateRequest.newBuilder()
                  .setCreatorId(c.getCreatorId())
                  .setCategory("beauty")
                  .setRateBps(500)
                  .setReason("launch")
                  .setRequestId(requestId())
                  .build());
      cachedPolicies.nearCache().invalidateAll();
      ops()
          .recordPerformanceSnapshot(
              RecordPerformanceSnapshotRequest.newBuilder()
                  .setCreatorId(c.getCreatorId())
                  .setSnapshot(
                      PerformanceSnapshot.newBuilder()
                          .setPeriod(
                              io.creatorgov.common.v1.TimeWindow.newBuilder()
                                  .setStartTime(ProtoTime.of(Instant.now().minusSeconds(86_400)))
                                  .setEndTime(ProtoTime.of(Instant.now())))
                          .setGmv(
                              io.creatorgov.common.v1.Money.newBuilder()
                                  .setAmountMinor(100)
                                  .setCurrencyCode("SGD"))
                          .setLiveDuration(
                              com.google.protobuf.Duration.newBuilder().setSeconds(60)))
                  .setRequestId(requestId())
                  .build());

      assertThat(policy.calls.get() - before).as("policy-service was asked").isGreaterThan(3);
      assertThat(policy.callsWithATransactionOpen).hasValue(0);
    } finally {
      policy.openTransactions = null;
    }
  }

  /** Transactions of the service's database that are open but waiting (idle in transaction). */
  private static int transactionsInProgress(java.sql.Connection db) {
    try (var st =
            db.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'");
        var rs = st.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aReplayOfACommissionChangeIsAnsweredAsStoredWhilePolicyServiceIsDown() {
    Creator c = activeCreator("JP");
    SetCommissionRateRequest change =
        SetCommissionRateRequest.newBuilder()
            .setCreatorId(c.getCreatorId())
            .setCategory("beauty")
            .setRateBps(1000)
            .setReason("launch rate")
            .setRequestId(requestId())
            .build();
    SetCommissionRateResponse first = ops().setCommissionRate(change);
    cachedPolicies.nearCache().invalidateAll(); // a first delivery could not read the caps now
    policy.down = true;
    try {
      assertThat(ops().setCommissionRate(change)).isEqualTo(first);
    } finally {
      policy.down = false;
    }
  }

  @Test
  void commissionWritesFailWithUnavailableWhenPolicyServiceIsDownAndNothingIsCached() {
    Creator c = activeCreator("JP");
    cachedPolicies.nearCache().invalidateAll(); // nothing cached
    policy.down = true;
    try {
      ErrorDetails e =
          failure(
              () ->
                  ops()
                      .setCommissionRate(
                          SetCommissionRateRequest.newBuilder()
                              .setCreatorId(c.getCreatorId())
                              .setCategory("beauty")
                              .setRateBps(1000)
                              .setReason("x")
                              .setRequestId(requestId())
                              .build()));
      assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(
              ops()
                  .getCommissionTerms(
                      GetCommissionTermsRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
                  .getTerms()
                  .getRatesCount())
          .isZero();
    } finally {
      policy.down = false;
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                ops()
                    .setCommissionRate(
                        SetCommissionRateRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setCategory("beauty")
                            .setRateBps(1000)
                            .setReason("x")
                            .setRequestId(requestId())
                            .build())
                    .hasTerms());
  }

  // ---- expiry and change feed -------------------------------------------------------------------

  @Test
  void aSuspensionEndsByItselfWhenItsTimePasses() {
    Creator c = activeCreator("ID");
    enforcement()
        .transitionCreatorStatus(
            TransitionCreatorStatusRequest.newBuilder()
                .setCreatorId(c.getCreatorId())
                .setTransition(StatusTransition.STATUS_TRANSITION_SUSPEND)
                .setReason("short suspension")
                .setEnforcementActionId("act-short")
                .setSuspensionEndTime(ProtoTime.of(Instant.now().plusSeconds(2)))
                .setRequestId(requestId())
                .build());

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        ops()
                            .getCreator(
                                GetCreatorRequest.newBuilder()
                                    .setCreatorId(c.getCreatorId())
                                    .build())
                            .getCreator()
                            .getStatus())
                    .isEqualTo(CreatorStatus.CREATOR_STATUS_ACTIVE));
    List<StatusHistoryEntry> history =
        ops()
            .listStatusHistory(
                ListStatusHistoryRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
            .getEntriesList();
    StatusHistoryEntry last = history.get(history.size() - 1);
    assertThat(last.getKind()).isEqualTo(StatusChangeKind.STATUS_CHANGE_KIND_SUSPENSION_EXPIRED);
    assertThat(last.getChanged().getActor().getKind())
        .isEqualTo(io.creatorgov.common.v1.ActorKind.ACTOR_KIND_SYSTEM);
  }

  @Test
  void aRestrictionExpiresAtItsEndTimeAndTheCreatorIsActiveAgain() {
    Creator c = activeCreator("PH");
    enforcement()
        .applyRestriction(
            ApplyRestrictionRequest.newBuilder()
                .setCreatorId(c.getCreatorId())
                .setType(RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED)
                .setEnforcementActionId("act-traffic")
                .setEndTime(ProtoTime.of(Instant.now().plusSeconds(2)))
                .setReason("spam")
                .setRequestId(requestId())
                .build());

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        ops()
                            .listRestrictions(
                                ListRestrictionsRequest.newBuilder()
                                    .setCreatorId(c.getCreatorId())
                                    .build())
                            .getRestrictions(0)
                            .getState())
                    .isEqualTo(RestrictionState.RESTRICTION_STATE_EXPIRED));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        ops()
                            .getCreator(
                                GetCreatorRequest.newBuilder()
                                    .setCreatorId(c.getCreatorId())
                                    .build())
                            .getCreator()
                            .getStatus())
                    .isEqualTo(CreatorStatus.CREATOR_STATUS_ACTIVE));
  }

  @Test
  void eachCreatorsStatusHistoryIsNumberedFromOne() {
    activeCreator("SG"); // someone else's history first: numbering is per creator, not global
    Creator c = activeCreator("SG");

    List<StatusHistoryEntry> history =
        ops()
            .listStatusHistory(
                ListStatusHistoryRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
            .getEntriesList();

    assertThat(history).hasSizeGreaterThanOrEqualTo(2);
    for (int i = 0; i < history.size(); i++) {
      assertThat(history.get(i).getSequence()).as("entry " + i).isEqualTo(i + 1L);
    }
  }

  @Test
  void metOnboardingItemsShowTheirEvidenceLatestSubmissionAndWhenTheyWereMet() {
    Creator c = activeCreator("SG");

    OnboardingChecklist checklist =
        ops()
            .getOnboardingChecklist(
                GetOnboardingChecklistRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
            .getChecklist();

    List<OnboardingItem> met =
        checklist.getItemsList().stream()
            .filter(i -> i.getStatus() == OnboardingItemStatus.ONBOARDING_ITEM_STATUS_MET)
            .toList();
    assertThat(met).isNotEmpty();
    for (OnboardingItem item : met) {
      assertThat(item.hasSatisfyTime()).as(item.getKind() + " satisfy_time").isTrue();
      assertThat(item.getLastSubmission().getActor().getSubject())
          .as(item.getKind() + " last_submission")
          .isNotEmpty();
      assertThat(item.getEvidenceCase())
          .as(item.getKind() + " evidence")
          .isNotEqualTo(OnboardingItem.EvidenceCase.EVIDENCE_NOT_SET);
    }
  }

  @Test
  void theChangeFeedResumesAfterTheLastTokenWithNoGapAndNoDuplicate() {
    Creator c = activeCreator("SG");
    List<CreatorEvent> first = events(c.getCreatorId(), "");
    assertThat(first)
        .extracting(CreatorEvent::getEventType)
        .contains(
            CreatorEventType.CREATOR_EVENT_TYPE_CREATOR_REGISTERED,
            CreatorEventType.CREATOR_EVENT_TYPE_CREATOR_ACTIVATED);
    String token = first.get(first.size() - 1).getEnvelope().getResumeToken();
    enforcement()
        .applyRestriction(
            ApplyRestrictionRequest.newBuilder()
                .setCreatorId(c.getCreatorId())
                .setType(RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE)
                .setEnforcementActionId("act-ads")
                .setReason("undisclosed ads")
                .setRequestId(requestId())
                .build());

    List<CreatorEvent> resumed = events(c.getCreatorId(), token);

    assertThat(resumed)
        .extracting(CreatorEvent::getEventType)
        .containsExactly(
            CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED,
            CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_APPLIED);
    assertThat(resumed.get(0).getEnvelope().getSequence())
        .isGreaterThan(first.get(first.size() - 1).getEnvelope().getSequence());
  }

  @Test
  void anUnreadableFeedRowIsSkippedInsteadOfBreakingEveryLaterResume() throws Exception {
    Creator c = activeCreator("SG");
    List<CreatorEvent> first = events(c.getCreatorId(), "");
    String token = first.get(first.size() - 1).getEnvelope().getResumeToken();
    try (java.sql.Connection db = testDatabase();
        var insert =
            db.prepareStatement(
                "INSERT INTO creator_event (event_id, creator_id, market, event_type, payload,"
                    + " occurred_at) VALUES (?, ?, 'SG', 'PROFILE_UPDATED', ?,"
                    + " now())")) {
      insert.setString(1, "ev_corrupt_" + requestId());
      insert.setString(2, c.getCreatorId());
      insert.setBytes(3, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}); // not a CreatorEvent
      insert.executeUpdate();
    }
    enforcement()
        .applyRestriction(
            ApplyRestrictionRequest.newBuilder()
                .setCreatorId(c.getCreatorId())
                .setType(RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE)
                .setEnforcementActionId("act-after-corrupt")
                .setReason("undisclosed ads")
                .setRequestId(requestId())
                .build());

    List<CreatorEvent> resumed = events(c.getCreatorId(), token);

    assertThat(resumed)
        .extracting(CreatorEvent::getEventType)
        .containsExactly(
            CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED,
            CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_APPLIED);
  }

  private static java.sql.Connection testDatabase() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection(
        "jdbc:postgresql://"
            + System.getenv().getOrDefault("CREATORGOV_PG_HOST", "127.0.0.1")
            + ":"
            + System.getenv().getOrDefault("CREATORGOV_PG_PORT", "5432")
            + "/creatorgov_creator_test",
        System.getenv().getOrDefault("CREATORGOV_PG_USER", "postgres"),
        System.getenv().getOrDefault("CREATORGOV_PG_PASSWORD", ""));
  }

  @Test
  void aQuietFilteredConsumerGetsCheckpointsThatResumeWithNoGap() {
    Creator quiet = activeCreator("SG");
    var it =
        as("incentive-service", Role.SERVICE)
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .streamCreatorEvents(
                StreamCreatorEventsRequest.newBuilder()
                    .addCreatorIds(quiet.getCreatorId())
                    .setStartFromNow(true)
                    .build());
    StreamCreatorEventsResponse caughtUp = it.next();
    assertThat(caughtUp.hasCheckpoint()).as("first item after catching up").isTrue();

    Creator busy = activeCreator("MY"); // events of another creator: filtered out
    StreamCreatorEventsResponse later = it.next();
    while (later.hasCheckpoint()
        && later.getCheckpoint().getSequence() <= caughtUp.getCheckpoint().getSequence()) {
      later = it.next(); // a checkpoint may fall between catching up and the other creator's events
    }

    assertThat(later.hasCheckpoint()).as("silence on the filter brings only checkpoints").isTrue();
    assertThat(busy.getCreatorId()).isNotEqualTo(quiet.getCreatorId());
    enforcement()
        .applyRestriction(
            ApplyRestrictionRequest.newBuilder()
                .setCreatorId(quiet.getCreatorId())
                .setType(RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE)
                .setEnforcementActionId("act-quiet")
                .setReason("undisclosed ads")
                .setRequestId(requestId())
                .build());
    List<CreatorEvent> resumed =
        events(quiet.getCreatorId(), later.getCheckpoint().getResumeToken());
    assertThat(resumed)
        .extracting(CreatorEvent::getEventType)
        .containsExactly(
            CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED,
            CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_APPLIED);
    assertThat(resumed.get(0).getEnvelope().getSequence())
        .isGreaterThan(later.getCheckpoint().getSequence());
    assertThat(resumed.get(0).getEnvelope().getSubject())
        .isEqualTo("creators/" + quiet.getCreatorId());
  }

  private List<CreatorEvent> events(String creatorId, String resumeToken) {
    List<CreatorEvent> out = new ArrayList<>();
    var it =
        as("incentive-service", Role.SERVICE)
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .streamCreatorEvents(
                StreamCreatorEventsRequest.newBuilder()
                    .addCreatorIds(creatorId)
                    .setResumeToken(resumeToken)
                    .build());
    try {
      while (it.hasNext()) {
        StreamCreatorEventsResponse r = it.next();
        if (r.hasEvent()) {
          out.add(r.getEvent());
        }
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
    }
    return out;
  }

  // ---- identity
  // ----------------------------------------------------------------------------------

  @Test
  void callsWithoutATokenOrWithTheWrongRoleAreRefused() {
    Creator c = register("ID");

    ErrorDetails anonymous =
        failure(
            () ->
                grpc.getCreator(
                    GetCreatorRequest.newBuilder().setCreatorId(c.getCreatorId()).build()));
    ErrorDetails creatorRestricting =
        failure(
            () ->
                self(c.getCreatorId())
                    .applyRestriction(
                        ApplyRestrictionRequest.newBuilder()
                            .setCreatorId(c.getCreatorId())
                            .setType(RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE)
                            .setEnforcementActionId("x")
                            .setReason("x")
                            .setRequestId(requestId())
                            .build()));
    ErrorDetails otherCreator =
        failure(
            () ->
                self("cr_someone_else")
                    .getCreator(
                        GetCreatorRequest.newBuilder().setCreatorId(c.getCreatorId()).build()));

    assertThat(anonymous.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(creatorRestricting.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(otherCreator.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            self(c.getCreatorId())
                .getCreator(GetCreatorRequest.newBuilder().setCreatorId(c.getCreatorId()).build())
                .getCreator()
                .getCreatorId())
        .isEqualTo(c.getCreatorId());
  }

  private static String UUID() {
    return java.util.UUID.randomUUID().toString();
  }

  /**
   * Runs the tasks on their own threads, released together by a start barrier so the calls really
   * overlap (a run that happens to be sequential cannot pass for the wrong reason).
   */
  private static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(tasks.size());
    List<Callable<T>> released = new ArrayList<>();
    for (Callable<T> task : tasks) {
      released.add(
          () -> {
            start.await(30, TimeUnit.SECONDS);
            return task.call();
          });
    }
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(released, 60, TimeUnit.SECONDS)) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
