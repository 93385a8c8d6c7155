package io.creatorgov.suite;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.creatorgov.common.v1.ContentType;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.Money;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.creator.v1.ActivateCreatorRequest;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.CapabilityDecision;
import io.creatorgov.creator.v1.CheckCapabilityRequest;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.IdentityVerification;
import io.creatorgov.creator.v1.IdentityVerificationOutcome;
import io.creatorgov.creator.v1.PolicyAcknowledgement;
import io.creatorgov.creator.v1.RegisterCreatorRequest;
import io.creatorgov.creator.v1.SetCommissionRateRequest;
import io.creatorgov.creator.v1.SetCommissionRateResponse;
import io.creatorgov.creator.v1.SubmitOnboardingItemRequest;
import io.creatorgov.creator.v1.TaxProfile;
import io.creatorgov.enforcement.v1.AppealOutcome;
import io.creatorgov.enforcement.v1.DecideAppealRequest;
import io.creatorgov.enforcement.v1.DetectionSource;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.EvidenceKind;
import io.creatorgov.enforcement.v1.EvidenceReference;
import io.creatorgov.enforcement.v1.FileAppealRequest;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.creatorgov.enforcement.v1.StartAppealReviewRequest;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.CommissionBonusReward;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.EligibilityCriteria;
import io.creatorgov.incentive.v1.EnrollRequest;
import io.creatorgov.incentive.v1.Enrollment;
import io.creatorgov.incentive.v1.GmvMilestone;
import io.creatorgov.incentive.v1.GmvMilestoneCashReward;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.incentive.v1.SuspensionSettlementRule;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.ApprovePolicyVersionRequest;
import io.creatorgov.policy.v1.CreatePolicyRequest;
import io.creatorgov.policy.v1.CreatePolicyVersionRequest;
import io.creatorgov.policy.v1.Policy;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.PublishPolicyVersionRequest;
import io.creatorgov.policy.v1.ResolvePolicyRequest;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.creatorgov.suite.SuiteProcesses.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The suite driven as the platform's services drive it: only through gRPC, each caller with its own
 * token and role, every command with a fresh request id.
 */
final class Platform {
  private static final Path SEED = Path.of("..", "deploy", "seed", "policies");
  private static final String CATALOGUE = "live.prohibited-items";

  private final SuiteProcesses suite;

  Platform(SuiteProcesses suite) {
    this.suite = suite;
  }

  // ---- stubs -------------------------------------------------------------------------------

  PolicyServiceGrpc.PolicyServiceBlockingStub policy(String subject, Role role) {
    return PolicyServiceGrpc.newBlockingStub(suite.channel(Service.POLICY))
        .withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, role)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  CreatorServiceGrpc.CreatorServiceBlockingStub creators(String subject, Role role) {
    return CreatorServiceGrpc.newBlockingStub(suite.channel(Service.CREATOR))
        .withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, role)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  EnforcementServiceGrpc.EnforcementServiceBlockingStub enforcement(String subject, Role role) {
    return EnforcementServiceGrpc.newBlockingStub(suite.channel(Service.ENFORCEMENT))
        .withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, role)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  IncentiveServiceGrpc.IncentiveServiceBlockingStub incentives(String subject, Role role) {
    return IncentiveServiceGrpc.newBlockingStub(suite.channel(Service.INCENTIVE))
        .withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, role)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  static String requestId() {
    return UUID.randomUUID().toString();
  }

  // ---- policies ------------------------------------------------------------------------------

