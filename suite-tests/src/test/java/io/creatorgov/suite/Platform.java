package io.creatorgov.suite;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.creatorgov.common.v1.ContentType;
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
import io.creatorgov.enforcement.v1.DetectionSource;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.EnforcementActionState;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.EvidenceKind;
import io.creatorgov.enforcement.v1.EvidenceReference;
import io.creatorgov.enforcement.v1.GetEnforcementActionRequest;
import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
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
}