  /** Creates, approves and publishes every seed policy (the catalogue first). */
  void publishSeedPolicies() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(SEED)) {
      files =
          new ArrayList<>(listing.filter(p -> p.toString().endsWith(".json")).sorted().toList());
    }
    files.sort((a, b) -> Boolean.compare(!isCatalogue(a), !isCatalogue(b)));
    for (Path file : files) {
      JsonNode seed = new ObjectMapper().readTree(Files.readString(file));
      Policy policy = parse(seed.get("policy"), Policy.newBuilder()).build();
      PolicyVersion version = parse(seed.get("version"), PolicyVersion.newBuilder()).build();
      policy("seed-author", Role.POLICY_AUTHOR)
          .createPolicy(
              CreatePolicyRequest.newBuilder().setRequestId(requestId()).setPolicy(policy).build());
      publishVersion(policy.getKey(), version);
    }
  }

  /** A new version of {@code key} with {@code version}'s content, approved and published now. */
  int publishVersion(String key, PolicyVersion version) {
    int number =
        policy("seed-author", Role.POLICY_AUTHOR)
            .createPolicyVersion(
                CreatePolicyVersionRequest.newBuilder()
                    .setPolicyKey(key)
                    .setPolicyVersion(version)
                    .setRequestId(requestId())
                    .build())
            .getPolicyVersion()
            .getVersion();
    policy("seed-approver", Role.POLICY_APPROVER)
        .approvePolicyVersion(
            ApprovePolicyVersionRequest.newBuilder()
                .setPolicyKey(key)
                .setVersion(number)
                .setRequestId(requestId())
                .build());
    policy("seed-admin", Role.GOVERNANCE_ADMIN)
        .publishPolicyVersion(
            PublishPolicyVersionRequest.newBuilder()
                .setPolicyKey(key)
                .setVersion(number)
                .setRequestId(requestId())
                .build());
    return number;
  }

  ResolvedPolicy resolve(String key, String market) {
    return policy("reader", Role.AUDITOR)
        .resolvePolicy(
            ResolvePolicyRequest.newBuilder().setPolicyKey(key).setMarket(market).build())
        .getResolvedPolicy();
  }

  ResolvedPolicy resolve(String key, String market, int version) {
    return policy("reader", Role.AUDITOR)
        .resolvePolicy(
            ResolvePolicyRequest.newBuilder()
                .setPolicyKey(key)
                .setMarket(market)
                .setVersion(version)
                .build())
        .getResolvedPolicy();
  }

  private static boolean isCatalogue(Path file) {
    return file.getFileName().toString().equals(CATALOGUE + ".json");
  }

  private static <B extends Message.Builder> B parse(JsonNode json, B builder) throws IOException {
    JsonFormat.parser().merge(json.toString(), builder);
    return builder;
  }

  // ---- creators ------------------------------------------------------------------------------

  /** Registers a creator in {@code market} and takes it through onboarding to ACTIVE. */
  Creator onboard(String market, String handle, List<String> categories) {
    Creator creator =
        creators("ops", Role.CREATOR_OPS)
            .registerCreator(
                RegisterCreatorRequest.newBuilder()
                    .setRequestId(requestId())
                    .setMarket(market)
                    .setHandle(handle)
                    .setDisplayName("Suite " + handle)
                    .addAllCategories(categories)
                    .build())
            .getCreator();
    String id = creator.getCreatorId();
    creators("ekyc-service", Role.SERVICE)
        .submitOnboardingItem(
            SubmitOnboardingItemRequest.newBuilder()
                .setCreatorId(id)
                .setRequestId(requestId())
                .setIdentityVerification(
                    IdentityVerification.newBuilder()
                        .setProvider("suite-ekyc")
                        .setVerificationReference("kyc-" + id)
                        .setOutcome(
                            IdentityVerificationOutcome.IDENTITY_VERIFICATION_OUTCOME_PASSED)
                        .setVerifyTime(ProtoTime.of(Instant.now())))
                .build());
    if (market.equals("VN")) { // the VN onboarding policy asks for a tax profile
      creators(id, Role.CREATOR)
          .submitOnboardingItem(
              SubmitOnboardingItemRequest.newBuilder()
                  .setCreatorId(id)
                  .setRequestId(requestId())
                  .setTaxProfile(
                      TaxProfile.newBuilder()
                          .setScheme("VN_MST")
                          .setTaxId("0101234565-001")
                          .setLegalName("Suite Seller VN"))
                  .build());
    }
    creators(id, Role.CREATOR)
        .submitOnboardingItem(
            SubmitOnboardingItemRequest.newBuilder()
                .setCreatorId(id)
                .setRequestId(requestId())
                .setPolicyAcknowledgement(
                    PolicyAcknowledgement.newBuilder()
                        .setPolicyKey(CATALOGUE)
                        .setPolicyVersion(resolve(CATALOGUE, market).getVersion()))
                .build());
    return creators("ops", Role.CREATOR_OPS)
        .activateCreator(
            ActivateCreatorRequest.newBuilder()
                .setCreatorId(id)
                .setRequestId(requestId())
                .setReason("suite onboarding")
                .build())
        .getCreator();
  }

  SetCommissionRateResponse setCommission(String creatorId, String category, int rateBps) {
    return creators("ops", Role.CREATOR_OPS)
        .setCommissionRate(
            SetCommissionRateRequest.newBuilder()
                .setCreatorId(creatorId)
                .setCategory(category)
                .setRateBps(rateBps)
                .setReason("suite")
                .setRequestId(requestId())
                .build());
  }

  CapabilityDecision check(String creatorId, Capability capability) {
    return creators("live-room", Role.SERVICE)
        .checkCapability(
            CheckCapabilityRequest.newBuilder()
                .setCreatorId(creatorId)
                .setCapability(capability)
                .build())
        .getDecision();
  }

  // ---- enforcement ---------------------------------------------------------------------------

  ReportViolationResponse report(String requestId, Creator creator, String code, Instant observed) {
    return report(reportOf(requestId, creator, code, observed));
  }

  /** Sends (or, with a request sent before, replays) a report, as a moderator. */
  ReportViolationResponse report(ReportViolationRequest request) {
    return enforcement("moderator-mia", Role.MODERATOR).reportViolation(request);
  }

  static ReportViolationRequest reportOf(
      String requestId, Creator creator, String code, Instant observed) {
    return ReportViolationRequest.newBuilder()
        .setRequestId(requestId)
        .setCreatorId(creator.getCreatorId())
        .setMarket(creator.getMarket())
        .setViolationCode(code)
        .setDetectionSource(DetectionSource.DETECTION_SOURCE_MODERATOR)
        .setHumanReviewed(true)
        .setContentType(ContentType.CONTENT_TYPE_LIVE_STREAM)
        .setObservedTime(ProtoTime.of(observed))
        .addEvidence(
            EvidenceReference.newBuilder()
                .setKind(EvidenceKind.EVIDENCE_KIND_LIVE_SESSION)
                .setId("clip-" + requestId))
        .build();
  }

  /** The creator's restrictions as creator-service lists them (first 100). */
  List<io.creatorgov.creator.v1.Restriction> restrictions(Creator creator) {
    return creators("reader", Role.AUDITOR)
        .listRestrictions(
            io.creatorgov.creator.v1.ListRestrictionsRequest.newBuilder()
                .setCreatorId(creator.getCreatorId())
                .setPageSize(100)
                .build())
        .getRestrictionsList();
  }

  EnforcementAction action(String actionId) {
    return enforcement("reader", Role.AUDITOR)
        .getEnforcementAction(
            GetEnforcementActionRequest.newBuilder().setActionId(actionId).build())
        .getAction();
  }

  /** The action once its outbox has delivered it to creator-service (no longer PENDING). */
  EnforcementAction awaitApplied(String actionId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> action(actionId),
            a -> a.getState() != EnforcementActionState.ENFORCEMENT_ACTION_STATE_PENDING);
  }

  /**
   * The creator appeals {@code actionId}; a human reviewer takes the appeal up and overturns it.
   * Returns the action as the decision left it (OVERTURNED).
   */
  EnforcementAction overturnOnAppeal(String creatorId, String actionId, String statement) {
    String appealId =
        enforcement(creatorId, Role.CREATOR)
            .fileAppeal(
                FileAppealRequest.newBuilder()
                    .setRequestId(requestId())
                    .setActionId(actionId)
                    .setStatement(statement)
                    .build())
            .getAppeal()
            .getAppealId();
    enforcement("reviewer-rina", Role.APPEALS_REVIEWER)
        .startAppealReview(
            StartAppealReviewRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(appealId)
                .build());
    return enforcement("reviewer-rina", Role.APPEALS_REVIEWER)
        .decideAppeal(
            DecideAppealRequest.newBuilder()
                .setRequestId(requestId())
                .setAppealId(appealId)
                .setOutcome(AppealOutcome.APPEAL_OUTCOME_OVERTURN)
                .setReasoning("The evidence does not support the finding.")
                .build())
        .getAction();
  }

  // ---- incentives ----------------------------------------------------------------------------

  /** The suite programme's commission bonus: 2 % of attributed GMV. */
  static final int PROGRAMME_BONUS_BPS = 200;

  /** The suite programme's one GMV milestone: 1,000.00 MYR of GMV pays 50.00 MYR once. */
  static final long PROGRAMME_MILESTONE_GMV = 100_000;

  static final long PROGRAMME_MILESTONE_CASH = 5_000;

  static Money myr(long minor) {
    return Money.newBuilder().setAmountMinor(minor).setCurrencyCode("MYR").build();
  }

  /**
   * A MY programme in DRAFT, created by a programme manager: started an hour ago for 30 days, 2 %
   * commission bonus and a 50.00 MYR milestone at 1,000.00 MYR GMV, for ACTIVE beauty creators with
   * at most 6 violation points; budget 10,000.00 MYR, 500.00 MYR per creator; pro-rated on
   * suspension.
   */
  Program createProgramme(String displayName) {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    Program programme =
        Program.newBuilder()
            .setDisplayName(displayName)
            .setDescription("Bonus commission and a GMV milestone")
            .setMarket("MY")
            .setWindow(
                TimeWindow.newBuilder()
                    .setStartTime(ProtoTime.of(start))
                    .setEndTime(ProtoTime.of(start.plus(Duration.ofDays(30)))))
            .addRewards(
                RewardRule.newBuilder()
                    .setCommissionBonus(
                        CommissionBonusReward.newBuilder().setBonusBps(PROGRAMME_BONUS_BPS)))
            .addRewards(
                RewardRule.newBuilder()
                    .setGmvMilestoneCash(
                        GmvMilestoneCashReward.newBuilder()
                            .addMilestones(
                                GmvMilestone.newBuilder()
                                    .setGmvThreshold(myr(PROGRAMME_MILESTONE_GMV))
                                    .setCashReward(myr(PROGRAMME_MILESTONE_CASH)))))
            .setEligibility(
                EligibilityCriteria.newBuilder()
                    .setMaximumActiveViolationPoints(6)
                    .addAllowedStatuses(CreatorStatus.CREATOR_STATUS_ACTIVE)
                    .addCategories("beauty"))
            .setBudget(
                ProgramBudget.newBuilder().setTotal(myr(1_000_000)).setPerCreatorCap(myr(50_000)))
            .setSuspensionSettlementRule(
                SuspensionSettlementRule.SUSPENSION_SETTLEMENT_RULE_PRO_RATE)
            .build();
    return incentives("manager-mo", Role.INCENTIVE_MANAGER)
        .createProgram(
            CreateProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgram(programme)
                .build())
        .getProgram();
  }

  /** Opens (or resumes) the programme, as its manager. */
  Program activateProgramme(String programId) {
    return incentives("manager-mo", Role.INCENTIVE_MANAGER)
        .activateProgram(
            ActivateProgramRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(programId)
                .build())
        .getProgram();
  }

  /** The creator enrols itself. */
  Enrollment enroll(String programId, String creatorId) {
    return incentives(creatorId, Role.CREATOR)
        .enroll(
            EnrollRequest.newBuilder()
                .setRequestId(requestId())
                .setProgramId(programId)
                .setCreatorId(creatorId)
                .build())
        .getEnrollment();
  }
}
